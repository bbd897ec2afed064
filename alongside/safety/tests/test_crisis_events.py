"""Crisis events on the staff side: recording what happened (after an alert or on its own),
reading it, the supervisor's sign-off and review queue, and the follow-up on Today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.audit.models import AccessEvent, Action, Outcome
from alongside.clients.models import Assignment
from alongside.lib.zones import local_date
from alongside.organizations.models import Role
from alongside.safety import crisis
from alongside.safety.crisis import CrisisDetails, record_crisis_event
from alongside.safety.models import CrisisEvent
from alongside.safety.tests.crisis_factories import make_crisis_event
from alongside.safety.tests.factories import make_alert
from alongside.testing.personas import login, make_client, make_member
from alongside.testing.querycount import count_queries
from alongside.today.queries import today_queue

CHICAGO = ZoneInfo("America/Chicago")
FORM = {
    "occurred_at": "",
    "what_happened": "Texted that they could not see a way forward tonight.",
    "risk_level": "high",
    "actions": ["listened_stayed", "called_988"],
    "actions_other": "",
    "outcome": "Safe at home with their sister; agreed to call 988 if it builds.",
    "follow_up_on": "",
}


def form(**changes):
    """The record form as Ana fills it in: times in her zone (her organization's, Chicago)."""
    data = dict(FORM)
    an_hour_ago = timezone.now().astimezone(CHICAGO) - timedelta(hours=1)
    data["occurred_at"] = an_hour_ago.strftime("%Y-%m-%dT%H:%M")
    data.update(changes)
    return data


def details(**changes) -> CrisisDetails:
    values = {
        "what_happened": FORM["what_happened"],
        "risk_level": "high",
        "actions": ["listened_stayed"],
        "outcome": FORM["outcome"],
    }
    values.update(changes)
    return CrisisDetails(**values)


def audit_rows(user, action, event):
    return AccessEvent.objects.filter(
        user_id=user.pk,
        action=action,
        object_type="crisis_event",
        object_public_id=str(event.public_id),
    )


def other_team(cast):
    """Sue supervises Val, who works with Casey alongside Ana: Sue sees Casey, but Ana is
    not on her team."""
    sue = make_member(cast.org, "sue@hope.test", "Sue Supervisor", Role.SUPERVISOR)
    val = make_member(cast.org, "val@hope.test", "Val Advocate", Role.PRA, supervisor=sue)
    Assignment.objects.create(
        organization=cast.org, client=cast.casey, advocate=val, started_at=timezone.now()
    )
    return sue


# --- Recording -------------------------------------------------------------------------------


def test_the_alert_page_offers_to_record_what_happened(client, cast):
    alert = make_alert(cast.casey)
    login(client, cast.ana)
    page = client.get(f"/alerts/{alert.public_id}/").text
    assert f"/clients/{cast.casey.public_id}/crisis-events/new/?alert={alert.public_id}" in page


def test_the_form_after_an_alert_starts_from_the_alert(client, cast):
    alert = make_alert(cast.casey, severity="moderate", reason="Craving 9 of 10")
    login(client, cast.ana)
    response = client.get(
        f"/clients/{cast.casey.public_id}/crisis-events/new/?alert={alert.public_id}"
    )
    assert response.status_code == 200
    assert "After the moderate alert" in response.text and "Craving 9 of 10" in response.text
    assert response.context["form"].initial["risk_level"] == "moderate"


def test_an_advocate_records_what_happened_after_an_alert(client, cast):
    alert = make_alert(cast.casey)
    login(client, cast.ana)
    url = f"/clients/{cast.casey.public_id}/crisis-events/new/?alert={alert.public_id}"
    response = client.post(url, form(actions=["called_988", "listened_stayed"]), follow=True)
    assert "Crisis event recorded." in response.text
    event = CrisisEvent.objects.get()
    assert (event.client, event.alert, event.recorded_by) == (cast.casey, alert, cast.ana)
    assert event.actions == ["listened_stayed", "called_988"]  # the form's order
    assert event.risk_level == "high" and event.reviewed_at is None
    assert audit_rows(cast.ana, Action.CREATE, event).count() == 1
    assert "See what happened" in client.get(f"/alerts/{alert.public_id}/").text


def test_an_advocate_records_a_crisis_without_an_alert(client, cast):
    login(client, cast.ana)
    response = client.post(
        f"/clients/{cast.jordan.public_id}/crisis-events/new/",
        form(actions=["naloxone_given", "emergency_services"], risk_level="high"),
    )
    event = CrisisEvent.objects.get()
    assert response["Location"] == f"/crisis-events/{event.public_id}/"
    assert event.alert is None
    assert event.actions == ["emergency_services", "naloxone_given"]


def test_the_record_is_reachable_from_the_profile(client, cast):
    login(client, cast.ana)
    page = client.get(f"/clients/{cast.casey.public_id}/").text
    assert f"/clients/{cast.casey.public_id}/crisis-events/new/" in page


def test_an_empty_form_is_a_422_with_every_problem_and_saves_nothing(client, cast):
    login(client, cast.ana)
    response = client.post(
        f"/clients/{cast.casey.public_id}/crisis-events/new/",
        {"occurred_at": "", "what_happened": " ", "outcome": ""},
    )
    assert response.status_code == 422
    for message in (
        "Say when it happened.",
        "Say what happened.",
        "Choose low, moderate or high.",
        "Tick at least one thing you did.",
        "Say how it ended, for now.",
    ):
        assert message in response.text
    assert not CrisisEvent.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.CREATE, object_type="crisis_event")


