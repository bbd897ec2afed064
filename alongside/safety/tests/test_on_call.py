"""The on-call rota: managers add and remove shifts; the person on call is reached."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.safety.models import OnCallShift
from alongside.testing.personas import login


def shift_form(cast, person, *, starts_in=timedelta(hours=1), hours=8, program=None):
    start = timezone.localtime(timezone.now() + starts_in)
    return {
        "program": (program or cast.residential).pk,
        "person": person.pk,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M"),
    }


def test_a_supervisor_adds_a_shift(client, cast):
    login(client, cast.sam)
    response = client.post("/organization/on-call/", shift_form(cast, cast.ben), follow=True)
    assert "Shift added." in response.text
    shift = OnCallShift.objects.get()
    assert (shift.user, shift.program, shift.created_by) == (cast.ben, cast.residential, cast.sam)
    assert "Ben Advocate" in response.text


def test_a_shift_that_ends_before_it_starts_is_refused(client, cast):
    login(client, cast.sam)
    response = client.post("/organization/on-call/", shift_form(cast, cast.ben, hours=-2))
    assert response.status_code == 422
    assert "The shift must end after it starts." in response.text
    assert not OnCallShift.objects.exists()


def test_a_shift_longer_than_a_week_is_refused(client, cast):
    login(client, cast.sam)
    response = client.post("/organization/on-call/", shift_form(cast, cast.ben, hours=24 * 8))
    assert response.status_code == 422
    assert not OnCallShift.objects.exists()


def test_people_from_another_organization_cannot_be_put_on_call(client, cast):
    login(client, cast.sam)
    response = client.post("/organization/on-call/", shift_form(cast, cast.oscar))
    assert response.status_code == 422
    assert not OnCallShift.objects.exists()


def test_a_future_shift_can_be_removed(client, cast):
    login(client, cast.sam)
    client.post("/organization/on-call/", shift_form(cast, cast.ben))
    shift = OnCallShift.objects.get()
    response = client.post(f"/organization/on-call/{shift.pk}/remove/", follow=True)
    assert "Shift removed." in response.text
    assert not OnCallShift.objects.exists()


def test_a_started_shift_stays(client, cast):
    now = timezone.now()
    shift = OnCallShift.objects.create(
        organization=cast.org,
        program=cast.residential,
        user=cast.ben,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    login(client, cast.sam)
    response = client.post(f"/organization/on-call/{shift.pk}/remove/", follow=True)
    assert "A shift that has started cannot be removed." in response.text
    assert OnCallShift.objects.filter(pk=shift.pk).exists()


def test_another_organization_manager_cannot_remove_a_shift(client, cast):
    from alongside.organizations.models import Role
    from alongside.testing.personas import make_member

    other_director = make_member(cast.other_org, "odette@riverbend.test", "Odette", Role.DIRECTOR)
    login(client, cast.sam)
    client.post("/organization/on-call/", shift_form(cast, cast.ben))
    shift = OnCallShift.objects.get()
    login(client, other_director)
    client.post(f"/organization/on-call/{shift.pk}/remove/")
    assert OnCallShift.objects.filter(pk=shift.pk).exists()


def test_advocates_do_not_manage_the_rota(client, cast):
    login(client, cast.ana)
    assert client.get("/organization/on-call/").status_code == 403
