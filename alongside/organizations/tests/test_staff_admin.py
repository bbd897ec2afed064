"""Administrators add staff and change their team, programs and access."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from alongside.accounts.models import User
from alongside.audit.models import AccessEvent
from alongside.organizations.models import Membership
from alongside.testing.personas import login, make_member


def add(client, **data):
    return client.post(reverse("organizations:add_staff"), data)


def test_administrator_adds_an_advocate_to_a_team_and_they_get_a_set_passphrase_email(
    client, cast, django_capture_on_commit_callbacks
):
    login(client, cast.alex)
    with django_capture_on_commit_callbacks(execute=True):
        response = add(
            client,
            display_name="Rae Newman",
            email="Rae@Hope.test",
            role="pra",
            supervisor=str(cast.sam.public_id),
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="rae@hope.test")
    assert membership.role == "pra" and membership.supervisor == cast.sam
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rae@hope.test"]
    assert "/accounts/password/reset/key/" in message.body
    assert message.alternatives, "the e-mail has an HTML body too"
    assert AccessEvent.objects.filter(object_type="membership", action="create").exists()


def test_new_advocate_shows_up_on_the_supervisors_team(client, cast):
    login(client, cast.alex)
    add(
        client,
        display_name="Rae",
        email="rae@hope.test",
        role="pra",
        supervisor=str(cast.sam.public_id),
    )
    login(client, cast.sam)
    assert "Rae" in client.get(reverse("overview:team")).content.decode()


def test_an_existing_account_given_a_second_role_is_told_but_not_sent_a_reset_link(
    client, cast, django_capture_on_commit_callbacks
):
    login(client, cast.alex)
    with django_capture_on_commit_callbacks(execute=True):
        response = add(client, display_name="Ana", email="ana@hope.test", role="supervisor")
    assert response.status_code == 302
    assert set(cast.ana.memberships.values_list("role", flat=True)) == {"pra", "supervisor"}
    assert [m.subject for m in mail.outbox] == ["Your Alongside account has a new role"]
    assert "/accounts/password/reset/key/" not in mail.outbox[0].body


def test_bad_input_shows_clear_errors_and_saves_nothing(client, cast):
    login(client, cast.alex)
    users, memberships = User.objects.count(), Membership.objects.count()
    response = add(client, display_name="", email="not-an-email", role="")
    assert response.status_code == 422
    body = response.content.decode()
    assert "Please correct" in body and "Enter a valid email address." in body
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)


def test_only_advocates_can_be_put_on_a_team(client, cast):
    login(client, cast.alex)
    response = add(
        client,
        display_name="Kim",
        email="kim@hope.test",
        role="director",
        supervisor=str(cast.sam.public_id),
    )
    assert response.status_code == 422
    assert "Only advocates are on a supervisor" in response.content.decode()
    assert not User.objects.filter(email="kim@hope.test").exists()


def test_the_same_role_twice_is_refused(client, cast):
    login(client, cast.alex)
    response = add(client, display_name="Ana", email="ana@hope.test", role="pra")
    assert response.status_code == 422
    assert "already have this role" in response.content.decode()


def test_deactivating_an_advocate_removes_their_access_to_clients_at_once(client, cast):
    membership = cast.ana.memberships.get(role="pra")
    login(client, cast.alex)
    response = client.post(
        reverse("organizations:edit_membership", args=[membership.public_id]),
        {"supervisor": str(cast.sam.public_id)},
    )
    assert response.status_code == 302
    login(client, cast.ana)
    assert client.get(reverse("workspace:client", args=[cast.casey.public_id])).status_code == 404


def test_administrator_cannot_remove_their_own_administrator_role(client, cast):
    membership = cast.alex.memberships.get(role="admin")
    login(client, cast.alex)
    response = client.post(
        reverse("organizations:edit_membership", args=[membership.public_id]), {}
    )
    assert response.status_code == 422
    membership.refresh_from_db()
    assert membership.is_active


def test_clinician_programs_decide_which_clients_they_see(client, cast):
    membership = cast.cleo.memberships.get(role="clinician")
    login(client, cast.alex)
    client.post(
        reverse("organizations:edit_membership", args=[membership.public_id]),
        {"programs": [str(cast.outpatient.public_id)], "is_active": "on"},
    )
    login(client, cast.cleo)
    assert client.get(reverse("workspace:client", args=[cast.jordan.public_id])).status_code == 200
    assert client.get(reverse("workspace:client", args=[cast.casey.public_id])).status_code == 404


def test_people_who_are_not_administrators_cannot_manage_staff(client, cast):
    for person in (cast.ana, cast.sam, cast.dana, cast.cleo):
        login(client, person)
        assert add(client, display_name="X", email="x@hope.test", role="pra").status_code == 403
    assert not User.objects.filter(email="x@hope.test").exists()


def test_administrator_of_another_organization_gets_404_for_our_staff(client, cast):
    other_admin = make_member(cast.other_org, "root@riverbend.test", "Riv Admin", "admin")
    membership = cast.ana.memberships.get(role="pra")
    login(client, other_admin)
    url = reverse("organizations:edit_membership", args=[membership.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_staff_pages_refuse_other_methods(client, cast):
    login(client, cast.alex)
    assert client.put(reverse("organizations:add_staff")).status_code == 405
