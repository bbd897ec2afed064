"""My sign-ins: a person sees where they are signed in and signs sessions out."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from alongside.signins.models import Session
from alongside.signins.tests.conftest import cookie, session_of
from alongside.testing.personas import login

MY_SIGNINS = reverse("signins:list")
END_OTHERS = reverse("signins:end_others")
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def device(user, user_agent: str, ip: str = "198.51.100.4") -> Client:
    """USER signed in on another browser; return that browser."""
    other = Client(headers={"User-Agent": user_agent}, REMOTE_ADDR=ip)
    login(other, user)
    other.get(MY_SIGNINS)
    return other


def end_url(session: Session) -> str:
    return reverse("signins:end", args=[session.public_id])


def test_a_person_sees_their_sessions_this_one_first(client, cast):
    phone = device(cast.ana, PHONE, "198.51.100.4")
    login(client, cast.ana)
    body = client.get(MY_SIGNINS, headers={"User-Agent": LAPTOP}).content.decode()
    assert "<title>My sign-ins · Alongside</title>" in body
    assert body.index("Firefox · Windows") < body.index("Safari · iPhone")
    assert "This device" in body and "198.51.100.4" in body
    assert end_url(session_of(phone)) in body
    assert end_url(session_of(client)) not in body  # this one signs out from the header
    assert "Sign out everywhere else" in body


def test_nobody_sees_anyone_elses_sessions(client, cast):
    other = device(cast.ben, PHONE, "192.0.2.99")
    login(client, cast.ana)
    body = client.get(MY_SIGNINS).content.decode()
    assert "192.0.2.99" not in body
    assert end_url(session_of(other)) not in body
    assert len(re.findall(r'class="card signin', body)) == 1
    assert "You are not signed in anywhere else." in body


def test_the_page_never_shows_session_keys(client, cast):
    phone = device(cast.ana, PHONE)
    login(client, cast.ana)
    body = client.get(MY_SIGNINS).content.decode()
    assert cookie(phone) not in body and cookie(client) not in body


def test_a_person_signs_out_one_other_session(client, cast):
    phone = device(cast.ana, PHONE)
    laptop = device(cast.ana, LAPTOP)
    login(client, cast.ana)
    response = client.post(end_url(session_of(phone)))
    assert response.status_code == 302 and response["Location"] == MY_SIGNINS
    assert "That session is signed out." in client.get(MY_SIGNINS).content.decode()
    assert phone.get(MY_SIGNINS).status_code == 302  # sent to sign in
    assert laptop.get(MY_SIGNINS).status_code == 200


def test_a_person_signs_out_everywhere_else(client, cast):
    phone = device(cast.ana, PHONE)
    laptop = device(cast.ana, LAPTOP)
    ben = device(cast.ben, LAPTOP)
    login(client, cast.ana)
    response = client.post(END_OTHERS)
    assert response.status_code == 302
    assert "Signed out of 2 other sessions." in client.get(MY_SIGNINS).content.decode()
    assert phone.get(MY_SIGNINS).status_code == laptop.get(MY_SIGNINS).status_code == 302
    assert client.get(MY_SIGNINS).status_code == 200
    assert ben.get(MY_SIGNINS).status_code == 200


def test_ending_this_session_from_the_list_signs_out_here(client, cast):
    login(client, cast.ana)
    current = session_of(client)
    response = client.post(end_url(current))
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert not Session.objects.filter(pk=current.pk).exists()


def test_nobody_can_end_someone_elses_session(client, cast):
    ben = device(cast.ben, PHONE)
    login(client, cast.ana)
    assert client.post(end_url(session_of(ben))).status_code == 404
    assert ben.get(MY_SIGNINS).status_code == 200


def test_ending_takes_only_post(client, cast):
    phone = device(cast.ana, PHONE)
    login(client, cast.ana)
    assert client.get(end_url(session_of(phone))).status_code == 405
    assert client.get(END_OTHERS).status_code == 405
    assert phone.get(MY_SIGNINS).status_code == 200


def test_an_unknown_session_is_a_404_and_changes_nothing(client, cast):
    phone = device(cast.ana, PHONE)
    login(client, cast.ana)
    response = client.post(reverse("signins:end", args=["00000000-0000-4000-8000-000000000000"]))
    assert response.status_code == 404
    assert phone.get(MY_SIGNINS).status_code == 200


def test_the_page_needs_sign_in(client, db):
    response = client.get(MY_SIGNINS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(END_OTHERS).status_code == 302


def test_clients_see_the_page_in_the_portal_and_in_their_language(client, cast, casey_account):
    cast.casey.language = "es"
    cast.casey.save(update_fields=["language"])
    login(client, casey_account)
    body = client.get(MY_SIGNINS).content.decode()
    assert 'class="portal"' in body
    assert "<title>Mis sesiones · Alongside</title>" in body
    assert "30 minutos sin actividad" in body
    assert "Necesito ayuda ahora" in body  # the portal's crisis bar


def test_staff_pages_and_the_portal_link_to_the_page(client, cast, casey_account):
    login(client, cast.ana)
    assert f'href="{MY_SIGNINS}"' in client.get("/today/").content.decode()
    login(client, casey_account)
    assert f'href="{MY_SIGNINS}"' in client.get("/me/").content.decode()


def test_the_list_costs_a_constant_number_of_queries(client, cast, django_assert_max_num_queries):
    login(client, cast.ana)
    client.get(MY_SIGNINS)
    with django_assert_max_num_queries(12) as few:
        client.get(MY_SIGNINS)
    one_session = len(few)  # read now: every request clears Django's query log
    for agent in (PHONE, LAPTOP, PHONE, LAPTOP):
        device(cast.ana, agent)
    with django_assert_max_num_queries(one_session):
        body = client.get(MY_SIGNINS).content.decode()
    assert len(re.findall(r'class="card signin', body)) == 5
