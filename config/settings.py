"""Alongside settings: one env-driven file that runs out of the box.

Defaults give a working single-machine install (SQLite in var/, database task queue).
Production sets ALONGSIDE_ENV=production, DATABASE_URL, REDIS_URL, SECRET_KEY (or
SECRET_KEY_FILE), ALLOWED_HOSTS and an https:// ALONGSIDE_BASE_URL; start-up refuses unsafe values
there (see "Security" below).
Every variable is documented in README.md ("Configuration").
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from alongside.lib import encryption
from alongside.lib.env import Env

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.string("ALONGSIDE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.boolean("DEBUG", False)
# "production" switches on HTTPS-only settings and refuses to start with unsafe ones ("Security"
# below); "development" (the default) keeps `make run` working with no configuration at all.
ALONGSIDE_ENV = env.string("ALONGSIDE_ENV", "development").strip().lower()
if ALONGSIDE_ENV not in ("development", "production"):
    raise ImproperlyConfigured(
        f"ALONGSIDE_ENV must be 'development' or 'production', not {ALONGSIDE_ENV!r}"
    )
PRODUCTION = ALONGSIDE_ENV == "production"


def _secret_key() -> str:
    """Return SECRET_KEY from the environment, or a per-install key kept in var/.

    A generated key keeps `make run` working on a bare machine without ever shipping a
    well-known key in the repository.
    """
    configured = env.string("SECRET_KEY")
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        # Django's own deploy check (security.W009) asks for 50 characters and no
        # "django-insecure-" prefix; production refuses what that check would flag.
        if PRODUCTION and (len(configured) < 50 or configured.startswith("django-insecure-")):
            raise ImproperlyConfigured(
                "SECRET_KEY must be at least 50 random characters in production "
                "(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
            )
        return configured
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) must be set in production: the key generated into "
            "var/ is for development, and each web process would otherwise make its own"
        )
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.strings(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.strings("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "alongside.accounts",
    "alongside.organizations",
    "alongside.audit",
    "alongside.clients",
    "alongside.support",
    "alongside.checkins",
    "alongside.recovery",
    "alongside.assessments",
    "alongside.safety",
    "alongside.messaging",
    "alongside.safetyplans",
    "alongside.pathways",
    "alongside.plans",
    "alongside.groups",
    "alongside.worksheets",
    "alongside.consent",
    "alongside.workspace",
    "alongside.notifications",
    "alongside.today",
    "alongside.overview",
    "alongside.api",
    "alongside.demo",
    "alongside.portal",
    "alongside.myrecord",
    "alongside.privacy",
    "alongside.signins",
    "alongside.aftercare",
    "alongside.outcomes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alongside.security.csp.ContentSecurityPolicyMiddleware",
    # Near the top so that it also marks the responses that middleware further down returns
    # by itself (the second-factor and session-timeout redirects); it reads request.user,
    # which AuthenticationMiddleware has set by then.
    "alongside.accounts.middleware.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "alongside.accounts.middleware.SecondFactorMiddleware",
    "alongside.audit.middleware.AuditContextMiddleware",
    "alongside.organizations.middleware.StaffTimezoneMiddleware",
    "alongside.portal.middleware.PortalLanguageMiddleware",
    "alongside.signins.middleware.SessionTimeoutMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alongside.organizations.context_processors.staff_context",
                "alongside.safety.context_processors.safety_banner",
                "alongside.security.csp.nonce",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env.url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
DATABASES: dict[str, dict[str, Any]]
if DATABASE_URL:
    DATABASES = {"default": dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "alongside.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while one writer commits; IMMEDIATE takes the write lock at
    # the start of every atomic block, so a transaction that reads then writes (the audit
    # chain does) never fails half-way with "database is locked" when it upgrades.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work ----------------------------------------------------------------------
REDIS_URL = env.url("REDIS_URL", ("redis", "rediss", "unix"))
if REDIS_URL:
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# NIST SP 800-63B-4: length and a blocklist, never composition rules or forced rotation.
AUTH_PASSWORD_VALIDATORS = [
    {
        # 15 characters; 12 for an account with a second factor.
        "NAME": "alongside.accounts.passwords.MinimumLengthValidator",
    },
    {"NAME": "alongside.accounts.passwords.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "alongside.accounts.adapter.AccountAdapter"
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
# Sensitive account pages (e-mail, password, second factor) ask for the password again unless
# the person signed in or re-authenticated in the last 5 minutes (alongside/accounts/reauth.py).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
# Failed sign-ins are counted by django-axes in the database (shared by every web process),
# not by allauth's per-process cache counter, which would cut in at 5 and hide the real count.
ACCOUNT_RATE_LIMITS = {"login_failed": None}

# Second factor (docs/privacy.md "Accounts"): required for staff (SecondFactorMiddleware),
# optional for clients. TOTP codes with recovery codes; one step of clock drift either way.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Alongside"
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    "authenticate": "alongside.accounts.forms.AuthenticateForm",
    "reauthenticate": "alongside.accounts.forms.ReauthenticateForm",
    "activate_totp": "alongside.accounts.forms.ActivateTOTPForm",
}

# Lockout (django-axes, in the database): 10 failures in a row lock the account for 15
# minutes, whoever sends them; 30 failures from one address within 15 minutes pause sign-in
# from that address (password spraying). Both end by themselves. A wrong second-factor code
# counts as a failure too (alongside/accounts/lockout.py).
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = "alongside.accounts.lockout.lockout_parameters"
AXES_USERNAME_CALLABLE = "alongside.accounts.lockout.attempted_email"
AXES_HANDLER = "alongside.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "alongside.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Hammering a locked account does not push its release further away.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# No permanent log of every sign-in's address and browser; failures are deleted once stale.
AXES_DISABLE_ACCESS_LOG = True
ALONGSIDE_LOGIN_FAILURES_PER_ADDRESS = 30

SESSION_ENGINE = "alongside.signins.store"  # with owner, idle and absolute limits (signins)
# Flash messages can name a client ("Casey admitted."): keep them server-side, never in a
# cookie the browser stores (DESIGN.md §4.4).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60  # also the absolute limit of a sign-in (alongside/signins)
ALONGSIDE_IDLE_MINUTES_STAFF = env.integer("ALONGSIDE_IDLE_MINUTES_STAFF", 15)
ALONGSIDE_IDLE_MINUTES_CLIENT = env.integer("ALONGSIDE_IDLE_MINUTES_CLIENT", 30)

EMAIL_BACKEND = env.string("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Alongside <no-reply@localhost>")

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# The portal speaks each client's language (Client.language); the staff pages are English.
# No LocaleMiddleware: PortalLanguageMiddleware picks the language for the pages clients use.
# Translations: alongside/portal/locale (the portal) and locale/ (shared templates such as the
# sign-in page). The compiled .mo files are committed; see docs/architecture.md.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
# Serve straight from the source folders as well, so a checkout works before collectstatic.
WHITENOISE_USE_FINDERS = True

# --- Logging: never client data (see docs/privacy.md) -------------------------------------
# Applies LOGGING, then withholds database error messages (PostgreSQL quotes the refused row)
# from every log record: alongside/security/logs.py.
LOGGING_CONFIG = "alongside.security.logs.configure_logging"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger prints the request path and, with DEBUG, locals; paths hold
        # only UUIDs here, and error e-mails are not configured.
        "django.request": {"level": "ERROR"},
        # django-axes notes every sign-in at INFO; failures and lockouts (WARNING) are enough.
        "axes": {"level": "WARNING"},
        # Two DEBUG streams repeat client data, so LOG_LEVEL=DEBUG must not turn them on: with
        # DEBUG on, every SQL statement with its parameters; and each failed variable lookup
        # in a template, with the whole template context (names, notes, forms) as its repr.
        "django.db.backends": {"level": "INFO"},
        "django.template": {"level": "INFO"},
    },
}

ALONGSIDE_PAGE_SIZE = 25
# SMS adapter for notifications: a class with send(address, subject, text, html).
ALONGSIDE_SMS_BACKEND = env.string(
    "ALONGSIDE_SMS_BACKEND", "alongside.notifications.channels.ConsoleSmsSender"
)
# Where people reach this install; used for links in e-mails (which carry no client data).
ALONGSIDE_BASE_URL = env.string("ALONGSIDE_BASE_URL", "http://127.0.0.1:8000")
# Demo only: the second-factor page shows the current code of a demo center account (seeded
# authenticators, alongside/demo/second_factor.py). bin/run-demo turns it on.
ALONGSIDE_DEMO_MFA_HINTS = env.boolean("ALONGSIDE_DEMO_MFA_HINTS", False)
if ALONGSIDE_DEMO_MFA_HINTS and not DEBUG:
    raise ImproperlyConfigured(
        "ALONGSIDE_DEMO_MFA_HINTS shows sign-in codes on the page: it is for the demo on a "
        "laptop (DEBUG=1) and never allowed with DEBUG off or in production"
    )

# --- Encryption at rest (docs/privacy.md "Encryption at rest") ------------------------------
# Free text about clients (contact notes, check-in text, messages, crisis records, safety
# plans) is stored encrypted: alongside/lib/encryption.py. Keys are comma-separated, newest
# first; the first encrypts, all decrypt (rotation: manage.py rotate_encryption_keys).
ALONGSIDE_ENCRYPTION_KEYS = encryption.parse_keys(env.string("ALONGSIDE_ENCRYPTION_KEYS"))
if PRODUCTION and not ALONGSIDE_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "ALONGSIDE_ENCRYPTION_KEYS (or ALONGSIDE_ENCRYPTION_KEYS_FILE) must be set in "
        "production: client notes are encrypted with it (python -c 'from cryptography.fernet "
        "import Fernet; print(Fernet.generate_key().decode())'); keep a copy, for without it "
        "the notes cannot be read"
    )
if PRODUCTION and encryption.DEVELOPMENT_KEY in ALONGSIDE_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "ALONGSIDE_ENCRYPTION_KEYS holds the development key, which is public: generate a "
        "key of your own for production"
    )
if not ALONGSIDE_ENCRYPTION_KEYS:
    ALONGSIDE_ENCRYPTION_KEYS = [encryption.DEVELOPMENT_KEY]

# --- Security: headers, HTTPS, production refusals (docs/privacy.md) -----------------------
# The Content Security Policy: our own origin only, scripts also by per-request nonce
# (alongside/security/csp.py), no inline styles or event handlers, no plugins, no framing.
# Nothing here names another origin: no third-party scripts, fonts or images (DESIGN.md §4.4).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if env.string("SECURE_COOKIES"):
    raise ImproperlyConfigured(
        "SECURE_COOKIES was replaced by ALONGSIDE_HTTPS (secure cookies, HSTS and the HTTPS "
        "redirect together); remove SECURE_COOKIES"
    )
# Served over HTTPS: always in production; in development when ALONGSIDE_BASE_URL is https://
# unless ALONGSIDE_HTTPS says otherwise.
HTTPS = env.boolean("ALONGSIDE_HTTPS", PRODUCTION or ALONGSIDE_BASE_URL.startswith("https://"))
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env.integer("ALONGSIDE_HSTS_SECONDS", 365 * 24 * 60 * 60) if HTTPS else 0
# Both only take effect for this host name and those under it; serve Alongside from a host
# name of its own (README "Deploy").
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
# No script reads the CSRF cookie (htmx takes the token from the page), nor the language one.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Behind a reverse proxy that ends TLS, Django sees plain HTTP: name the header the proxy sets
# (e.g. X-Forwarded-Proto) so requests count as secure. Only when the proxy always sets or
# overwrites that header; otherwise a client could claim HTTPS by sending it.
_proxy_header = env.string("ALONGSIDE_PROXY_SSL_HEADER").strip()
if _proxy_header:
    if not re.fullmatch(r"[A-Za-z0-9-]+", _proxy_header):
        raise ImproperlyConfigured(
            f"ALONGSIDE_PROXY_SSL_HEADER must be a header name such as X-Forwarded-Proto, "
            f"not {_proxy_header!r}"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")

if PRODUCTION:
    # Refuse to start rather than serve client records with an unsafe setting; each message
    # names the variable to change. SECRET_KEY is checked where it is read (above).
    if DEBUG:
        raise ImproperlyConfigured(
            "DEBUG must be off in production: debug pages show settings, SQL and client data"
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list this site's host names in production (comma-separated, no '*')"
        )
    if not HTTPS:
        raise ImproperlyConfigured(
            "ALONGSIDE_HTTPS cannot be off in production: client records travel only over HTTPS"
        )
    if not ALONGSIDE_BASE_URL.startswith("https://"):
        raise ImproperlyConfigured(
            "ALONGSIDE_BASE_URL must start with https:// in production (links in e-mails)"
        )
