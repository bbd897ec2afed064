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
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.assessments.catalog import get_instrument
from alongside.assessments.models import AssessmentResponse
from alongside.checkins.models import CheckIn
from alongside.clients.models import Assignment, Client, Episode, Pathway
from alongside.consent.models import Category, Consent, Disclosure, Purpose, RecipientClass
from alongside.groups.models import Attendance, RosterMember
from alongside.messaging.models import Message
from alongside.notifications.models import ReminderPreference
from alongside.pathways.catalog import get_pathway
from alongside.pathways.models import OwnStage, StageMove
from alongside.plans.models import Goal, Task
from alongside.portal.models import Invitation
from alongside.recovery.models import RecoveryEvent, Win
from alongside.safety.models import Alert, CrisisAction, CrisisEvent, RiskFlag
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.support.models import Encounter, Topic

FORMAT = "alongside.my-record"
FORMAT_VERSION = 1

# Model (app_label.ModelName) -> the part of the package that holds its rows.
INCLUDED: dict[str, str] = {
    "clients.Episode": "episodes",
    "clients.Assignment": "advocates",
    "support.Encounter": "contacts",
    "checkins.CheckIn": "checkins",
    "recovery.RecoveryEvent": "recovery_timeline",
    "recovery.Win": "wins",
    "assessments.AssessmentResponse": "questionnaires",
    "safetyplans.SafetyPlanVersion": "safety_plans",
    "plans.Goal": "recovery_plan",
    "plans.Task": "recovery_plan",
    "pathways.StageMove": "pathway_progress",
    "pathways.OwnStage": "pathway_progress",
    "groups.RosterMember": "groups",
    "groups.Attendance": "groups",
    "messaging.Message": "messages",
    "safety.RiskFlag": "flags",
    "safety.Alert": "alerts",
    "safety.CrisisEvent": "crisis_events",
    "consent.Consent": "consents",
    "consent.Disclosure": "disclosures",
    "consent.EmergencyDisclosure": "disclosures",
    "notifications.ReminderPreference": "reminders",
    "portal.Invitation": "portal_invitations",
}

# Model -> why its rows are not in the package.
EXCLUDED: dict[str, str] = {
    "plans.GoalEvent": (
        "the recovery plan's change history (who added, changed or ticked what, and when, "
        "in fixed wording): the goals and tasks themselves, with who made them, are "
        "included (recovery_plan)."
    ),
    "notifications.Delivery": (
        "the outgoing-notice queue (status, attempts, errors): every notice it sent the "
        "person is fixed text with a link, and some rows are notices to staff queued against "
        "the client (an emergency disclosure's notice to the privacy officer), addressed to "
        "staff e-mail addresses. The person's reminder settings are included (reminders)."
    ),
}
# Not a foreign key, so not found by the test, but asked about: the audit log (AccessEvent)
# is the program's record of who opened what, not part of the designated record set; the
# client's own downloads and views are in it. A crisis event's supervisor review (reviewer,
# time, note) is a quality review of the staff's response, also left out; the event itself
# (what happened, what was done, the outcome, the follow-up) is included.


@dataclass(frozen=True)
class Item:
    """One entry of a part: label keys with their JSON value and the words shown."""

    fields: tuple[tuple[str, Any, str], ...]

    def data(self) -> dict[str, Any]:
        return {key: value for key, value, _shown in self.fields}

    def shown(self) -> list[tuple[str, str]]:
        """(label, text) for the readable page, leaving out what is empty."""
        return [(str(label_for(key)), text) for key, _value, text in self.fields if text != ""]


@dataclass(frozen=True)
class Part:
    key: str
    title: Promise | str
    items: list[Item]
    single: bool = False

    def data(self) -> Any:
        if self.single:
            return self.items[0].data() if self.items else None
        return [item.data() for item in self.items]


