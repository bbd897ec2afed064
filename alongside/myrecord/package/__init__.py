"""Everything Alongside holds about one client, for that client to keep.

A person may always have their own record (DESIGN.md §4.6; HIPAA's right of access, 45 CFR
164.524; under 42 CFR 2.23 a patient's access to their own record needs no consent).
`build_package(client, at)` reads every kind of record about CLIENT, each read filtered by
that client alone, and returns a `Package`: `data()` is the machine-readable JSON (codes, ISO
8601 times in UTC) and `parts` are the same rows as label and value pairs for the readable
page (times in the client's zone, labels in their language).

Every model with a foreign key to `Client` is either read here (`INCLUDED`, by the part that
shows it) or left out with the reason (`EXCLUDED`); tests/test_package.py fails for a new
model that is in neither.

The package is split by part: `coverage.py` (INCLUDED and EXCLUDED), `base.py` (Package,
Part, Item and the row maker), `labels.py`, and the parts in `profile.py` (profile and
care), `recovery.py` (recovery work), `safety.py`, `consent.py` and `worksheets.py`.
"""

from __future__ import annotations

from datetime import datetime

from alongside.clients.models import Client
from alongside.myrecord.package.base import FORMAT, FORMAT_VERSION, Item, Package, Part, Rows
from alongside.myrecord.package.consent import consents, disclosures
from alongside.myrecord.package.coverage import EXCLUDED, INCLUDED
from alongside.myrecord.package.labels import LABELS, label_for
from alongside.myrecord.package.profile import (
    account,
    advocates,
    checkins,
    contacts,
    episodes,
    messages,
    portal_invitations,
    profile,
    reminders,
)
from alongside.myrecord.package.recovery import (
    groups,
    pathway_progress,
    questionnaires,
    recovery_plan,
    recovery_timeline,
    wins,
)
from alongside.myrecord.package.safety import alerts, crisis_events, flags, safety_plans
from alongside.myrecord.package.worksheets import worksheet_comments, worksheets

__all__ = [
    "EXCLUDED",
    "FORMAT",
    "FORMAT_VERSION",
    "INCLUDED",
    "LABELS",
    "Item",
    "Package",
    "Part",
    "Rows",
    "build_package",
    "label_for",
]


def build_package(client: Client, at: datetime) -> Package:
    """Return everything held about CLIENT as of AT. Reads only; the caller audits."""
    # Imported here: aftercare's part imports this package's base (and adds its labels).
    from alongside.aftercare.record import followups as aftercare_followups

    rows = Rows(client)
    parts = [
        profile(client, rows),
        account(client, rows),
        episodes(client, rows),
        advocates(client, rows),
        contacts(client, rows),
        checkins(client, rows),
        recovery_timeline(client, rows),
        wins(client, rows),
        questionnaires(client, rows),
        safety_plans(client, rows),
        recovery_plan(client, rows),
        pathway_progress(client, rows),
        groups(client, rows),
        worksheets(client, rows),
        worksheet_comments(client, rows),
        messages(client, rows),
        flags(client, rows),
        alerts(client, rows),
        crisis_events(client, rows),
        consents(client, rows, at),
        disclosures(client, rows),
        reminders(client, rows),
        portal_invitations(client, rows),
        aftercare_followups(client, rows),
    ]
    return Package(client=client, generated_at=at, parts=parts)
