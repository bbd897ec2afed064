"""The recovery summary, timeline and wins on the client profile (workspace:client)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from alongside.recovery.models import EventKind
from alongside.recovery.services import congratulate, set_recovery_start
from alongside.recovery.tests.factories import days_ago, make_event, make_win, today_of
from alongside.testing.personas import login
from alongside.testing.querycount import count_queries

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def url(client) -> str:
    return reverse("workspace:client", args=[client.public_id])


def day(value) -> str:
    return date_format(value, "M j, Y")


def profile(client, cast, persona="ana", who="casey") -> str:
    login(client, getattr(cast, persona))
    response = client.get(url(getattr(cast, who)))
    assert response.status_code == 200
    return response.content.decode()


def test_profile_without_a_start_date_says_so(client, cast):
    body = profile(client, cast)
    assert "No recovery start date yet." in body
    assert "Set a recovery start date" in body
    assert "Record a recurrence of use" not in body


def test_profile_shows_days_in_recovery_and_the_next_milestone(client, cast):
    start = days_ago(cast.casey, 25)
    make_event(cast.casey, cast.ana, start)
    body = profile(client, cast)
    assert f'<strong>25</strong> days <span class="muted">since {day(start)}</span>' in body
    milestone_day = day(start + timedelta(days=30))
    assert f"<dt>Next milestone</dt><dd>30 days on {milestone_day}" in body
    assert "(in 5 days)" in body
    assert '<dt>Total days in recovery</dt><dd>25 <span class="muted">across 1 start date<' in body


def test_profile_shows_one_day_in_the_singular(client, cast):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 1))
    assert "<strong>1</strong> day <span" in profile(client, cast)


def test_profile_totals_days_across_attempts(client, cast):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 50))
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 20), kind=EventKind.RECURRENCE)
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 10))
    body = profile(client, cast)
    assert "<strong>10</strong> days" in body
    assert '<dt>Total days in recovery</dt><dd>40 <span class="muted">across 2 start dates' in body


def test_profile_shows_the_timeline_newest_first_with_who_recorded_it(client, cast):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 50))
    make_event(cast.casey, cast.ben, days_ago(cast.casey, 20), kind=EventKind.RECURRENCE)
    body = profile(client, cast)
    assert body.index("Recurrence of use</div>") < body.index("Recovery start date</div>")
    assert "Recorded by Ben Advocate" in body


def test_a_corrected_start_date_stays_in_the_timeline_marked(client, cast):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 3))
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 8))
    body = profile(client, cast)
    assert body.count("corrected by a later date") == 1
    assert "<strong>8</strong> days" in body


def test_after_a_recurrence_the_profile_invites_a_new_start(client, cast):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 50))
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 20), kind=EventKind.RECURRENCE)
    body = profile(client, cast)
    recurrence = day(days_ago(cast.casey, 20))
    assert f"A recurrence of use was recorded for {recurrence}." in body
    assert "The count restarts from the next start date." in body
    assert "Set a recovery start date" in body


def test_advocate_reads_timeline_notes(client, cast):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 5), note="After the retreat.")
    assert "After the retreat." in profile(client, cast)


def test_clinician_sees_the_timeline_without_notes_or_actions(client, cast):
    make_event(cast.casey, cast.ana, days_ago(cast.casey, 5), note="After the retreat.")
    make_win(cast.casey, cast.ana)
    body = profile(client, cast, persona="cleo")
    assert "<strong>5</strong> days" in body
    assert "After the retreat." not in body
    assert "Note kept within the peer support team." in body
    for action in ("Change the recovery start date", "Record a recurrence", "Add a win"):
        assert action not in body
    assert "Congratulate" not in body


def test_profile_shows_wins_newest_first(client, cast):
    make_win(cast.casey, cast.ana, title="Older win", days=5)
    make_win(cast.casey, cast.ana, title="Newer win", days=1)
    body = profile(client, cast)
    assert body.index("Newer win") < body.index("Older win")


def test_profile_shows_five_wins_then_see_all(client, cast):
    for i in range(6):
        make_win(cast.casey, cast.ana, title=f"Win {i}", days=i + 1)
    body = profile(client, cast)
    assert "Win 4" in body and "Win 5" not in body
    assert f'href="{reverse("recovery:wins", args=[cast.casey.public_id])}">See all wins' in body


def test_profile_with_five_wins_has_no_see_all(client, cast):
    for i in range(5):
        make_win(cast.casey, cast.ana, title=f"Win {i}", days=i + 1)
    assert "See all wins" not in profile(client, cast)


def test_profile_shows_the_congratulation_instead_of_the_button(client, cast):
    win = make_win(cast.casey, title="First paycheck")
    congratulate(cast.ana, win, "So proud!")
    body = profile(client, cast)
    assert "“So proud!”" in body
    assert "Congratulate</a>" not in body


def test_profile_offers_to_congratulate_an_uncongratulated_win(client, cast):
    win = make_win(cast.casey, title="First paycheck")
    link = reverse("recovery:congratulate", args=[cast.casey.public_id, win.public_id])
    assert f'href="{link}">Congratulate</a>' in profile(client, cast)


def test_milestone_wins_appear_on_the_profile(client, cast):
    set_recovery_start(cast.ana, cast.casey, days_ago(cast.casey, 8))
    body = profile(client, cast)
    assert "7 days in recovery" in body and "24 hours in recovery" in body


def test_profile_counts_in_the_clients_zone_not_the_viewers(client, cast):
    cast.casey.time_zone = "Pacific/Kiritimati"
    cast.casey.save()
    make_event(cast.casey, cast.ana, today_of(cast.casey))
    assert "<strong>0</strong> days" in profile(client, cast)


def test_profile_query_count_does_not_grow_with_events_and_wins(client, cast):
    login(client, cast.ana)
    client.get(url(cast.casey))  # the first audited request creates the tenant's chain head

    def add_history(count: int, offset: int) -> None:
        for i in range(offset, offset + count):
            kind = EventKind.START if i % 2 == 0 else EventKind.RECURRENCE
            make_event(cast.casey, cast.ana, days_ago(cast.casey, 400 - i * 10), kind=kind)
            win = make_win(cast.casey, cast.ana, title=f"Win {i}", days=i + 1)
            if i % 3 == 0:
                congratulate(cast.sam, win, "Well done.")

    add_history(2, 0)
    few = count_queries(client, url(cast.casey))
    add_history(28, 2)
    many = count_queries(client, url(cast.casey))
    assert few == many


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_templates_use_person_first_wording(path):
    text = path.read_text().lower()
    assert not re.search(r"\b(relapse|relapsed|clean|dirty|addict|sober date)\b", text)
