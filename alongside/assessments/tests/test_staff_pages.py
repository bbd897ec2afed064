"""Staff give an assessment with the client and read the trends on the client's page."""

from __future__ import annotations

from datetime import timedelta

from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from alongside.assessments.models import AssessmentResponse, Source
from alongside.assessments.services import record_assessment
from alongside.audit.models import AccessEvent, Action
from alongside.testing.personas import login
from alongside.testing.querycount import count_queries

PHQ9_ZEROS = {f"q{n}": "0" for n in range(1, 10)}


def list_url(client_record) -> str:
    return f"/clients/{client_record.public_id}/assessments/"


def give_url(client_record, instrument: str = "phq9") -> str:
    return f"/clients/{client_record.public_id}/assessments/new/{instrument}/"


def history(cast, totals, instrument="phq9"):
    """Record one PHQ-9 per total, a month apart, the last one today."""
    now = timezone.now()
    for months_ago, total in zip(range(len(totals) - 1, -1, -1), totals, strict=True):
        answers = {f"q{n}": 0 for n in range(1, 10)}
        left = total
        for n in range(1, 10):
            answers[f"q{n}"] = min(3, left)
            left -= answers[f"q{n}"]
        record_assessment(
            cast.ana,
            cast.casey,
            instrument,
            answers,
            source=Source.STAFF,
            occurred_at=now - timedelta(days=30 * months_ago),
        )


def test_the_urls_are_under_the_client():
    assert reverse("assessments:list", args=["7b1f3e2a-0000-4000-8000-000000000000"]) == (
        "/clients/7b1f3e2a-0000-4000-8000-000000000000/assessments/"
    )


# --- Giving an assessment -------------------------------------------------------------------


def test_the_form_shows_each_answer_in_words_with_its_value(client, cast):
    login(client, cast.ana)
    response = client.get(give_url(cast.casey))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Several days (1)" in body and "Nearly every day (3)" in body
    assert AccessEvent.objects.filter(action=Action.VIEW, client_id=cast.casey.pk).exists()


def test_an_advocate_gives_the_phq9_and_it_is_saved_as_given_with_staff(client, cast):
    login(client, cast.ana)
    response = client.post(give_url(cast.casey), PHQ9_ZEROS | {"q1": "3", "q2": "3", "q6": "2"})
    assert response.status_code == 302
    assert response["Location"] == list_url(cast.casey)
    saved = AssessmentResponse.objects.get()
    assert (saved.source, saved.created_by, saved.total, saved.band) == (
        Source.STAFF,
        cast.ana,
        8,
        "mild",
    )
    page = client.get(response["Location"]).content.decode()
    assert "PHQ-9 saved: 8 (Mild)." in page


def test_item_9_above_0_warns_the_advocate(client, cast):
    login(client, cast.ana)
    response = client.post(give_url(cast.casey), PHQ9_ZEROS | {"q9": "2"}, follow=True)
    assert "check on their safety now" in response.content.decode()


def test_bad_answers_re_render_with_errors_and_save_nothing(client, cast):
    login(client, cast.ana)
    response = client.post(give_url(cast.casey), PHQ9_ZEROS | {"q9": "7"})
    assert response.status_code == 422
    assert "Please correct the 1 problem below. Nothing was saved." in response.content.decode()
    assert not AssessmentResponse.objects.exists()


def test_an_empty_form_saves_nothing(client, cast):
    login(client, cast.ana)
    response = client.post(give_url(cast.casey), {})
    assert response.status_code == 422
    assert "Answer at least one question." in response.content.decode()
    assert not AssessmentResponse.objects.exists()


def test_a_time_in_the_future_is_refused(client, cast):
    login(client, cast.ana)
    later = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(give_url(cast.casey), PHQ9_ZEROS | {"occurred_at": later})
    assert response.status_code == 422
    assert "An assessment cannot be in the future." in response.content.decode()
    assert not AssessmentResponse.objects.exists()


def test_a_clinician_may_read_but_not_give_assessments(client, cast):
    login(client, cast.cleo)
    assert client.get(list_url(cast.casey)).status_code == 200
    assert client.post(give_url(cast.casey), PHQ9_ZEROS).status_code == 403
    assert not AssessmentResponse.objects.exists()


