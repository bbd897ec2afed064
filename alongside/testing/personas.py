"""The cast every test can use, and small helpers to create what a test needs.

Hope Valley Recovery (the home organization) has two programs; Riverbend is another tenant
whose staff and clients must never meet Hope Valley's.

- Ana: advocate on Sam's team, assigned to Casey (and Jordan).
- Ben: advocate on Sam's team, assigned to Riley.
- Sam: supervisor of Ana and Ben.
- Cleo: clinician in the residential program.
- Dana: program director.
- Alex: administrator (no client content).
- Pat: privacy officer (reviews the audit log and break-glass; no client content).
- Oscar: advocate at Riverbend, assigned to Quinn.
"""

from __future__ import annotations

import base64
import hashlib
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.second_factor import status_of
from alongside.checkins.models import CheckIn, Source, local_date_of
from alongside.clients.models import Assignment, Client, Episode, LevelOfCare
from alongside.organizations.models import Membership, Organization, Program, Role
from alongside.support.models import Encounter

PASSWORD = "correct horse battery staple"  # noqa: S105 - test-only passphrase


def make_user(email: str, name: str) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, display_name=name)


def make_member(
    org: Organization,
    email: str,
    name: str,
    role: str,
    *,
    supervisor: User | None = None,
    programs: list[Program] | None = None,
) -> User:
    user = User.objects.filter(email=email).first() or make_user(email, name)
    membership = Membership.objects.create(
        organization=org, user=user, role=role, supervisor=supervisor
    )
    if programs:
        membership.programs.set(programs)
    return user


def make_client(
    program: Program,
    name: str,
    *,
    advocate: User | None = None,
    admitted_days_ago: int = 20,
    discharged: bool = False,
) -> Client:
    org = program.organization
    client = Client.objects.create(
        organization=org, preferred_name=name, time_zone=org.time_zone, pathways=["12-step"]
    )
    admitted = timezone.now() - timedelta(days=admitted_days_ago)
    Episode.objects.create(
        organization=org,
        client=client,
        program=program,
        level_of_care=LevelOfCare.RESIDENTIAL,
        admitted_at=admitted,
        discharged_at=timezone.now() if discharged else None,
        discharge_reason="completed" if discharged else "",
    )
    if advocate is not None:
        Assignment.objects.create(
            organization=org, client=client, advocate=advocate, started_at=admitted
        )
    return client


def give_portal_account(client: Client, email: str) -> User:
    """Give CLIENT their own portal account (as redeeming an invitation does); return it."""
    user = make_user(email, client.preferred_name)
    user.time_zone = client.time_zone
    user.save(update_fields=["time_zone"])
    client.user = user
    client.save(update_fields=["user"])
    return user


def make_encounter(
    client: Client, advocate: User, *, when: datetime | None = None, note: str = "Talked."
) -> Encounter:
    return Encounter.objects.create(
        organization=client.organization,
        client=client,
        advocate=advocate,
        kind="one-on-one",
        occurred_at=when or timezone.now() - timedelta(days=1),
        minutes=30,
        note=note,
    )


def noon_days_ago(days: int, zone: str = "America/Chicago") -> datetime:
    """Noon, DAYS local days before today in ZONE (Hope Valley's): one moment per local date.
    (Steps of 24 hours back from now can put two on one date across a daylight-saving
    change, late in the evening the week after the clocks go back.)"""
    tz = zoneinfo.ZoneInfo(zone)
    day = timezone.localtime(timezone.now(), tz).date() - timedelta(days=days)
    return datetime.combine(day, time(12), tzinfo=tz)


def make_checkin(client: Client, **fields: Any) -> CheckIn:
    """Create a check-in for CLIENT directly (no service, no audit row).

    Defaults: given through the portal a day ago, mood 3 ("Okay"), craving 2. `local_date`
    follows `occurred_at` in the client's own zone unless FIELDS give it.
    """
    values: dict[str, Any] = {
        "occurred_at": timezone.now() - timedelta(days=1),
        "mood": 3,
        "craving": 2,
        "source": Source.PORTAL,
    }
    values.update(fields)
    values.setdefault("local_date", local_date_of(client, values["occurred_at"]))
    return CheckIn.objects.create(organization_id=client.organization_id, client=client, **values)


