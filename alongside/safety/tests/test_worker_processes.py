"""The real background processes against the real database: the task worker and the sweeper
run as `manage.py` children of the test (processes.py), and the test watches the database.

- A "yes" to the safety question reaches the advocate, by e-mail, within 5 seconds.
- A sweeper killed in the middle of a pass and restarted takes every due step once.
- With Redis unreachable, a safety check-in is kept and the sweeper delivers its notices.
"""

from __future__ import annotations

import random
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core import mail
from django.db.models import Count
from django.utils import timezone
from redis import Redis

from alongside.checkins.models import CheckIn, Source
from alongside.checkins.services import CheckInAnswers, record_checkin
from alongside.notifications.models import Channel, Delivery, Kind, Status
from alongside.notifications.sweeps import last_beat
from alongside.organizations.models import Role
from alongside.safety.access import alerts_visible_to
from alongside.safety.models import Alert, AlertRecipient, RiskFlag, Severity
from alongside.safety.rules import Finding
from alongside.safety.services import raise_flag
from alongside.safety.tests.load import NAME_PREFIX, make_clients, works_around_the_clock
from alongside.safety.tests.processes import Children, MailFolder, shared_database, wait_for
from alongside.testing.personas import give_portal_account, login, make_member

pytestmark = pytest.mark.django_db(transaction=True)

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # port 1: the connection is refused at once