@dataclass
class Package:
    client: Client
    generated_at: datetime
    parts: list[Part] = field(default_factory=list)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.client.time_zone)

    def generated_local(self) -> str:
        return f"{self.generated_at.astimezone(self.zone):%Y-%m-%d %H:%M}"

    def part(self, key: str) -> Part:
        return next(part for part in self.parts if part.key == key)

    def data(self) -> dict[str, Any]:
        """The package as JSON-ready data."""
        about = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "generated_at": _json(self.generated_at),
            "organization": self.client.organization.name,
            "time_zone": self.client.time_zone,
            "times": "ISO 8601, in UTC; dates are the person's local dates",
        }
        return {"about": about, **{part.key: part.data() for part in self.parts}}


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    return value


class _Rows:
    """Makes the fields of items, with values shown in CLIENT's zone."""

    def __init__(self, client: Client) -> None:
        self.zone = ZoneInfo(client.time_zone)
        self.client = client

    def shown(self, value: Any) -> str:
        if value is None or value == "" or value == []:
            return ""
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime):
            return f"{value.astimezone(self.zone):%Y-%m-%d %H:%M}"
        if isinstance(value, date | time):
            return value.isoformat()
        if isinstance(value, list | tuple):
            return ", ".join(self.shown(v) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{k}: {self.shown(v)}" for k, v in value.items())
        return str(value)

    def f(self, key: str, value: Any, shown: str | None = None) -> tuple[str, Any, str]:
        return (key, _json(value), self.shown(value) if shown is None else shown)

    def choice(self, obj: Model, name: str, key: str | None = None) -> tuple[str, Any, str]:
        """A field with choices: the code in the data, its label on the page."""
        value = getattr(obj, name)
        model_field = obj._meta.get_field(name)
        labels = dict(getattr(model_field, "flatchoices", None) or [])
        return self.f(
            key or name, value, "" if value in ("", None) else str(labels.get(value, value))
        )

    def codes(self, key: str, values: Iterable[str], choices: Any) -> tuple[str, Any, str]:
        """A list of codes: the codes in the data, their labels on the page."""
        values = list(values)
        labels = dict(choices.choices)
        return self.f(key, values, ", ".join(str(labels.get(v, v)) for v in values))

    def person(self, key: str, user: Any) -> tuple[str, Any, str]:
        """A member of staff by the name colleagues see (no e-mail address, no id); "You"
        for the client's own account."""
        if user is None:
            return self.f(key, None)
        if self.client.user_id is not None and user.pk == self.client.user_id:
            return self.f(key, "you", _("You"))
        name = user.display_name or _("A member of staff")
        return self.f(key, name)


def profile(client: Client, rows: _Rows) -> Part:
    fields = (
        rows.f("record_number", client.public_id),
        rows.f("preferred_name", client.preferred_name),
        rows.f("legal_name", client.legal_name),
        rows.f("pronouns", client.pronouns),
        rows.f("date_of_birth", client.date_of_birth),
        rows.f("phone", client.phone),
        rows.f("email", client.email),
        rows.choice(client, "language"),
        rows.f("time_zone", client.time_zone),
        rows.codes("pathways", client.pathways or [], Pathway),
        rows.f("organization", client.organization.name),
        rows.f("recorded_since", client.created_at),
    )
    return Part("profile", gettext_lazy("About you"), [Item(fields)], single=True)


def account(client: Client, rows: _Rows) -> Part:
    """The portal account: no passphrase hash, second-factor secret or session key."""
    user = client.user
    if user is None:
        return Part("account", gettext_lazy("Your portal account"), [], single=True)
    from allauth.mfa.models import Authenticator

    fields = (
        rows.f("sign_in_email", user.email),
        rows.f("account_created", user.date_joined),
        rows.f("last_sign_in", user.last_login),
        rows.f("second_factor", Authenticator.objects.filter(user=user).exists()),
    )
    return Part("account", gettext_lazy("Your portal account"), [Item(fields)], single=True)


def portal_invitations(client: Client, rows: _Rows) -> Part:
    """Invitations to the portal, without the link token and code (stored only as hashes)."""
    items = [
        Item(
            (
                rows.f("created_at", i.created_at),
                rows.choice(i, "channel"),
                rows.f("sent_to", i.sent_to),
                rows.person("created_by", i.created_by),
                rows.f("expires_at", i.expires_at),
                rows.f("used_at", i.used_at),
                rows.f("revoked_at", i.revoked_at),
            )
        )
        for i in Invitation.objects.filter(client=client)
        .select_related("created_by")
        .order_by("created_at", "id")
    ]
    return Part("portal_invitations", gettext_lazy("Invitations to the portal"), items)


def episodes(client: Client, rows: _Rows) -> Part:
    items = [
        Item(
            (
                rows.f("program", e.program.name),
                rows.choice(e, "level_of_care"),
                rows.f("admitted_at", e.admitted_at),
                rows.f("discharged_at", e.discharged_at),
                rows.choice(e, "discharge_reason"),
            )
        )
        for e in Episode.objects.filter(client=client)
        .select_related("program")
        .order_by("admitted_at", "id")
    ]
    return Part("episodes", gettext_lazy("Your stays in the program"), items)


def advocates(client: Client, rows: _Rows) -> Part:
    items = [
        Item(
            (
                rows.person("advocate", a.advocate),
                rows.f("started_at", a.started_at),
                rows.f("ended_at", a.ended_at),
                rows.choice(a, "end_reason"),
            )
        )
        for a in Assignment.objects.filter(client=client)
        .select_related("advocate")
        .order_by("started_at", "id")
    ]
    return Part("advocates", gettext_lazy("Your recovery advocates"), items)


def contacts(client: Client, rows: _Rows) -> Part:
    items = [
        Item(
            (
                rows.f("occurred_at", e.occurred_at),
                rows.choice(e, "kind"),
                rows.person("advocate", e.advocate),
                rows.f("minutes", e.minutes),
                rows.f("location", e.location),
                rows.codes("topics", e.topics or [], Topic),
                rows.f("note", e.note),
                rows.f("follow_up_on", e.follow_up_on),
                rows.f("recorded_at", e.created_at),
            )
        )
        for e in Encounter.objects.filter(client=client)
        .select_related("advocate")
        .order_by("occurred_at", "id")
    ]
    return Part("contacts", gettext_lazy("Contacts with your advocates"), items)


def checkins(client: Client, rows: _Rows) -> Part:
    items = [
        Item(
            (
                rows.f("day", c.local_date),
                rows.f("occurred_at", c.occurred_at),
                rows.choice(c, "mood"),
                rows.f("craving", c.craving),
                rows.f("used_since_last", c.used_since_last),
                rows.f("substance", c.substance),
                rows.f("sleep_hours", c.sleep_hours),
                rows.choice(c, "sleep_quality"),
                rows.f("went_well", c.went_well),
                rows.f("wants_contact", c.wants_contact),
                rows.f("safety_concern", c.safety_concern),
                rows.f("overdose", c.overdose),
                rows.choice(c, "source"),
                rows.person("recorded_by", c.recorded_by),
            )
        )
        for c in CheckIn.objects.filter(client=client)
        .select_related("recorded_by")
        .order_by("local_date", "id")
    ]
    return Part("checkins", gettext_lazy("Check-ins"), items)


def recovery_timeline(client: Client, rows: _Rows) -> Part:
    items = [
        Item(
            (
                rows.f("on_date", e.on_date),
                rows.choice(e, "kind"),
                rows.f("note", e.note),
                rows.person("recorded_by", e.recorded_by),
            )
        )
        for e in RecoveryEvent.objects.filter(client=client)
        .select_related("recorded_by")
        .order_by("on_date", "id")
    ]
    return Part("recovery_timeline", gettext_lazy("Recovery timeline"), items)


def wins(client: Client, rows: _Rows) -> Part:
    items = [
        Item(
            (
                rows.f("on_date", w.occurred_on),
                rows.choice(w, "kind"),
                rows.f("title", w.title),
                rows.f("milestone", w.milestone_key),
                rows.person("recorded_by", w.created_by),
                rows.f("congratulation", w.congratulation),
                rows.person("congratulated_by", w.congratulated_by),
            )
        )
        for w in Win.objects.filter(client=client)
        .select_related("created_by", "congratulated_by")
        .order_by("occurred_on", "id")
    ]
    return Part("wins", gettext_lazy("Milestones and wins"), items)


def questionnaires(client: Client, rows: _Rows) -> Part:
    items = []
    for response in (
        AssessmentResponse.objects.filter(client=client)
        .select_related("created_by")
        .order_by("occurred_at", "id")
    ):
        instrument = get_instrument(response.instrument, response.version)
        band = next((b for b in instrument.bands_for(response.sex) if b.key == response.band), None)
        fields = (
            rows.f("occurred_at", response.occurred_at),
            rows.f("questionnaire", response.instrument, instrument.short_title),
            rows.f("version", response.version),
            rows.f("answers", response.answers),
            rows.f("total", response.total),
            rows.f("result", response.band, str(band.label) if band else response.band),
            rows.f("flags", response.flags),
            rows.choice(response, "source"),
            rows.person("recorded_by", response.created_by),
        )
        items.append(Item(fields))
    return Part("questionnaires", gettext_lazy("Questionnaires and scores"), items)


def safety_plans(client: Client, rows: _Rows) -> Part:
    """Every version of the plan, oldest first (versions are never changed or deleted)."""
    items = []
    for plan in (
        SafetyPlanVersion.objects.filter(client=client)
        .select_related("created_by")
        .order_by("number")
    ):
        fields = [
            rows.f("version", plan.number),
            rows.f("created_at", plan.created_at),
            rows.person("created_by", plan.created_by),
        ]
        fields += [rows.f(section.key, text) for section, text in plan.entries()]
        items.append(Item(tuple(fields)))
    return Part("safety_plans", gettext_lazy("Safety plan, every version"), items)


def recovery_plan(client: Client, rows: _Rows) -> Part:
    """Every goal with its tasks, oldest first."""
    tasks: dict[int, list[str]] = {}
    for task in Task.objects.filter(client=client).order_by("created_at", "id"):
        done = f" ({_('done')} {rows.shown(task.done_at)})" if task.done_at else ""
        tasks.setdefault(task.goal_id, []).append(f"{task.title}{done}")
    items = [
        Item(
            (
                rows.choice(goal, "domain"),
                rows.f("goal", goal.title),
                rows.f("specific", goal.specific),
                rows.f("measurable", goal.measurable),
                rows.f("achievable", goal.achievable),
                rows.f("relevant", goal.relevant),
                rows.f("time_bound", goal.time_bound),
                rows.choice(goal, "status"),
                rows.f("target_date", goal.target_date),
                rows.f("done_on", goal.done_on),
                rows.f("tasks", tasks.get(goal.pk, [])),
                rows.f("created_at", goal.created_at),
                rows.person("created_by", goal.created_by),
            )
        )
        for goal in Goal.objects.filter(client=client)
        .select_related("created_by")
        .order_by("created_at", "id")
    ]
    return Part("recovery_plan", gettext_lazy("Recovery plan: goals and tasks"), items)


def pathway_progress(client: Client, rows: _Rows) -> Part:
    """Every move of a stage of the person's pathways (the history), and the stages they
    named for a pathway of their own."""
    items = [
        Item(
            (
                rows.f("pathway", "own"),
                rows.f("stage", stage.title),
                rows.f("position", stage.position),
            )
        )
        for stage in OwnStage.objects.filter(client=client).order_by("position")
    ]
    for move in (
        StageMove.objects.filter(client=client)
        .select_related("moved_by")
        .order_by("moved_at", "pk")
    ):
        pathway = get_pathway(move.pathway)
        stage = pathway.stage(move.stage) if pathway is not None else None
        items.append(
            Item(
                (
                    rows.f("pathway", str(pathway.title) if pathway else move.pathway),
                    rows.f("stage", str(stage.title) if stage else move.stage),
                    rows.choice(move, "from_state"),
                    rows.choice(move, "to_state"),
                    rows.f("note", move.note),
                    rows.f("moved_at", move.moved_at),
                    rows.person("moved_by", move.moved_by),
                )
            )
        )
    return Part("pathway_progress", gettext_lazy("Pathways and step work"), items)


def groups(client: Client, rows: _Rows) -> Part:
    """The groups the person is on the roster of, and their attendance at each session."""
    items = [
        Item((rows.f("group", m.group.name), rows.f("added_at", m.added_at)))
        for m in RosterMember.objects.filter(client=client)
        .select_related("group")
        .order_by("added_at", "pk")
    ]
    items += [
        Item(
            (
                rows.f("group", a.session.group.name),
                rows.f("session_starts_at", a.session.starts_at),
                rows.choice(a, "status"),
                rows.f("note", a.note),
            )
        )
        for a in Attendance.objects.filter(client=client)
        .select_related("session__group")
        .order_by("session__starts_at", "pk")
    ]
    return Part("groups", gettext_lazy("Groups and attendance"), items)


def messages(client: Client, rows: _Rows) -> Part:
    items = [
        Item(
            (
                rows.f("sent_at", m.sent_at),
                rows.f("from_you", m.from_client),
                rows.person("sender", m.sender),
                rows.f("body", m.body),
                rows.f("read_at", m.read_at),
            )
        )
        for m in Message.objects.filter(client=client)
        .select_related("sender")
        .order_by("sent_at", "id")
    ]
    return Part("messages", gettext_lazy("Messages with your advocates"), items)


def flags(client: Client, rows: _Rows) -> Part:
    items = [
        Item(
            (
                rows.f("created_at", f.created_at),
                rows.choice(f, "severity"),
                rows.f("rule", f.rule),
                rows.f("reason", f.reason),
                rows.f("source", f.source_type),
                rows.person("raised_by", f.raised_by),
            )
        )
        for f in RiskFlag.objects.filter(client=client)
        .select_related("raised_by")
        .order_by("created_at", "id")
    ]
    return Part("flags", gettext_lazy("Safety flags"), items)


def alerts(client: Client, rows: _Rows) -> Part:
    items = [
        Item(
            (
                rows.f("created_at", a.created_at),
                rows.choice(a, "severity"),
                rows.choice(a, "state"),
                rows.person("owner", a.owner),
                rows.f("acknowledged_at", a.acknowledged_at),
                rows.person("acknowledged_by", a.acknowledged_by),
                rows.f("acknowledgement_note", a.acknowledgement_note),
                rows.f("resolved_at", a.resolved_at),
                rows.person("resolved_by", a.resolved_by),
                rows.f("resolution", a.resolution),
            )
        )
        for a in Alert.objects.filter(client=client)
        .select_related("owner", "acknowledged_by", "resolved_by")
        .order_by("created_at", "id")
    ]
    return Part("alerts", gettext_lazy("Alerts to your care team"), items)


def crisis_events(client: Client, rows: _Rows) -> Part:
    items = [
        Item(
            (
                rows.f("occurred_at", e.occurred_at),
                rows.person("recorded_by", e.recorded_by),
                rows.f("what_happened", e.what_happened),
                rows.choice(e, "risk_level"),
                rows.codes("actions", e.actions or [], CrisisAction),
                rows.f("actions_other", e.actions_other),
                rows.f("outcome", e.outcome),
                rows.f("follow_up_on", e.follow_up_on),
                rows.f("follow_up_done_at", e.follow_up_done_at),
            )
        )
        for e in CrisisEvent.objects.filter(client=client)
        .select_related("recorded_by")
        .order_by("occurred_at", "id")
    ]
    return Part("crisis_events", gettext_lazy("Crisis events recorded by staff"), items)


def consents(client: Client, rows: _Rows, at: datetime) -> Part:
    items = [
        Item(
            (
                rows.choice(c, "consent_type"),
                rows.f("status", c.status(at)),
                rows.f("discloser", c.discloser),
                rows.codes("information", c.scope or [], Category),
                rows.f("information_detail", c.information_detail),
                rows.f("recipients", c.recipient_names),
                rows.codes("recipient_classes", c.recipient_classes or [], RecipientClass),
                rows.f("recipient_description", c.recipient_description),
                rows.codes("purposes", c.purposes or [], Purpose),
                rows.f("purpose_detail", c.purpose_detail),
                rows.choice(c, "expiry"),
                rows.f("expires_on", c.expires_on),
                rows.f("expiry_event", c.expiry_event),
                rows.choice(c, "signer"),
                rows.f("signer_name", c.signer_name),
                rows.choice(c, "signature_method"),
                rows.f("signed_on", c.signed_on),
                rows.f("revocation_statement", c.revocation_statement),
                rows.f("tpo_statement", c.tpo_statement),
                rows.f("revoked_at", c.revoked_at),
                rows.f("revocation_signed_by", c.revocation_signed_by),
            )
        )
        for c in Consent.objects.filter(client=client).order_by("signed_on", "created_at", "id")
    ]
    return Part("consents", gettext_lazy("Your consents to share information"), items)


def disclosures(client: Client, rows: _Rows) -> Part:
    """The whole disclosure ledger (the accounting shows its last 3 years), with the details
    of a medical emergency disclosure."""
    items = []
    for d in (
        Disclosure.objects.filter(client=client)
        .select_related("made_by", "emergency")
        .order_by("occurred_at", "id")
    ):
        fields = [
            rows.f("occurred_at", d.occurred_at),
            rows.f("recipient", d.recipient_name),
            rows.f("description", d.description),
            rows.codes("information", d.scope or [], Category),
            rows.choice(d, "purpose"),
            rows.f("basis", d.basis, d.basis_text()),
            rows.f("basis_reference", d.basis_reference),
            rows.person("disclosed_by", d.made_by),
            rows.f("reference", d.public_id),
        ]
        emergency = getattr(d, "emergency", None)
        if emergency is not None:
            fields += [
                rows.f("facility", emergency.facility),
                rows.f("nature", emergency.nature),
                rows.f("information_given", emergency.information),
            ]
        items.append(Item(tuple(fields)))
    return Part("disclosures", gettext_lazy("Who your information was shared with"), items)


def reminders(client: Client, rows: _Rows) -> Part:
    preference = ReminderPreference.objects.filter(client=client).first()
    items = []
    if preference is not None:
        fields = (
            rows.f("enabled", preference.enabled),
            rows.f("local_time", preference.local_time),
            rows.choice(preference, "channel"),
        )
        items.append(Item(fields))
    return Part("reminders", gettext_lazy("Check-in reminders"), items, single=True)


def build_package(client: Client, at: datetime) -> Package:
    """Return everything held about CLIENT as of AT. Reads only; the caller audits."""
    rows = _Rows(client)
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
        messages(client, rows),
        flags(client, rows),
        alerts(client, rows),
        crisis_events(client, rows),
        consents(client, rows, at),
        disclosures(client, rows),
        reminders(client, rows),
        portal_invitations(client, rows),
    ]
    return Package(client=client, generated_at=at, parts=parts)