def test_a_follow_up_in_the_past_is_refused_on_the_form(client, cast):
    login(client, cast.ana)
    yesterday = local_date(cast.casey.time_zone, timezone.now()) - timedelta(days=1)
    response = client.post(
        f"/clients/{cast.casey.public_id}/crisis-events/new/",
        form(follow_up_on=yesterday.isoformat()),
    )
    assert response.status_code == 422
    assert "Choose today or a later day." in response.text
    assert not CrisisEvent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"risk_level": "severe"}, "risk_level", "Choose low, moderate or high."),
        ({"actions": []}, "actions", "Tick at least one thing you did."),
        ({"actions": ["prayed"]}, "actions", "Choose from the list."),
        ({"actions": [None]}, "actions", "Choose from the list."),
        ({"actions": ["other"]}, "actions_other", "Say what else you did."),
        ({"what_happened": "x" * 4001}, "what_happened", "Use at most 4,000 characters."),
        ({"outcome": "Safe\x00"}, "outcome", "Remove the null character."),
        (
            {"occurred_at": datetime.now(UTC) + timedelta(hours=1)},
            "occurred_at",
            "A crisis cannot be recorded in the future.",
        ),
        (
            {"occurred_at": datetime(2026, 11, 25, 10, 0)},
            "occurred_at",
            "Give the time with its time zone.",
        ),
        ({"follow_up_on": date(2099, 1, 1)}, "follow_up_on", "Choose a day within the next year."),
    ],
)
def test_bad_details_are_refused_by_field_and_save_nothing(cast, changes, field, message):
    with pytest.raises(ValidationError) as caught:
        record_crisis_event(cast.ana, cast.casey, details(**changes))
    assert caught.value.message_dict[field] == [message]
    assert not CrisisEvent.objects.exists()


def test_saying_what_else_was_done_counts_as_something_else(cast):
    event = record_crisis_event(
        cast.ana, cast.casey, details(actions=[], actions_other="Drove them to their sister's")
    )
    assert event.actions == ["other"]
    assert event.action_labels() == ["Drove them to their sister's"]


def test_an_alert_about_someone_else_is_refused(cast):
    jordans = make_alert(cast.jordan)
    quinns = make_alert(cast.quinn)
    for alert in (jordans, quinns):
        with pytest.raises(ValidationError) as caught:
            record_crisis_event(cast.ana, cast.casey, details(alert_id=alert.public_id))
        assert "alert_id" in caught.value.message_dict
    assert not CrisisEvent.objects.exists()


def test_an_alert_problem_is_reported_with_the_other_problems(cast):
    alert = make_alert(cast.jordan)
    with pytest.raises(ValidationError) as caught:
        record_crisis_event(
            cast.ana, cast.casey, details(what_happened="", alert_id=alert.public_id)
        )
    assert set(caught.value.message_dict) == {"what_happened", "alert_id"}