def test_an_advocate_of_another_organization_gets_a_404(client, cast):
    login(client, cast.oscar)
    assert client.get(list_url(cast.casey)).status_code == 404
    assert client.post(give_url(cast.casey), PHQ9_ZEROS).status_code == 404
    assert not AssessmentResponse.objects.exists()


def test_an_unknown_instrument_is_a_404(client, cast):
    login(client, cast.ana)
    assert client.get(give_url(cast.casey, "cssrs")).status_code == 404


def test_the_pages_take_only_their_methods(client, cast):
    login(client, cast.ana)
    assert client.post(list_url(cast.casey)).status_code == 405
    assert client.put(give_url(cast.casey)).status_code == 405


# --- Trends ---------------------------------------------------------------------------------


def test_the_trend_is_an_svg_chart_with_a_title_a_description_and_a_table(client, cast):
    history(cast, [14, 11, 8])
    login(client, cast.ana)
    body = client.get(list_url(cast.casey)).content.decode()
    svg = body.split("<svg")[1].split("</svg>")[0]
    assert 'role="img"' in svg
    assert '<title id="chart-phq9-title">PHQ-9 totals over time</title>' in svg
    assert "3 totals from" in svg and ": 14, 11, 8. Latest 8 of 27 (Mild)." in svg
    assert "<polyline" in svg and svg.count("<circle") == 3
    table = body.split("<table", 1)[1].split("</table>")[0]
    assert '<th scope="col">Date</th><th scope="col">Total</th><th scope="col">Band</th>' in table
    assert table.count("<tr>") == 4  # the header and three responses
    assert "<td>8</td><td>Mild</td>" in table
    assert "http" not in svg  # nothing from another origin


def test_a_response_with_a_skipped_item_is_listed_but_not_charted(client, cast):
    record_assessment(cast.ana, cast.casey, "gad7", {"q1": 1}, source="staff")
    login(client, cast.ana)
    body = client.get(list_url(cast.casey)).content.decode()
    assert "<svg" not in body
    assert "no total (6 skipped)" in body


def test_the_safety_flag_shows_as_a_badge(client, cast):
    record_assessment(cast.ana, cast.casey, "phq9", {"q9": 1}, source="staff")
    login(client, cast.ana)
    assert "Safety: item 9 above" in client.get(list_url(cast.casey)).content.decode()


def test_the_page_is_audited_as_a_view(client, cast):
    login(client, cast.ana)
    client.get(list_url(cast.casey))
    assert AccessEvent.objects.filter(
        action=Action.VIEW, object_type="assessment_list", client_id=cast.casey.pk
    ).exists()


def test_the_page_query_count_does_not_grow_with_the_history(client, cast):
    login(client, cast.ana)
    history(cast, [5, 6])
    client.get(list_url(cast.casey))
    small = count_queries(client, list_url(cast.casey))
    history(cast, list(range(0, 27)))
    record_assessment(
        cast.ana, cast.casey, "barc10", {f"q{n}": 3 for n in range(1, 11)}, source="staff"
    )
    assert count_queries(client, list_url(cast.casey)) == small


# --- The profile section --------------------------------------------------------------------


def render_section(client_record, can_record=True) -> str:
    template = Template('{% include "assessments/_profile_section.html" %}')
    return template.render(Context({"client": client_record, "can_record": can_record}))


def test_the_profile_section_shows_the_latest_result_per_instrument(cast):
    history(cast, [14, 9])
    record_assessment(cast.ana, cast.casey, "gad7", {"q1": 1}, source="staff")
    html = render_section(cast.casey)
    assert "<strong>PHQ-9</strong>" in html and "9 · Mild" in html
    assert "14" not in html.split("PHQ-9")[1].split("</li>")[0]
    assert "<strong>GAD-7</strong>" in html and "No total (questions skipped)" in html
    assert f'href="{list_url(cast.casey)}"' in html


def test_the_profile_section_says_what_is_due_and_links_to_give_it(cast):
    html = render_section(cast.newcomer)
    assert "BARC-10 (intake)" in html
    assert f'href="{give_url(cast.newcomer, "barc10")}"' in html
    assert give_url(cast.newcomer, "barc10") not in render_section(cast.newcomer, can_record=False)
