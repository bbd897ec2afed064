"""A client with a row of every kind Alongside keeps about a person, each free-text field
marked with a canary string, for the package and download tests."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from alongside.aftercare.tests.factories import make_reached_followup
from alongside.assessments.services import record_assessment
from alongside.clients.models import Client
from alongside.consent.gate import record_emergency_disclosure
from alongside.consent.tests.factories import make_consent
from alongside.groups.models import Group, Session, Topic
from alongside.groups.services import Mark, add_to_roster, record_attendance
from alongside.messaging.services import send_message
from alongside.notifications.models import ReminderPreference
from alongside.pathways.catalog import OWN, TWELVE_STEP
from alongside.pathways.services import add_own_stage, follow_pathway, move_stage
from alongside.plans.tests.factories import make_goal, make_task
from alongside.portal.services import invite_client
from alongside.recovery.models import EventKind
from alongside.recovery.tests.factories import days_ago, make_event, make_win
from alongside.safety.tests.crisis_factories import make_crisis_event
from alongside.safety.tests.factories import make_alert
from alongside.safetyplans.tests.factories import make_plan
from alongside.testing.personas import give_portal_account, make_checkin, make_encounter


def fill_record(client: Client, advocate: Any, canary: str, email: str) -> Any:
    """Give CLIENT a portal account (EMAIL) and one row of every kind, each free-text field
    holding CANARY; return the account."""
    invite_client(advocate, client, email=email)
    account = give_portal_account(client, email)
    client.pronouns = f"they/them {canary}-pronouns"
    client.phone = "555 010 0199"
    client.save(update_fields=["pronouns", "phone"])
    make_encounter(client, advocate, note=f"{canary}-contact-note")
    make_checkin(client, went_well=f"{canary}-went-well")
    make_event(client, advocate, days_ago(client, 40), EventKind.START, note=f"{canary}-start")
    make_win(client, advocate, title=f"{canary}-win")
    record_assessment(account, client, "phq2", {"q1": 1, "q2": 1}, source="portal")
    make_alert(client, reason=f"{canary}-flag-reason")
    make_crisis_event(client, what_happened=f"{canary}-crisis", outcome=f"{canary}-outcome")
    send_message(advocate, client, f"{canary}-from-advocate")
    send_message(account, client, f"{canary}-from-client")
    make_plan(client, advocate, warning_signs=f"{canary}-warning-signs")
    goal = make_goal(account, client, title=f"{canary}-goal", specific=f"{canary}-specific")
    make_task(advocate, goal, title=f"{canary}-task")
    first_step = TWELVE_STEP.stages[0].key
    move_stage(advocate, client, "12-step", first_step, "introduced", note=f"{canary}-guidance")
    follow_pathway(advocate, client, OWN)
    add_own_stage(advocate, client, f"{canary}-own-stage")
    _attend_a_group(client, advocate, canary)
    make_reached_followup(client, advocate, canary)
    _keep_worksheets(client, account, advocate, canary)
    make_consent(client, advocate, recipient_names=[f"{canary} Clinic"])
    record_emergency_disclosure(
        advocate,
        client,
        recipient_name=f"{canary} Doctor",
        facility="County ED",
        disclosed_by="Ana Advocate",
        disclosed_at=timezone.now() - timedelta(hours=2),
        nature=f"{canary}-emergency",
        information="Current medications",
    )
    ReminderPreference.objects.create(
        organization_id=client.organization_id, client=client, local_time=time(19, 30)
    )
    return account


def _attend_a_group(client: Client, advocate: Any, canary: str) -> None:
    """Put CLIENT on a group's roster and mark them present at a session, with a note."""
    program = client.episodes.order_by("-pk").first().program
    group = Group.objects.create(
        organization_id=client.organization_id,
        program=program,
        name="Evening step study",
        topic=Topic.STEP_STUDY,
        capacity=20,
        location="Room 2",
    )
    group.facilitators.add(advocate)
    add_to_roster(advocate, group, client)
    session = Session.objects.create(
        organization_id=client.organization_id,
        group=group,
        starts_at=timezone.now() - timedelta(minutes=30),
    )
    record_attendance(advocate, session, {client.pk: Mark("present", f"{canary}-attended")}, "")


def _keep_worksheets(client: Client, account: Any, advocate: Any, canary: str) -> None:
    """A Step 4 inventory with a private row and a shared one, and a comment on the shared."""
    from alongside.worksheets import services as worksheets

    inventory = worksheets.start_worksheet(account, client, "inventory")
    worksheets.add_row(account, inventory, "fears", {"fear": f"{canary}-private-row"})
    shared = worksheets.add_row(account, inventory, "resentments", {"who": f"{canary}-row"})
    worksheets.set_sharing(account, inventory, True, shared)
    worksheets.add_comment(advocate, inventory, f"{canary}-worksheet-comment", shared)
