"""The demo center's fixed identity: its name, its sign-in accounts and their shared password.

The password is public on purpose (it is printed by `manage.py demo_logins`): the demo center
is for showing the product on a laptop, never for real client data.
"""

from __future__ import annotations

from dataclasses import dataclass

from alongside.organizations.models import Program, Role

DEMO_PASSWORD = "alongside-demo-passphrase"  # noqa: S105 - public demo passphrase
DEMO_SLUG = "demo"
DEMO_NAME = "Hope Valley Recovery Center"
DEMO_TIME_ZONE = "America/Chicago"
DEMO_EMAIL_DOMAIN = "demo.test"

# (name, kind) in the order they are created.
PROGRAMS = (
    ("Residential", Program.Kind.RESIDENTIAL),
    ("Intensive Outpatient", Program.Kind.INTENSIVE_OUTPATIENT),
)


@dataclass(frozen=True)
class DemoLogin:
    """One of the accounts a visitor is invited to sign in as."""

    email: str
    display_name: str
    role: str
    first_view: str  # what they land on, for the demo_logins table
    program_kinds: tuple[str, ...] = ()


ADVOCATE = "advocate@demo.test"
ADVOCATE_2 = "advocate2@demo.test"
SUPERVISOR = "supervisor@demo.test"
CLIENT = "client@demo.test"

LOGINS = (
    DemoLogin(
        ADVOCATE,
        "Maya Torres",
        Role.PRA,
        "Today: who needs them and why, most urgent first; then their caseload",
    ),
    DemoLogin(
        ADVOCATE_2,
        "Devon Brooks",
        Role.PRA,
        "Today: who needs them and why, most urgent first; then their caseload",
    ),
    DemoLogin(
        SUPERVISOR,
        "Grace Okafor",
        Role.SUPERVISOR,
        "Team caseloads and who is waiting",
    ),
    DemoLogin(
        "clinician@demo.test",
        "Lena Park",
        Role.CLINICIAN,
        "Residential program clients",
        program_kinds=(Program.Kind.RESIDENTIAL,),
    ),
    DemoLogin(
        "director@demo.test",
        "Marcus Bell",
        Role.DIRECTOR,
        "Center overview, every client",
    ),
    DemoLogin(
        "privacy@demo.test",
        "Rosa Delgado",
        Role.PRIVACY_OFFICER,
        "The audit log review: who opened which record, break-glass accesses to review",
    ),
    DemoLogin(
        "admin@demo.test",
        "Priya Raman",
        Role.ADMIN,
        "Staff and programs, no client records",
    ),
)

# The person in recovery a visitor can sign in as: a client of advocate@demo.test who reads
# the portal in Spanish. Their name is the client's preferred name, drawn like everyone's.
CLIENT_LOGIN = DemoLogin(
    CLIENT,
    "",
    "client",
    "/me/ — My recovery: days in recovery, the next milestone, today's check-in",
)
CLIENT_ROLE_LABEL = "Person in recovery (portal)"
