"""The client's record as sections, one per category, for a disclosure to put out.

`build_record(client, scope)` is the `render` the staff "Disclose record" page hands the gate.
Each builder reads one category only; the gate checks that every section it gets back is in
the authorized scope, so a builder that read too much would be refused, not sent. Times are
shown in the client's own zone, named in the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from alongside.assessments.catalog import get_instrument
from alongside.assessments.models import AssessmentResponse
from alongside.checkins.models import CheckIn
from alongside.clients.models import Client
from alongside.consent.models import Category
from alongside.messaging.models import Message
from alongside.recovery.models import RecoveryEvent, Win
from alongside.safetyplans.queries import current_plan
from alongside.support.models import Encounter, Topic


@dataclass(frozen=True)
class Section:
    """One category of the record: a table with a title."""

    category: str
    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]] = ()
    empty: str = "Nothing recorded."


def _when(client: Client, moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(client.time_zone)).strftime("%Y-%m-%d %H:%M")


def contacts(client: Client) -> Section:
    topics = dict(Topic.choices)
    rows = [
        (
            _when(client, e.occurred_at),
            e.get_kind_display(),
            str(e.minutes or ""),
            ", ".join(str(topics.get(t, t)) for t in e.topics),
            e.note,
        )
        for e in Encounter.objects.filter(client=client).order_by("occurred_at", "id")
    ]
    return Section(
        Category.CONTACTS, "Support contacts", ("When", "Kind", "Minutes", "Topics", "Note"), rows
    )


def checkins(client: Client) -> Section:
    rows = [
        (
            c.local_date.isoformat(),
            c.get_mood_display(),
            str(c.craving),
            "Yes" if c.used_since_last else "No",
            c.substance,
            "" if c.sleep_hours is None else str(c.sleep_hours),
            c.went_well,
        )
        for c in CheckIn.objects.filter(client=client).order_by("local_date", "id")
    ]
    columns = (
        "Day",
        "Mood",
        "Craving (0 to 10)",
        "Used since last",
        "Substance",
        "Sleep (h)",
        "Went well",
    )
    return Section(Category.CHECKINS, "Check-ins", columns, rows)


def recovery(client: Client) -> Section:
    events = [
        (e.on_date.isoformat(), e.get_kind_display(), e.note)
        for e in RecoveryEvent.objects.filter(client=client).order_by("on_date", "id")
    ]
    wins = [
        (w.occurred_on.isoformat(), f"Win: {w.get_kind_display()}", w.title)
        for w in Win.objects.filter(client=client).order_by("occurred_on", "id")
    ]
    rows = sorted(events + wins, key=lambda row: row[0])
    return Section(Category.RECOVERY, "Recovery timeline and wins", ("Date", "What", "Note"), rows)


def assessments(client: Client) -> Section:
    rows = []
    for response in AssessmentResponse.objects.filter(client=client).order_by("occurred_at", "id"):
        instrument = get_instrument(response.instrument, response.version)
        band = next((b for b in instrument.bands_for(response.sex) if b.key == response.band), None)
        rows.append(
            (
                _when(client, response.occurred_at),
                instrument.short_title,
                "" if response.total is None else str(response.total),
                str(band.label) if band else "",
            )
        )
    columns = ("When", "Questionnaire", "Total", "Result")
    return Section(Category.ASSESSMENTS, "Questionnaire results", columns, rows)


def safety_plan(client: Client) -> Section:
    plan = current_plan(client)
    rows = [] if plan is None else [(str(s.title), text) for s, text in plan.entries() if text]
    title = "Safety plan" if plan is None else f"Safety plan (version {plan.number})"
    return Section(Category.SAFETY_PLAN, title, ("Section", "Text"), rows)


def messages(client: Client) -> Section:
    rows = [
        (_when(client, m.sent_at), "Client" if m.from_client else "Advocate", m.body)
        for m in Message.objects.filter(client=client).order_by("sent_at", "id")
    ]
    return Section(Category.MESSAGES, "Messages", ("Sent", "From", "Message"), rows)


def counseling_notes(client: Client) -> Section:
    # Alongside records no SUD counseling notes yet. The category exists so consents can be
    # recorded for it and the gate's separate-consent rule is in force before any are stored.
    return Section(
        Category.COUNSELING_NOTES,
        "Counseling notes",
        ("When", "Note"),
        empty="Alongside holds no counseling notes.",
    )


BUILDERS: dict[str, Callable[[Client], Section]] = {
    Category.CONTACTS: contacts,
    Category.CHECKINS: checkins,
    Category.RECOVERY: recovery,
    Category.ASSESSMENTS: assessments,
    Category.SAFETY_PLAN: safety_plan,
    Category.MESSAGES: messages,
    Category.COUNSELING_NOTES: counseling_notes,
}


def build_record(client: Client, scope: Iterable[str]) -> list[Section]:
    """Return CLIENT's record for the categories in SCOPE, in the categories' order."""
    wanted = set(scope)
    return [BUILDERS[c](client) for c in Category if c in wanted]
