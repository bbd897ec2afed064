"""The staff side: the banner on every page, the alerts list, taking and resolving an alert,
raising a flag by hand, the worker banner and Today's top row."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.notifications.sweeps import beat
from alongside.safety.models import Alert, RiskFlag
from alongside.safety.tests.factories import make_alert
from alongside.testing.personas import login
from alongside.today.queries import today_queue


def test_an_open_alert_shows_a_banner_on_every_staff_page(client, cast, casey_online):
    make_alert(casey_online)
    login(client, cast.ana)
    for url in ("/today/", "/caseload/", "/messages/"):
        assert "1 alert needs someone now." in client.get(url).text


def test_people_who_cannot_see_the_client_get_no_banner(client, cast, casey_online):
    make_alert(casey_online)
    login(client, cast.oscar)
    assert "needs someone now" not in client.get("/today/").text


def test_the_alert_page_shows_why_and_who_was_reached(client, cast, casey_online):
    alert = make_alert(casey_online)
    login(client, cast.ana)
    page = client.get(f"/alerts/{alert.public_id}/").text
    assert "High alert: Casey" in page
    assert "Answered yes to the safety question" in page
    assert "Sam Supervisor (on call)" in page


def test_taking_an_alert_from_its_page(client, cast, casey_online):
    alert = make_alert(casey_online)
    login(client, cast.ana)
    response = client.post(
        f"/alerts/{alert.public_id}/acknowledge/", {"note": "Calling now"}, follow=True
    )
    assert "You took this alert. Escalation has stopped." in response.text
    alert.refresh_from_db()
    assert alert.acknowledged_by == cast.ana


def test_resolving_without_saying_what_was_done_is_refused(client, cast, casey_online):
    alert = make_alert(casey_online)
    login(client, cast.ana)
    response = client.post(f"/alerts/{alert.public_id}/resolve/", {"resolution": ""})
    assert response.status_code == 422
    assert "Say what was done." in response.text
    alert.refresh_from_db()
    assert alert.state == "open"


def test_a_clinician_sees_the_alert_but_cannot_take_it(client, cast, casey_online):
    alert = make_alert(casey_online)
    login(client, cast.cleo)
    assert client.get(f"/alerts/{alert.public_id}/").status_code == 200
    assert client.post(f"/alerts/{alert.public_id}/acknowledge/", {}).status_code == 403
    alert.refresh_from_db()
    assert alert.state == "open"


def test_the_person_on_call_sees_an_alert_outside_their_caseload(client, cast, casey_online):
    from alongside.organizations.models import Role
    from alongside.safety.models import OnCallShift
    from alongside.testing.personas import make_member

    olu = make_member(cast.org, "olu@hope.test", "Olu OnCall", Role.PRA, supervisor=cast.sam)
    now = timezone.now()
    OnCallShift.objects.create(
        organization=cast.org,
        program=cast.residential,
        user=olu,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    alert = make_alert(casey_online)
    login(client, olu)
    assert client.get(f"/alerts/{alert.public_id}/").status_code == 200
    assert "1 alert needs someone now." in client.get("/today/").text
    client.post(f"/alerts/{alert.public_id}/acknowledge/", {"note": ""})
    alert.refresh_from_db()
    assert alert.acknowledged_by == olu
    # The alert does not open the rest of the record.
    assert client.get(f"/clients/{casey_online.public_id}/").status_code == 404


def test_the_alerts_list_puts_waiting_alerts_first(client, cast, casey_online):
    from alongside.safety.services import resolve

    older = make_alert(cast.jordan)
    resolve(cast.ana, older, "Spoke; safe")
    make_alert(casey_online)
    login(client, cast.ana)
    page = client.get("/alerts/").text
    assert page.index("Casey") < page.index("Jordan")


def test_no_alerts_is_an_empty_state(client, cast):
    login(client, cast.ana)
    assert "No alerts." in client.get("/alerts/").text


def test_an_advocate_raises_a_flag_by_hand(client, cast, casey_online):
    login(client, cast.ana)
    response = client.post(
        f"/clients/{casey_online.public_id}/flags/new/",
        {"severity": "moderate", "reason": "Lost housing today, very shaken"},
        follow=True,
    )
    assert "An alert is on its way" in response.text
    flag = RiskFlag.objects.get()
    assert (flag.rule, flag.raised_by) == ("manual", cast.ana)
    assert Alert.objects.get().flag == flag


def test_a_flag_without_a_reason_is_refused(client, cast, casey_online):
    login(client, cast.ana)
    response = client.post(
        f"/clients/{casey_online.public_id}/flags/new/", {"severity": "high", "reason": ""}
    )
    assert response.status_code == 422
    assert not RiskFlag.objects.exists()


def test_the_worker_banner_shows_when_the_sweeper_is_stale(client, cast):
    login(client, cast.ana)
    beat("sweeper", timezone.now() - timedelta(minutes=3))
    assert "Background work has not run since" in client.get("/today/").text
    beat("sweeper", timezone.now() - timedelta(seconds=30))
    assert "Background work" not in client.get("/today/").text


def test_the_worker_banner_shows_when_the_sweeper_never_ran(client, cast):
    login(client, cast.ana)
    assert "Background work is not running" in client.get("/today/").text


def test_an_alert_is_the_top_row_on_today(cast, casey_online):
    from alongside.testing.personas import make_checkin

    make_checkin(cast.jordan, occurred_at=timezone.now() - timedelta(hours=1), wants_contact=True)
    make_alert(casey_online)
    rows = today_queue(cast.ana, timezone.now())
    assert rows[0].client == casey_online
    assert rows[0].codes[0] == "open_alert"