LABELS: dict[str, Promise] = {
    "pathway": gettext_lazy("Pathway"),
    "stage": gettext_lazy("Stage"),
    "from_state": gettext_lazy("From"),
    "to_state": gettext_lazy("To"),
    "moved_at": gettext_lazy("When"),
    "moved_by": gettext_lazy("Moved by"),
    "group": gettext_lazy("Group"),
    "added_at": gettext_lazy("Joined"),
    "session_starts_at": gettext_lazy("Session"),
    "position": gettext_lazy("Order"),
    "domain": gettext_lazy("Area of life"),
    "goal": gettext_lazy("Goal"),
    "specific": gettext_lazy("What exactly"),
    "measurable": gettext_lazy("How you will know"),
    "achievable": gettext_lazy("What makes it doable"),
    "relevant": gettext_lazy("Why it matters"),
    "time_bound": gettext_lazy("By when"),
    "target_date": gettext_lazy("Target date"),
    "done_on": gettext_lazy("Done on"),
    "tasks": gettext_lazy("Tasks"),
    "record_number": gettext_lazy("Record number"),
    "preferred_name": gettext_lazy("Preferred name"),
    "legal_name": gettext_lazy("Legal name"),
    "pronouns": gettext_lazy("Pronouns"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "language": gettext_lazy("Language"),
    "time_zone": gettext_lazy("Time zone"),
    "pathways": gettext_lazy("Recovery pathways"),
    "organization": gettext_lazy("Program"),
    "recorded_since": gettext_lazy("Record started"),
    "sign_in_email": gettext_lazy("Sign-in e-mail"),
    "account_created": gettext_lazy("Account created"),
    "last_sign_in": gettext_lazy("Last sign-in"),
    "second_factor": gettext_lazy("Second factor turned on"),
    "created_at": gettext_lazy("Recorded"),
    "channel": gettext_lazy("Sent through"),
    "sent_to": gettext_lazy("Sent to"),
    "created_by": gettext_lazy("By"),
    "expires_at": gettext_lazy("Expires"),
    "used_at": gettext_lazy("Used"),
    "revoked_at": gettext_lazy("Revoked"),
    "program": gettext_lazy("Program"),
    "level_of_care": gettext_lazy("Level of care"),
    "admitted_at": gettext_lazy("Admitted"),
    "discharged_at": gettext_lazy("Discharged"),
    "discharge_reason": gettext_lazy("Reason for discharge"),
    "advocate": gettext_lazy("Advocate"),
    "started_at": gettext_lazy("From"),
    "ended_at": gettext_lazy("Until"),
    "end_reason": gettext_lazy("Why it ended"),
    "occurred_at": gettext_lazy("When"),
    "kind": gettext_lazy("Kind"),
    "minutes": gettext_lazy("Minutes"),
    "location": gettext_lazy("Place"),
    "topics": gettext_lazy("Topics"),
    "note": gettext_lazy("Note"),
    "follow_up_on": gettext_lazy("Follow up on"),
    "recorded_at": gettext_lazy("Written down"),
    "day": gettext_lazy("Day"),
    "mood": gettext_lazy("Mood"),
    "craving": gettext_lazy("Craving (0 to 10)"),
    "used_since_last": gettext_lazy("Used since the last check-in"),
    "substance": gettext_lazy("Substance"),
    "sleep_hours": gettext_lazy("Hours of sleep"),
    "sleep_quality": gettext_lazy("Sleep"),
    "went_well": gettext_lazy("What went well"),
    "wants_contact": gettext_lazy("Asked to talk"),
    "safety_concern": gettext_lazy("Did not feel safe"),
    "overdose": gettext_lazy("Overdose"),
    "source": gettext_lazy("Given through"),
    "recorded_by": gettext_lazy("Recorded by"),
    "on_date": gettext_lazy("Date"),
    "title": gettext_lazy("Title"),
    "milestone": gettext_lazy("Milestone"),
    "congratulation": gettext_lazy("Congratulations"),
    "congratulated_by": gettext_lazy("Congratulated by"),
    "questionnaire": gettext_lazy("Questionnaire"),
    "version": gettext_lazy("Version"),
    "answers": gettext_lazy("Answers"),
    "total": gettext_lazy("Total score"),
    "result": gettext_lazy("Result"),
    "flags": gettext_lazy("Flags"),
    "warning_signs": gettext_lazy("Warning signs"),
    "coping_alone": gettext_lazy("Things I can do on my own"),
    "distractions": gettext_lazy("People and places that take my mind off things"),
    "support_people": gettext_lazy("People I can ask for help"),
    "professionals": gettext_lazy("Professionals and crisis lines"),
    "safer_surroundings": gettext_lazy("Making my surroundings safer"),
    "sent_at": gettext_lazy("Sent"),
    "from_you": gettext_lazy("From you"),
    "sender": gettext_lazy("Written by"),
    "body": gettext_lazy("Message"),
    "read_at": gettext_lazy("Read"),
    "severity": gettext_lazy("Severity"),
    "rule": gettext_lazy("Rule"),
    "reason": gettext_lazy("Reason"),
    "raised_by": gettext_lazy("Raised by"),
    "state": gettext_lazy("State"),
    "owner": gettext_lazy("Taken by"),
    "acknowledged_at": gettext_lazy("Acknowledged"),
    "acknowledged_by": gettext_lazy("Acknowledged by"),
    "acknowledgement_note": gettext_lazy("Acknowledgement note"),
    "resolved_at": gettext_lazy("Resolved"),
    "resolved_by": gettext_lazy("Resolved by"),
    "resolution": gettext_lazy("Resolution"),
    "what_happened": gettext_lazy("What happened"),
    "risk_level": gettext_lazy("Risk level"),
    "actions": gettext_lazy("What was done"),
    "actions_other": gettext_lazy("Also done"),
    "outcome": gettext_lazy("Outcome"),
    "follow_up_done_at": gettext_lazy("Followed up"),
    "consent_type": gettext_lazy("Type of consent"),
    "status": gettext_lazy("Status"),
    "discloser": gettext_lazy("Who may share"),
    "information": gettext_lazy("Information"),
    "information_detail": gettext_lazy("Information, in detail"),
    "recipients": gettext_lazy("Recipients"),
    "recipient_classes": gettext_lazy("Classes of recipient"),
    "recipient_description": gettext_lazy("Recipients, described"),
    "purposes": gettext_lazy("Purposes"),
    "purpose_detail": gettext_lazy("Purpose, in detail"),
    "expiry": gettext_lazy("Ends"),
    "expires_on": gettext_lazy("Ends on"),
    "expiry_event": gettext_lazy("Ends when"),
    "signer": gettext_lazy("Signed by"),
    "signer_name": gettext_lazy("Name of the signer"),
    "signature_method": gettext_lazy("How it was signed"),
    "signed_on": gettext_lazy("Signed on"),
    "revocation_statement": gettext_lazy("Your right to revoke"),
    "tpo_statement": gettext_lazy("Statement about redisclosure"),
    "revocation_signed_by": gettext_lazy("Revocation signed by"),
    "recipient": gettext_lazy("Shared with"),
    "description": gettext_lazy("What was shared"),
    "purpose": gettext_lazy("Purpose"),
    "basis": gettext_lazy("Consent or legal basis"),
    "basis_reference": gettext_lazy("Reference of the legal basis"),
    "disclosed_by": gettext_lazy("Shared by"),
    "reference": gettext_lazy("Reference"),
    "facility": gettext_lazy("Facility"),
    "nature": gettext_lazy("The emergency"),
    "information_given": gettext_lazy("Information given"),
    "enabled": gettext_lazy("Reminders on"),
    "local_time": gettext_lazy("At"),
}


def label_for(key: str) -> Promise | str:
    """Return KEY's label for the readable page (the key itself if it has none)."""
    return LABELS.get(key, key)