@pytest.fixture
def children(transactional_db, tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    with shared_database(tmp_path) as database_url:
        running = Children(tmp_path, database_url, MailFolder(folder))
        try:
            yield running
        finally:
            running.stop_all()


@pytest.fixture
def task_worker(children, settings) -> tuple[tuple[str, ...], dict[str, str]]:
    """The worker command for this install's task backend, and the environment it needs.

    With Redis, the test and its worker use a Redis database picked at random (1 to 15),
    not the configured one: a job left there by another test run would otherwise be taken
    by this worker and run against this test's database. RQ's registries, which outlive
    the jobs (those expire), are removed once the worker has stopped.
    """
    if not settings.REDIS_URL:
        return ("db_worker", "--no-startup-delay"), {}
    parts = urlsplit(settings.REDIS_URL)
    private = urlunsplit(parts._replace(path=f"/{random.randint(1, 15)}"))
    settings.RQ_QUEUES = {"default": {"URL": private}}
    children.after_stop(
        lambda: Redis.from_url(private).delete(
            "rq:queues", "rq:finished:default", "rq:workers", "rq:workers:default"
        )
    )
    return ("rqworker", "--job-class", "django_tasks_rq.Job", "default"), {"REDIS_URL": private}


def test_a_yes_to_the_safety_question_reaches_the_advocate_within_five_seconds(
    children, task_worker, cast, client
):
    casey = cast.casey
    give_portal_account(casey, "casey@example.test")
    works_around_the_clock(cast.ana)
    command, env = task_worker
    worker = children.start("worker", *command, **env)
    children.start("sweeper", "run_sweeps", **env)
    wait_for(
        lambda: any(m in children.output(worker) for m in ("Starting worker", "Listening on")),
        timeout=30,
        children=children,
        what="the task worker to start",
    )
    wait_for(last_beat, timeout=30, children=children, what="the sweeper's first pass")

    checkin = record_checkin(
        casey.user,
        casey,
        CheckInAnswers(mood=2, craving=3, safety_concern=True),
        source=Source.PORTAL,
    )

    # On the advocate's alert list at once: it was saved with the check-in.
    alert = alerts_visible_to(cast.ana).get(client=casey)
    login(client, cast.ana)
    assert f"/alerts/{alert.public_id}/" in client.get("/alerts/").text

    notice = Delivery.objects.get(
        kind=Kind.ALERT_FOR_STAFF, channel=Channel.EMAIL, address=cast.ana.email
    )
    wait_for(
        lambda: Delivery.objects.filter(pk=notice.pk, status=Status.SENT).exists(),
        timeout=30,
        every=0.02,
        children=children,
        what="the advocate's e-mail notice to be sent",
    )
    [(written_at, message)] = [
        (when, m) for when, m in children.mail.written() if f"To: {cast.ana.email}".encode() in m
    ]
    # On the clock all the processes share: from the check-in's moment (inside its
    # transaction) to the e-mail's file being written. What this test does in between (the
    # page above) is not the system's delay.
    latency = (written_at - checkin.occurred_at).total_seconds()
    assert latency <= 5, f"the e-mail was written {latency:.2f} s after the check-in"
    assert mail.outbox == []  # the test process sent nothing: a child did
    text = message.decode()
    assert "An alert needs someone now" in text
    for private in ("Casey", str(casey.public_id), alert.flag.reason, "safety"):
        assert private not in text


def test_with_redis_unreachable_a_safety_check_in_is_kept_and_the_sweeper_delivers_it(
    children, cast, settings, caplog
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": UNREACHABLE_REDIS}}
    casey = cast.casey
    give_portal_account(casey, "casey@example.test")

    record_checkin(
        casey.user,
        casey,
        CheckInAnswers(mood=1, craving=4, safety_concern=True),
        source=Source.PORTAL,
    )

    assert "could not enqueue delivery" in caplog.text
    assert CheckIn.objects.filter(client=casey, safety_concern=True).exists()
    assert RiskFlag.objects.filter(client=casey, rule="safety_question").exists()
    assert Alert.objects.filter(client=casey, state="open").exists()
    notices = Delivery.objects.filter(kind=Kind.ALERT_FOR_STAFF)
    assert notices.exists()
    assert set(notices.values_list("status", flat=True)) == {Status.PENDING}

    # A sweeper configured with the same unreachable Redis: the database path delivers.
    output = children.run("sweeper", "run_sweeps", "--once", REDIS_URL=UNREACHABLE_REDIS)
    assert f"notices sent: {notices.count()}" in output

    assert set(notices.values_list("status", flat=True)) == {Status.SENT}
    addresses = {a for a in notices.values_list("address", flat=True)}
    written = children.mail.text()
    assert all(f"To: {address}" in written for address in addresses)


# --- A sweeper killed in the middle of a pass ----------------------------------------------

ALERTS = 200


def expected_routing(alert_ids, sam, dana, dee) -> set[tuple[int, int, int]]:
    """(alert, person, step) for steps 1 and 2 of ALERT_IDS: the supervisor, then both
    directors. Written out, not computed by routing.py, so the test checks the code."""
    later = set()
    for alert_id in alert_ids:
        later |= {(alert_id, sam.pk, 1), (alert_id, dana.pk, 2), (alert_id, dee.pk, 2)}
    return later


def routings(min_step=0) -> set[tuple[int, int, int]]:
    return set(
        AlertRecipient.objects.filter(step__gte=min_step).values_list("alert_id", "user_id", "step")
    )


def notice_keys(rows, people) -> set[str]:
    keys = set()
    for alert_id, user_id, step in rows:
        person = people[user_id]
        for channel, address in ((Channel.EMAIL, person.email), (Channel.SMS, person.phone)):
            if address:
                keys.add(f"alert:{alert_id}:step:{step}:user:{user_id}:{channel}")
    return keys


def test_a_sweeper_killed_mid_pass_and_restarted_takes_every_due_step_once(
    children, cast, settings
):
    # No task worker here: the sweeper alone sends, and this process queues no tasks.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    dee = make_member(cast.org, "dee@hope.test", "Dee Director", Role.DIRECTOR)
    dee.phone = "+15555550123"
    dee.save(update_fields=["phone"])
    people = {u.pk: u for u in (cast.ana, cast.ben, cast.sam, cast.dana, dee)}
    # Opened 35 minutes ago: steps 1 (at 15) and 2 (at 30) are due; step 3 (at 45) is ten
    # minutes away, far more than this test takes even on a slow machine.
    opened = timezone.now() - timedelta(minutes=35)
    for client in make_clients(cast.residential, [cast.ana, cast.ben], ALERTS):
        raise_flag(
            client,
            Finding("safety_question", Severity.HIGH, "Answered yes to the safety question"),
            source_type="checkin",
            now=opened,
        )
    alert_ids = list(Alert.objects.values_list("pk", flat=True))
    assert len(alert_ids) == ALERTS
    first = routings()
    later = expected_routing(alert_ids, cast.sam, cast.dana, dee)
    all_keys = notice_keys(first | later, people)

    def taken() -> int:
        return AlertRecipient.objects.filter(step__gte=1).count()

    def steps_are_whole() -> None:
        """Every alert's steps so far are complete, with their notices: a kill never leaves
        half a step behind."""
        steps = dict(Alert.objects.values_list("pk", "step"))
        routed = routings(min_step=1)
        assert routed == {r for r in later if r[2] <= steps[r[0]]}
        keys = set(Delivery.objects.values_list("dedupe_key", flat=True))
        assert keys == notice_keys(first | routed, people)

    # 1. Killed while escalating (the pass escalates every due alert before sending).
    sweeper = children.start("sweeper", "run_sweeps", "--interval", "1", REDIS_URL=None)
    wait_for(
        lambda: taken() >= len(later) // 5,
        timeout=120,
        every=0.01,
        children=children,
        what="the sweeper to take a fifth of the steps",
    )
    children.kill(sweeper)
    assert 0 < taken() < len(later), "the pass ended before the kill: use more alerts"
    steps_are_whole()
    assert not Delivery.objects.filter(status=Status.SENT).exists()

    # 2. Restarted, then killed while sending.
    def sent() -> int:
        return Delivery.objects.filter(status=Status.SENT).count()

    sweeper = children.start("sweeper", "run_sweeps", "--interval", "1", REDIS_URL=None)
    wait_for(
        lambda: sent() >= 100,
        timeout=120,
        every=0.01,
        children=children,
        what="the restarted sweeper to send a hundred notices",
    )
    children.kill(sweeper)
    assert taken() == len(later)
    assert sent() < len(all_keys), "every notice went before the kill: use more alerts"
    steps_are_whole()
    # The notice in flight at the kill stays claimed: nobody else sends it while the claim
    # lasts (CLAIM_FOR, two minutes). Move that moment into the past instead of waiting.
    stranded = Delivery.objects.filter(status=Status.PENDING, claimed_until__gt=timezone.now())
    assert stranded.count() <= 1
    stranded.update(claimed_until=timezone.now() - timedelta(seconds=1))

    # 3. Restarted again: it finishes.
    sweeper = children.start("sweeper", "run_sweeps", "--interval", "1", REDIS_URL=None)
    wait_for(
        lambda: not Delivery.objects.exclude(status=Status.SENT).exists(),
        timeout=120,
        every=0.05,
        children=children,
        what="every notice to be sent",
    )
    children.stop(sweeper)

    assert routings() == first | later  # each (alert, person, step) once: a unique row
    assert set(Alert.objects.values_list("step", flat=True)) == {2}
    assert set(Alert.objects.values_list("next_step_at", flat=True)) == {
        opened + timedelta(minutes=45)
    }
    keys = list(Delivery.objects.values_list("dedupe_key", flat=True))
    assert sorted(keys) == sorted(all_keys)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENT}

    emails = Delivery.objects.filter(channel=Channel.EMAIL)
    expected = dict(emails.values("address").annotate(n=Count("id")).values_list("address", "n"))
    messages = children.mail.messages()
    written = {address: 0 for address in expected}
    for message in messages:
        [address] = [a for a in expected if f"To: {a}".encode() in message]
        written[address] += 1
    # Exactly once, except that one e-mail may go twice: the one being sent at the second
    # kill, if the process died after the mail server took it and before the row was
    # marked sent. No design closes that window for e-mail (SMTP has no idempotency key);
    # what is guaranteed is that it is at most the one message in flight.
    extra = {a: written[a] - expected[a] for a in expected}
    assert all(n >= 0 for n in extra.values()), extra
    assert sum(extra.values()) <= 1, extra
    assert NAME_PREFIX.encode() not in b"".join(messages)
