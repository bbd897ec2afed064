"""The demo's daily loop on a phone (390 by 844), in a real browser: the demo client signs in,
sees their days in recovery and the next milestone in Spanish, checks in asking their advocate
to reach out; then their advocate signs in and finds them on Today for that reason."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from alongside.accounts.models import User
from alongside.checkins.models import CheckIn, Source
from alongside.clients.models import Client
from alongside.demo.roster import ADVOCATE, CLIENT, DEMO_PASSWORD
from alongside.recovery.milestones import Milestone, client_today, next_milestone
from alongside.recovery.models import EventKind
from alongside.today.queries import today_queue
from alongside.workspace.tests.test_browser_journey import ARTIFACTS, PHONE, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Written out here rather than taken from Django's catalog, so a wrong month would show.
MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
WANTS_CONTACT_ES = "Me gustaría que mi acompañante se comunique conmigo"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def milestone_es(milestone: Milestone) -> str:
    if milestone.months and milestone.months % 12 == 0:
        return plural(milestone.months // 12, "año", "años")
    if milestone.months:
        return plural(milestone.months, "mes", "meses")
    if milestone.days == 1:
        return "24 horas"
    return plural(milestone.days, "día", "días")


def day_month_es(day: date) -> str:
    return f"{day.day} de {MESES[day.month - 1]}"


def test_demo_client_checks_in_in_spanish_and_their_advocate_sees_why_on_today(
    page,  # noqa: F811
    live_server,
    settings,
):
    settings.ALONGSIDE_DEMO_MFA_HINTS = True  # as bin/run-demo sets it
    ARTIFACTS.mkdir(exist_ok=True)
    assert page.viewport_size == PHONE == {"width": 390, "height": 844}
    call_command("seed_demo", stdout=StringIO())
    client = Client.objects.select_related("user").get(user__email=CLIENT)
    advocate = User.objects.get(email=ADVOCATE)
    name = client.preferred_name
    today = client_today(client, timezone.now())
    # The seed leaves today free (see alongside/demo/daily.py, DEMO_CHECKIN_DAYS), so what the
    # browser sends below is a new check-in, not an update of one the seed wrote.
    assert not client.checkins.filter(local_date=today).exists()
    before = next(row for row in today_queue(advocate, timezone.now()) if row.client == client)
    assert "wants_contact" not in before.codes

    (start,) = client.recovery_events.filter(kind=EventKind.START)
    days = (today - start.on_date).days
    milestone, reached_on = next_milestone(start.on_date, today)
    days_away = (reached_on - today).days
    expected_days = plural(days, "día en recuperación", "días en recuperación")
    expected_next = (
        f"Próximo logro: {milestone_es(milestone)} el {day_month_es(reached_on)}; "
        f"{'falta' if days_away == 1 else 'faltan'} {plural(days_away, 'día', 'días')}"
    )

    # The client signs in on their phone and lands on their portal home, in Spanish.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").fill(CLIENT)
    page.get_by_label("Passphrase").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name=f"Hola, {name}").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    recovery = page.locator("section.recovery-card")
    assert recovery.locator(".days-count").inner_text() == expected_days
    assert recovery.locator(".next-milestone").inner_text() == expected_next
    assert f"Desde el {day_month_es(start.on_date)} de {start.on_date.year}" in (
        recovery.inner_text()
    )
    page.screenshot(path=ARTIFACTS / "demo-loop-portal-home-es.png", full_page=True)

    # A check-in in Spanish, asking the advocate to reach out.
    page.get_by_role("link", name="Registrarme (menos de un minuto)").click()
    page.get_by_role("heading", name="Registrarme").wait_for()
    assert page.get_by_text("Ya hiciste tu registro hoy.").count() == 0  # new, not an update
    page.get_by_text("3 · Regular").click()
    page.locator("label.craving-choice", has_text="2").first.click()
    page.get_by_role("group", name="¿Has consumido desde tu último registro?").get_by_label(
        "No"
    ).check()
    page.get_by_role("group", name="¿Cómo dormiste?").get_by_label("Más o menos").check()
    page.get_by_label(WANTS_CONTACT_ES).check()
    page.screenshot(path=ARTIFACTS / "demo-loop-checkin-es.png", full_page=True)
    page.get_by_role("button", name="Enviar mi registro").click()

    page.get_by_text("Gracias por hacer tu registro.").wait_for()
    main = page.locator("main").inner_text()
    assert "Hoy ya hiciste tu registro." in main
    assert "Tu ánimo: Regular." in main
    assert page.locator("section.recovery-card .days-count").inner_text() == expected_days
    assert page.locator("section.recovery-card .next-milestone").inner_text() == expected_next
    page.screenshot(path=ARTIFACTS / "demo-loop-portal-home-after-checkin-es.png", full_page=True)
    checkin = CheckIn.objects.get(client=client, local_date=today)
    assert (checkin.mood, checkin.craving, checkin.used_since_last) == (3, 2, False)
    assert checkin.wants_contact
    assert (checkin.source, checkin.recorded_by_id) == (Source.PORTAL, client.user_id)

    # The client signs out; their advocate signs in and finds them on Today.
    page.get_by_role("button", name="Cerrar sesión").click()
    page.get_by_label("E-mail").fill(ADVOCATE)
    page.get_by_label("Passphrase").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Staff's second step: the demo shows the code, so no authenticator app is needed.
    hint = page.locator(".demo-hint strong")
    hint.wait_for()
    page.get_by_label("Code").fill(hint.inner_text())
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("heading", name="Today").wait_for()
    assert page.url == f"{live_server.url}/today/"
    page.screenshot(path=ARTIFACTS / "demo-loop-today-first-screen.png")
    row = page.locator("li.client-row").filter(has=page.get_by_role("link", name=name, exact=True))
    assert row.count() == 1
    assert row.get_attribute("id") == f"today-{client.public_id}"
    first_reason = row.locator("li.reason").first
    assert first_reason.get_attribute("class") == "reason reason-wants_contact"
    assert first_reason.inner_text() == (
        f"Asked you to reach out · In their check-in on {today:%b} {today.day}"
    )
    reasons = row.locator("li.reason").all_inner_texts()
    assert sum("Asked you to reach out" in reason for reason in reasons) == 1
    for alarm in ("reason-used", "reason-craving_high", "reason-no_checkin"):
        assert row.locator(f"li.{alarm}").count() == 0, reasons
    row.scroll_into_view_if_needed()
    row.screenshot(path=ARTIFACTS / "demo-loop-today-row.png")
    page.screenshot(path=ARTIFACTS / "demo-loop-today.png", full_page=True)
