"""Parts about the person and their care: profile, account, stays, advocates, contacts,
check-ins, messages, reminders and portal invitations."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from alongside.checkins.models import CheckIn
from alongside.clients.models import Assignment, Client, Episode, Pathway
from alongside.messaging.models import Message
from alongside.myrecord.package.base import Item, Part, Rows
from alongside.notifications.models import ReminderPreference
from alongside.portal.models import Invitation
from alongside.support.models import Encounter, Topic


def profile(client: Client, rows: Rows) -> Part:
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


def account(client: Client, rows: Rows) -> Part:
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


def portal_invitations(client: Client, rows: Rows) -> Part:
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


def episodes(client: Client, rows: Rows) -> Part:
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


def advocates(client: Client, rows: Rows) -> Part:
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


def contacts(client: Client, rows: Rows) -> Part:
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


def checkins(client: Client, rows: Rows) -> Part:
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


def messages(client: Client, rows: Rows) -> Part:
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


def reminders(client: Client, rows: Rows) -> Part:
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