@dataclass
class Cast:
    org: Organization
    residential: Program
    outpatient: Program
    ana: User
    ben: User
    sam: User
    cleo: User
    dana: User
    alex: User
    pat: User
    casey: Client
    jordan: Client
    riley: Client
    newcomer: Client
    other_org: Organization
    other_program: Program
    oscar: User
    quinn: Client

    def staff(self) -> dict[str, User]:
        return {
            "advocate": self.ana,
            "supervisor": self.sam,
            "clinician": self.cleo,
            "director": self.dana,
            "admin": self.alex,
            "privacy_officer": self.pat,
            "other_org_advocate": self.oscar,
        }


def build_cast() -> Cast:
    org = Organization.objects.create(
        name="Hope Valley Recovery", slug="hope-valley", time_zone="America/Chicago"
    )
    residential = Program.objects.create(
        organization=org, name="Residential", kind=Program.Kind.RESIDENTIAL
    )
    outpatient = Program.objects.create(
        organization=org, name="Outpatient", kind=Program.Kind.OUTPATIENT
    )
    sam = make_member(org, "sam@hope.test", "Sam Supervisor", Role.SUPERVISOR)
    ana = make_member(org, "ana@hope.test", "Ana Advocate", Role.PRA, supervisor=sam)
    ben = make_member(org, "ben@hope.test", "Ben Advocate", Role.PRA, supervisor=sam)
    cleo = make_member(
        org, "cleo@hope.test", "Cleo Clinician", Role.CLINICIAN, programs=[residential]
    )
    dana = make_member(org, "dana@hope.test", "Dana Director", Role.DIRECTOR)
    alex = make_member(org, "alex@hope.test", "Alex Admin", Role.ADMIN)
    pat = make_member(org, "pat@hope.test", "Pat Privacy", Role.PRIVACY_OFFICER)
    casey = make_client(residential, "Casey", advocate=ana)
    jordan = make_client(outpatient, "Jordan", advocate=ana)
    riley = make_client(residential, "Riley", advocate=ben)
    newcomer = make_client(residential, "Newcomer", admitted_days_ago=0)

    other_org = Organization.objects.create(
        name="Riverbend Recovery", slug="riverbend", time_zone="America/Denver"
    )
    other_program = Program.objects.create(
        organization=other_org, name="Residential", kind=Program.Kind.RESIDENTIAL
    )
    oscar = make_member(other_org, "oscar@riverbend.test", "Oscar Outsider", Role.PRA)
    quinn = make_client(other_program, "Quinn", advocate=oscar)
    return Cast(
        org=org,
        residential=residential,
        outpatient=outpatient,
        ana=ana,
        ben=ben,
        sam=sam,
        cleo=cleo,
        dana=dana,
        alex=alex,
        pat=pat,
        casey=casey,
        jordan=jordan,
        riley=riley,
        newcomer=newcomer,
        other_org=other_org,
        other_program=other_program,
        oscar=oscar,
        quinn=quinn,
    )


def login(client: Any, user: User) -> None:
    """Sign USER in on the Django test CLIENT as if through the sign-in page, both steps.

    No password round trip. Staff get a TOTP authenticator if they have none
    (`enrol_second_factor`), and the session records the password and the code as allauth's
    sign-in does, so `SecondFactorMiddleware` lets them in. Tests of the real sign-in post
    to the pages instead (alongside/accounts/tests/).
    """
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    required, enrolled = status_of(user)
    if not (required or enrolled):
        return
    authenticator = enrol_second_factor(user)
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()


# --- Second factor -------------------------------------------------------------------------


def totp_secret_for(email: str) -> str:
    """Return the TOTP secret a persona's authenticator app holds (fixed per address)."""
    digest = hashlib.sha1(f"alongside-test-totp:{email.lower()}".encode()).digest()  # noqa: S324
    return base64.b32encode(digest).decode("ascii")


def enrol_second_factor(user: User) -> Authenticator:
    """Give USER a TOTP authenticator (secret: `totp_secret_for`) unless they have one."""
    authenticator, _ = Authenticator.objects.get_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": encrypt(totp_secret_for(user.email))}},
    )
    return authenticator


def totp_code(user: User) -> str:
    """Return a code USER's authenticator app shows now that the site has not seen used.

    allauth accepts each code once (it remembers used ones in the cache for the time they
    stay valid); a test that signs the same person in twice in a row gets the next one.
    """
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    wrapped = TOTP(authenticator)
    counter = int(timezone.now().timestamp()) // mfa_settings.TOTP_PERIOD
    for step in range(mfa_settings.TOTP_TOLERANCE + 1):
        code = format_hotp_value(hotp_value(secret, counter + step))
        if cache.get(wrapped._get_used_cache_key(code)) is None:
            return code
    raise AssertionError(f"every code valid now was used already for {user.email}")