def test_the_form_with_an_alert_about_someone_else_is_a_404(client, cast):
    alert = make_alert(cast.jordan)
    login(client, cast.ana)
    url = f"/clients/{cast.casey.public_id}/crisis-events/new/?alert={alert.public_id}"
    assert client.get(url).status_code == 404
    assert client.post(url, form()).status_code == 404
    assert (
        client.get(f"/clients/{cast.casey.public_id}/crisis-events/new/?alert=nope").status_code
        == 404
    )
    assert not CrisisEvent.objects.exists()


def test_one_record_per_alert(client, cast):
    alert = make_alert(cast.casey)
    first = record_crisis_event(cast.ana, cast.casey, details(alert_id=alert.public_id))
    with pytest.raises(ValidationError) as caught:
        record_crisis_event(cast.sam, cast.casey, details(alert_id=alert.public_id))
    assert caught.value.message_dict["alert_id"] == [
        "What happened after this alert is already recorded."
    ]
    login(client, cast.ana)
    url = f"/clients/{cast.casey.public_id}/crisis-events/new/?alert={alert.public_id}"
    assert client.get(url)["Location"] == f"/crisis-events/{first.public_id}/"
    assert CrisisEvent.objects.count() == 1


def test_a_clinician_reads_crisis_events_in_their_program_but_cannot_record(client, cast):
    event = make_crisis_event(cast.casey, recorded_by=cast.ana, follow_up_on=timezone.localdate())
    new = f"/clients/{cast.casey.public_id}/crisis-events/new/"
    actions = (f"/crisis-events/{event.public_id}/follow-up-done/", "/sign-off/")
    login(client, cast.sam)
    assert all(url in client.get(f"/crisis-events/{event.public_id}/").text for url in actions)
    login(client, cast.cleo)
    assert client.get(new).status_code == 403
    assert client.post(new, form()).status_code == 403
    page = client.get(f"/crisis-events/{event.public_id}/")
    assert page.status_code == 200
    assert not any(url in page.text for url in actions)
    # Jordan is in the outpatient program: not Cleo's to see.
    outpatient = make_crisis_event(cast.jordan)
    assert client.get(f"/crisis-events/{outpatient.public_id}/").status_code == 404
    assert CrisisEvent.objects.count() == 2


def test_a_director_reads_but_does_not_record(client, cast):
    login(client, cast.dana)
    assert (
        client.post(f"/clients/{cast.casey.public_id}/crisis-events/new/", form()).status_code
        == 403
    )
    assert not CrisisEvent.objects.exists()
    with pytest.raises(PermissionDenied):
        record_crisis_event(cast.dana, cast.casey, details())


def test_another_organization_gets_404_everywhere(client, cast):
    event = make_crisis_event(cast.casey)
    login(client, cast.oscar)
    assert client.get(f"/clients/{cast.casey.public_id}/crisis-events/new/").status_code == 404
    assert client.get(f"/clients/{cast.casey.public_id}/crisis-events/").status_code == 404
    for url in ("", "sign-off/", "follow-up-done/"):
        method = client.get if not url else client.post
        response = method(f"/crisis-events/{event.public_id}/{url}")
        assert response.status_code == 404
        assert "Casey" not in response.text
    event.refresh_from_db()
    assert event.reviewed_at is None


def test_reading_an_event_is_audited(client, cast):
    event = make_crisis_event(cast.casey)
    login(client, cast.ana)
    page = client.get(f"/crisis-events/{event.public_id}/").text
    assert "Said they did not feel safe tonight." in page
    assert "Listened and stayed with them" in page and "Called 988" in page
    assert audit_rows(cast.ana, Action.VIEW, event).count() == 1


def test_a_clients_crisis_events_are_listed_and_audited(client, cast):
    make_crisis_event(cast.casey)
    make_crisis_event(cast.jordan, what_happened="Jordan's crisis")
    login(client, cast.ana)
    response = client.get(f"/clients/{cast.casey.public_id}/crisis-events/")
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 1
    assert AccessEvent.objects.filter(
        user_id=cast.ana.pk, client_id=cast.casey.pk, object_type="crisis_event_list"
    ).exists()


