"""Write given text into every free-text field of a client's record, through the same services
the pages, the portal and the API call (so nothing is stored that those would refuse).

Used by the log canary test (one marked string per field) and the XSS test (payloads packed
into each field up to its length limit).
"""

from __future__ import annotations

from datetime import timedelta
from itertools import zip_longest
from typing import Any

from django.utils import timezone

from alongside.checkins.models import Source
from alongside.checkins.services import CheckInAnswers, record_checkin
from alongside.clients.models import Client, LevelOfCare
from alongside.clients.services import Admission, admit
from alongside.messaging.services import send_message
from alongside.recovery.milestones import client_today
from alongside.recovery.services import (
    congratulate,
    record_recurrence,
    record_win,
    set_recovery_start,
)
from alongside.safety.models import Alert
from alongside.safety.services import acknowledge, raise_manual_flag, resolve
from alongside.safetyplans.sections import SECTION_KEYS
from alongside.safetyplans.services import save_safety_plan
from alongside.support.services import ContactDetails, log_encounter
from alongside.testing.personas import Cast

# Each free-text field a client's record has, with its length limit (the model's or the
# service's). Fields of the client row itself are set at admission, one value each.
CLIENT_FIELDS = {"preferred_name": 150, "legal_name": 200, "pronouns": 40, "phone": 32}
RECORD_FIELDS = {
    "contact_note": 5000,
    "contact_location": 200,
    "checkin_went_well": 2000,
    "checkin_substance": 100,
    "win_title": 140,
    "win_congratulation": 500,
    "recovery_note": 280,
    "message_from_client": 2000,
    "message_from_advocate": 2000,
    "safety_plan_section": 2000,
    "flag_reason": 280,
    "alert_acknowledgement": 2000,
    "alert_resolution": 2000,
}


def admit_client(cast: Cast, **fields: str) -> Client:
    """Admit a client into the residential program with Ana as advocate (as Sam, the
    supervisor, would from the admit page); FIELDS are CLIENT_FIELDS values."""
    admission = Admission(
        program=cast.residential,
        preferred_name=fields.pop("preferred_name"),
        level_of_care=LevelOfCare.RESIDENTIAL,
        advocate=cast.ana,
        **fields,
    )
    return admit(cast.sam, admission)


def write_record(cast: Cast, client: Client, account: Any, texts: dict[str, list[str]]) -> None:
    """Write TEXTS (RECORD_FIELDS name → texts) into CLIENT's record: one contact, check-in,
    win, message… per text, as Ana (the advocate) or ACCOUNT (the client's own) would."""
    now = timezone.now()
    today = client_today(client, now)

    def each(*names: str) -> list[tuple[str, ...]]:
        return list(zip_longest(*(texts.get(name, []) for name in names), fillvalue=""))

    # Each manual flag opens an alert that is taken (with a note) and resolved, so the next
    # flag opens a new one; a last flag leaves an alert open for the lists and the banner.
    # First, before check-ins reporting use open alerts of their own.
    alerts = each("flag_reason", "alert_acknowledgement", "alert_resolution")
    for reason, note, resolution in alerts:
        flag = raise_manual_flag(cast.ana, client, "high", reason or "Worried")
        alert = Alert.objects.get(flag=flag)
        acknowledge(cast.ana, alert, note)
        resolve(cast.ana, alert, resolution or "Spoke; safe")
    if alerts:
        raise_manual_flag(cast.ana, client, "high", alerts[-1][0] or "Worried")
    for i, (note, location) in enumerate(each("contact_note", "contact_location")):
        details = ContactDetails(
            kind="phone",
            occurred_at=now - timedelta(hours=i + 1),
            minutes=10,
            location=location,
            note=note,
        )
        log_encounter(cast.ana, client, details)
    # One check-in per local day: older days for the later texts.
    for i, (went_well, substance) in enumerate(each("checkin_went_well", "checkin_substance")):
        answers = CheckInAnswers(
            mood=3,
            craving=2,
            went_well=went_well,
            used_since_last=bool(substance),
            substance=substance,
        )
        record_checkin(
            account, client, answers, source=Source.PORTAL, occurred_at=now - timedelta(days=i)
        )
    for title, text in each("win_title", "win_congratulation"):
        win = record_win(account, client, title or "A good day", today)
        if text:
            congratulate(cast.ana, win, text)
    # Starts and recurrences alternate, oldest first, so each is valid after the one before.
    notes = texts.get("recovery_note", [])
    for i, note in enumerate(notes):
        on_date = today - timedelta(days=2 * len(notes) - i)
        if i % 2 == 0:
            set_recovery_start(cast.ana, client, on_date, note)
        else:
            record_recurrence(cast.ana, client, on_date, note)
    for from_client, from_advocate in each("message_from_client", "message_from_advocate"):
        if from_client:
            send_message(account, client, from_client)
        if from_advocate:
            send_message(cast.ana, client, from_advocate)
    # Six sections a version; more texts make more versions (the history keeps them all).
    sections = texts.get("safety_plan_section", [])
    for start in range(0, len(sections), len(SECTION_KEYS)):
        chunk = sections[start : start + len(SECTION_KEYS)]
        save_safety_plan(account, client, dict(zip(SECTION_KEYS, chunk, strict=False)))
