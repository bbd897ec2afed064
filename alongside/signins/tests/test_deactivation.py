"""Losing access ends every session and API token at once."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.models import ApiToken, User
from alongside.organizations.models import Membership, Role
from alongside.organizations.services import update_membership
from alongside.signins.models import Session
from alongside.testing.personas import login, make_member

TODAY = "/today/"


def signed_in(user) -> Client:
    browser = Client()
    login(browser, user)
    assert browser.get(reverse("signins:list")).status_code == 200
    return browser


def deactivate(client: Client, membership: Membership) -> None:
    url = reverse("organizations:edit_membership", args=[membership.public_id])
    response = client.post(url, {"supervisor": str(membership.supervisor.public_id)})
    assert response.status_code == 302, response.content.decode()[:500]


def test_ending_someones_only_role_ends_their_sessions_and_tokens(client, cast):
    phone = signed_in(cast.ana)
    token, raw = ApiToken.issue(cast.ana)
    login(client, cast.alex)
    deactivate(client, Membership.objects.get(user=cast.ana))
    assert not Session.objects.filter(user=cast.ana).exists()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert phone.get(TODAY).status_code == 302
    api = Client().get("/api/v1/messages/unread", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 401


def test_ending_one_of_two_roles_leaves_sessions_alone(client, cast):
    make_member(cast.org, cast.ana.email, cast.ana.display_name, Role.SUPERVISOR)
    phone = signed_in(cast.ana)
    token, _ = ApiToken.issue(cast.ana)
    login(client, cast.alex)
    deactivate(client, Membership.objects.get(user=cast.ana, role=Role.PRA))
    assert phone.get(reverse("signins:list")).status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None


def test_sessions_end_in_the_same_transaction_as_the_role(cast):
    signed_in(cast.ana)
    membership = Membership.objects.get(user=cast.ana)
    with (
        mock.patch("alongside.signins.services.ApiToken.objects.filter", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        update_membership(cast.alex, membership, supervisor=cast.sam, programs=[], is_active=False)
    membership.refresh_from_db()
    assert membership.is_active
    assert Session.objects.filter(user=cast.ana).exists()


def operator_signed_in(client: Client) -> None:
    operator = User.objects.create_superuser("ops@alongside.test", "x" * 20, display_name="Ops")
    login(client, operator)


def save_in_django_admin(client: Client, user: User, *, active: bool) -> None:
    """Post USER's change form in the Django admin, with "Active" ticked or not."""
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    if active:
        data["is_active"] = "on"
    response = client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_deactivating_an_account_in_the_django_admin_ends_its_sessions_and_tokens(client, cast):
    phone = signed_in(cast.ben)
    token, _ = ApiToken.issue(cast.ben)
    operator_signed_in(client)
    save_in_django_admin(client, cast.ben, active=False)
    cast.ben.refresh_from_db()
    assert not cast.ben.is_active
    assert not Session.objects.filter(user=cast.ben).exists()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert phone.get(TODAY).status_code == 302


def test_saving_an_active_account_in_the_django_admin_keeps_its_sessions(client, cast):
    phone = signed_in(cast.ben)
    token, _ = ApiToken.issue(cast.ben)
    operator_signed_in(client)
    save_in_django_admin(client, cast.ben, active=True)
    assert phone.get(reverse("signins:list")).status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None