def test_sign_off_and_follow_up_accept_only_post(client, cast):
    event = make_crisis_event(cast.casey, follow_up_on=timezone.localdate())
    login(client, cast.sam)
    assert client.get(f"/crisis-events/{event.public_id}/sign-off/").status_code == 405
    assert client.get(f"/crisis-events/{event.public_id}/follow-up-done/").status_code == 405
    event.refresh_from_db()
    assert event.reviewed_at is None and event.follow_up_done_at is None


# --- Sign-off --------------------------------------------------------------------------------


def test_the_team_supervisor_signs_off(client, cast):
    event = make_crisis_event(cast.casey, recorded_by=cast.ana)
    login(client, cast.sam)
    assert "Sign off" in client.get(f"/crisis-events/{event.public_id}/").text
    response = client.post(
        f"/crisis-events/{event.public_id}/sign-off/", {"note": "Well handled."}, follow=True
    )
    assert "Signed off by Sam Supervisor" in response.text
    event.refresh_from_db()
    assert (event.reviewed_by, event.review_note) == (cast.sam, "Well handled.")
    assert audit_rows(cast.sam, Action.UPDATE, event).count() == 1


def test_nobody_signs_off_their_own_record(client, cast):
    event = make_crisis_event(cast.casey, recorded_by=cast.sam)
    login(client, cast.sam)
    assert "Sign off" not in client.get(f"/crisis-events/{event.public_id}/").text
    assert client.post(f"/crisis-events/{event.public_id}/sign-off/", {}).status_code == 403
    event.refresh_from_db()
    assert event.reviewed_at is None
    # A director of the organization can.
    crisis.sign_off(cast.dana, event)
    event.refresh_from_db()
    assert event.reviewed_by == cast.dana


def test_the_database_refuses_a_self_sign_off_too(cast):
    event = make_crisis_event(cast.casey, recorded_by=cast.ana)
    with pytest.raises(IntegrityError), transaction.atomic():
        CrisisEvent.objects.filter(pk=event.pk).update(
            reviewed_by=cast.ana, reviewed_at=timezone.now()
        )


def test_a_supervisor_of_another_team_may_not_sign_off(client, cast):
    sue = other_team(cast)
    event = make_crisis_event(cast.casey, recorded_by=cast.ana)
    login(client, sue)
    assert client.get(f"/crisis-events/{event.public_id}/").status_code == 200
    assert client.post(f"/crisis-events/{event.public_id}/sign-off/", {}).status_code == 403
    event.refresh_from_db()
    assert event.reviewed_at is None


def test_an_advocate_may_not_sign_off_a_colleagues_record(cast):
    event = make_crisis_event(cast.casey, recorded_by=cast.ana)
    with pytest.raises(PermissionDenied):
        crisis.sign_off(cast.ben, event)
    with pytest.raises(PermissionDenied):
        crisis.sign_off(cast.oscar, event)


def test_signing_off_twice_is_refused_naming_who_signed(client, cast):
    event = make_crisis_event(cast.casey, recorded_by=cast.ana)
    crisis.sign_off(cast.sam, event, "Fine.")
    stale = CrisisEvent.objects.get(pk=event.pk)
    with pytest.raises(ValidationError, match=r"Sam Supervisor already signed this off\."):
        crisis.sign_off(cast.dana, stale, "Me too.")
    login(client, cast.dana)
    response = client.post(f"/crisis-events/{event.public_id}/sign-off/", {"note": "Again"})
    assert response.status_code == 422
    assert "Sam Supervisor already signed this off." in response.text
    event.refresh_from_db()
    assert (event.reviewed_by, event.review_note) == (cast.sam, "Fine.")
    assert audit_rows(cast.dana, Action.UPDATE, event).count() == 0


# --- Review queue ----------------------------------------------------------------------------


