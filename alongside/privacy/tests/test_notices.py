"""Who is told about a break-glass access, and what the e-mail says (nothing about anyone)."""

from __future__ import annotations

from django.core import mail

from alongside.notifications.delivery import deliver_due, render_notice
from alongside.notifications.models import Delivery
from alongside.organizations.models import Membership, Role
from alongside.privacy.notices import KIND
from alongside.privacy.tests.conftest import EXPLANATION, open_glass


def _told(grant) -> set[str]:
    return set(
        Delivery.objects.filter(dedupe_key__startswith=f"break-glass:{grant.pk}:").values_list(
            "address", flat=True
        )
    )


def test_the_advocates_supervisor_the_privacy_officer_and_the_director_are_told(cast):
    grant = open_glass(cast.ana, cast.riley)
    assert _told(grant) == {cast.sam.email, cast.pat.email, cast.dana.email}


def test_an_administrators_access_reaches_the_privacy_officer_and_director(cast):
    grant = open_glass(cast.alex, cast.casey)
    assert _told(grant) == {cast.pat.email, cast.dana.email}


def test_administrators_hear_when_nobody_else_would(cast):
    Membership.objects.filter(role__in=[Role.PRIVACY_OFFICER, Role.DIRECTOR]).update(
        is_active=False
    )
    grant = open_glass(cast.cleo, cast.jordan)
    assert _told(grant) == {cast.alex.email}


def test_the_holder_is_never_told_about_themself(cast):
    Membership.objects.create(organization=cast.org, user=cast.alex, role=Role.PRIVACY_OFFICER)
    grant = open_glass(cast.alex, cast.casey)
    assert cast.alex.email not in _told(grant)


def test_the_email_names_nobody(cast):
    cast.casey.legal_name = "Casey Quartermaine"
    cast.casey.save()
    open_glass(cast.alex, cast.casey)
    delivery = Delivery.objects.filter(kind=KIND).first()
    subject, text, html = render_notice(delivery)
    assert subject == "A break-glass access needs review in Alongside"
    for part in (subject, text, html):
        for secret in ("Casey", "Quartermaine", "Alex", EXPLANATION, str(cast.casey.public_id)):
            assert secret not in part
    assert "/organization/audit/break-glass/" in text


def test_the_notices_are_sent(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    open_glass(cast.alex, cast.casey)
    assert deliver_due() == 2
    assert {m.to[0] for m in mail.outbox} == {cast.pat.email, cast.dana.email}
    assert all(m.subject == "A break-glass access needs review in Alongside" for m in mail.outbox)