def test_the_review_queue_holds_the_teams_events_waiting_for_sign_off(client, cast):
    anas = make_crisis_event(cast.casey, recorded_by=cast.ana)
    bens = make_crisis_event(cast.riley, recorded_by=cast.ben)
    signed = make_crisis_event(
        cast.jordan, recorded_by=cast.ana, reviewed_by=cast.dana, reviewed_at=timezone.now()
    )
    sams = make_crisis_event(cast.newcomer, recorded_by=cast.sam)
    make_crisis_event(cast.quinn, recorded_by=cast.oscar)

    login(client, cast.sam)
    queue = client.get("/crisis-events/review/")
    assert [e.pk for e in queue.context["page_obj"].object_list] == [anas.pk, bens.pk]
    assert "2 waiting for your sign-off" in queue.text

    login(client, cast.dana)
    shown = client.get("/crisis-events/review/").context["page_obj"].object_list
    assert {e.pk for e in shown} == {anas.pk, bens.pk, sams.pk}
    assert signed.pk not in {e.pk for e in shown}


def test_another_teams_supervisor_has_nothing_to_review(client, cast):
    sue = other_team(cast)
    make_crisis_event(cast.casey, recorded_by=cast.ana)
    login(client, sue)
    assert "Nothing to review." in client.get("/crisis-events/review/").text


def test_the_review_queue_is_for_supervisors_and_directors(client, cast):
    for person in (cast.ana, cast.cleo, cast.alex, cast.oscar):
        login(client, person)
        assert client.get("/crisis-events/review/").status_code == 403


def test_the_review_queue_audits_each_person_shown(client, cast):
    make_crisis_event(cast.casey, recorded_by=cast.ana)
    make_crisis_event(cast.riley, recorded_by=cast.ben)
    login(client, cast.sam)
    client.get("/crisis-events/review/")
    viewed = set(
        AccessEvent.objects.filter(user_id=cast.sam.pk, action=Action.VIEW).values_list(
            "client_id", flat=True
        )
    )
    assert viewed == {cast.casey.pk, cast.riley.pk}


def test_the_review_queue_pages(client, cast, settings):
    settings.ALONGSIDE_PAGE_SIZE = 2
    for _ in range(3):
        make_crisis_event(cast.casey, recorded_by=cast.ana)
    login(client, cast.sam)
    assert len(client.get("/crisis-events/review/").context["page_obj"].object_list) == 2
    assert len(client.get("/crisis-events/review/?page=2").context["page_obj"].object_list) == 1


def test_the_review_queue_query_count_does_not_grow(client, cast):
    login(client, cast.sam)
    for i in range(3):
        person = make_client(cast.residential, f"Small {i}", advocate=cast.ana)
        make_crisis_event(person, recorded_by=cast.ana)
    client.get("/crisis-events/review/")
    small = count_queries(client, "/crisis-events/review/")
    for i in range(20):
        person = make_client(cast.residential, f"Large {i:02}", advocate=cast.ben)
        make_crisis_event(person, recorded_by=cast.ben)
    assert count_queries(client, "/crisis-events/review/") == small


def test_supervisors_find_the_queue_from_the_alerts_page(client, cast):
    login(client, cast.sam)
    assert "/crisis-events/review/" in client.get("/alerts/").text
    login(client, cast.ana)
    assert "/crisis-events/review/" not in client.get("/alerts/").text


# --- Follow-up on Today ----------------------------------------------------------------------


def test_a_due_follow_up_puts_the_person_on_today(client, cast):
    event = make_crisis_event(
        cast.casey, follow_up_on=local_date("America/Chicago", timezone.now())
    )
    login(client, cast.ana)
    page = client.get("/today/").text
    assert "Crisis follow-up due" in page
    day = local_date("America/Chicago", event.occurred_at)
    assert f"After the crisis on {day:%b} {day.day} · due today" in page


def test_an_overdue_follow_up_says_by_how_long(cast):
    today = local_date("America/Chicago", timezone.now())
    make_crisis_event(cast.casey, follow_up_on=today - timedelta(days=2))
    [row] = today_queue(cast.ana, timezone.now())
    assert row.codes == ["crisis_followup_due"]
    assert row.flags[0].detail.endswith("overdue by 2 days")


def test_a_future_or_done_follow_up_is_not_on_today(cast):
    today = local_date("America/Chicago", timezone.now())
    make_crisis_event(cast.casey, follow_up_on=today + timedelta(days=1))
    make_crisis_event(
        cast.jordan,
        follow_up_on=today,
        follow_up_done_at=timezone.now(),
        follow_up_done_by=cast.ana,
    )
    make_crisis_event(cast.casey)  # no follow-up at all
    assert today_queue(cast.ana, timezone.now()) == []


def test_the_follow_up_is_due_on_the_clients_own_day(cast):
    # 11:00 UTC on Nov 25: already Nov 26 in Kiritimati (UTC+14), still Nov 25 in Chicago.
    now = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    far_east = make_client(cast.residential, "Kiri", advocate=cast.ana)
    far_east.time_zone = "Pacific/Kiritimati"
    far_east.save(update_fields=["time_zone"])
    make_crisis_event(far_east, follow_up_on=date(2026, 11, 26), occurred_at=now)
    make_crisis_event(cast.casey, follow_up_on=date(2026, 11, 26), occurred_at=now)
    rows = today_queue(cast.ana, now)
    assert [row.client.preferred_name for row in rows] == ["Kiri"]
    assert rows[0].flags[0].detail == "After the crisis on Nov 26 · due today"


def test_marking_the_follow_up_done_clears_today(client, cast):
    event = make_crisis_event(
        cast.casey, follow_up_on=local_date("America/Chicago", timezone.now())
    )
    login(client, cast.ana)
    response = client.post(f"/crisis-events/{event.public_id}/follow-up-done/", follow=True)
    assert "Follow-up marked done." in response.text
    event.refresh_from_db()
    assert event.follow_up_done_by == cast.ana
    assert audit_rows(cast.ana, Action.UPDATE, event).count() == 1
    assert "Crisis follow-up due" not in client.get("/today/").text


def test_a_follow_up_is_marked_done_once(client, cast):
    event = make_crisis_event(cast.casey, follow_up_on=timezone.localdate())
    crisis.mark_follow_up_done(cast.ana, event)
    login(client, cast.sam)
    response = client.post(f"/crisis-events/{event.public_id}/follow-up-done/", follow=True)
    assert "Ana Advocate already marked the follow-up done." in response.text
    event.refresh_from_db()
    assert event.follow_up_done_by == cast.ana


def test_without_a_follow_up_there_is_nothing_to_mark_done(cast):
    event = make_crisis_event(cast.casey)
    with pytest.raises(ValidationError, match=r"No follow-up was set"):
        crisis.mark_follow_up_done(cast.ana, event)


def test_a_clinician_may_not_mark_a_follow_up_done(client, cast):
    event = make_crisis_event(cast.casey, follow_up_on=timezone.localdate())
    login(client, cast.cleo)
    assert client.post(f"/crisis-events/{event.public_id}/follow-up-done/").status_code == 403
    event.refresh_from_db()
    assert event.follow_up_done_at is None


def test_todays_query_count_does_not_grow_with_crisis_follow_ups(client, cast):
    today = local_date("America/Chicago", timezone.now())
    login(client, cast.ana)
    for i in range(4):
        person = make_client(cast.residential, f"Small {i}", advocate=cast.ana)
        make_crisis_event(person, follow_up_on=today)
    client.get("/today/")
    small = count_queries(client, "/today/")
    for i in range(30):
        person = make_client(cast.residential, f"Large {i:02}", advocate=cast.ana)
        make_crisis_event(person, follow_up_on=today - timedelta(days=i % 3))
        make_crisis_event(person, follow_up_on=today + timedelta(days=1))
    assert count_queries(client, "/today/") == small


def test_the_profile_lists_recent_crisis_events(client, cast):
    event = make_crisis_event(cast.casey, follow_up_on=timezone.localdate())
    login(client, cast.ana)
    page = client.get(f"/clients/{cast.casey.public_id}/").text
    assert f"/crisis-events/{event.public_id}/" in page
    assert "Waiting for review" in page
    assert f"/clients/{cast.casey.public_id}/crisis-events/" in page


def test_a_denied_record_page_is_audited(client, cast):
    login(client, cast.dana)
    client.get(f"/clients/{cast.casey.public_id}/crisis-events/new/")
    assert AccessEvent.objects.filter(
        user_id=cast.dana.pk, client_id=cast.casey.pk, outcome=Outcome.DENIED
    ).exists()
