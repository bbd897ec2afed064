"""Alerts survive a sweeper that fails and dies, in this process and with a simulated clock.

Two kinds of trouble are injected inside the sweep (advance, route_step, deliver_one):

- a Failure: an exception, as a bug, a timeout or a lost connection raises. The sweep sets
  that one item aside (rolled back, tried again next pass) and goes on with the others.
- ProcessDied: the process is killed there (SIGKILL, out of memory). It is not an Exception,
  so no `except Exception` can swallow it: nothing more happens in that pass. Whatever was in
  an unfinished transaction is rolled back, as when a real process dies; a notice claimed
  but not sent stays claimed for CLAIM_FOR (two minutes), then anyone may send it.

test_worker_processes.py kills the real sweeper process; these tests choose the moment.
"""

from __future__ import annotations

import logging
import random
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db.models import Count, Min
from django.utils import timezone

from alongside.checkins.models import CheckIn, Source
from alongside.checkins.services import CheckInAnswers, record_checkin
from alongside.notifications import delivery as delivery_module
from alongside.notifications.models import CLAIM_FOR, Channel, Delivery, Kind, Status
from alongside.notifications.sweeps import run_sweeps_once
from alongside.organizations.models import Role
from alongside.safety import routing, services
from alongside.safety.models import Alert, AlertRecipient, AlertState, RiskFlag, Severity
from alongside.safety.rules import Finding
from alongside.safety.services import acknowledge, raise_flag
from alongside.safety.tests.conftest import SATURDAY_NOON
from alongside.safety.tests.load import make_clients
from alongside.testing.personas import give_portal_account, make_member

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
SAFETY_YES = Finding("safety_question", Severity.HIGH, "Answered yes to the safety question")


class Failure(Exception):
    """Something inside the sweep raised."""


class ProcessDied(BaseException):
    """The sweeper process is killed here."""


class RecordingSms:
    """An SMS adapter that keeps what it sent, to count texts as the mailbox counts e-mail."""

    sent: list[str] = []

    def send(self, address: str, subject: str, text: str, html: str) -> None:
        RecordingSms.sent.append(address)


@pytest.fixture
def counted_texts(settings):
    settings.ALONGSIDE_SMS_BACKEND = f"{__name__}.RecordingSms"
    RecordingSms.sent = []
    return RecordingSms.sent


def sweep(now: datetime) -> str:
    """One pass of the sweeper at NOW, as `run_sweeps` runs it: "ok", "failed" (an exception
    reached the command, which logs it and runs again next tick) or "died"."""
    try:
        run_sweeps_once(now)
    except ProcessDied:
        return "died"
    except Exception:
        return "failed"
    return "ok"


def sends_per_address(texts: list[str]) -> Counter:
    return Counter([m.to[0] for m in mail.outbox] + texts)


def sent_deliveries_per_address() -> Counter:
    rows = (
        Delivery.objects.filter(status=Status.SENT).values_list("address").annotate(n=Count("id"))
    )
    return Counter(dict(rows))


# --- A death at a chosen point: every due step taken and sent exactly once ---------------

T0 = SATURDAY_NOON  # nobody working: step 0 reaches the person on call (fallback: Sam)
AT_40_MINUTES = T0 + timedelta(minutes=40)  # steps 1 and 2 due, step 3 (at 45) not yet


@pytest.fixture
def due_alerts(cast, counted_texts):
    """Twenty alerts opened at T0, their first notices sent; steps 1 and 2 now due."""
    dee = make_member(cast.org, "dee@hope.test", "Dee Director", Role.DIRECTOR)
    dee.phone = "+15555550123"
    dee.save(update_fields=["phone"])
    for client in make_clients(cast.residential, [cast.ana, cast.ben], 20):
        raise_flag(client, SAFETY_YES, now=T0)
    assert sweep(T0) == "ok"
    return {"sam": cast.sam, "dana": cast.dana, "dee": dee}


def expected_routing(people) -> set[tuple[int, int, int]]:
    """Written out, not computed by routing.py: the supervisor on call, the supervisor,
    then both directors."""
    rows = set()
    for alert_id in Alert.objects.values_list("pk", flat=True):
        rows |= {
            (alert_id, people["sam"].pk, 0),
            (alert_id, people["sam"].pk, 1),
            (alert_id, people["dana"].pk, 2),
            (alert_id, people["dee"].pk, 2),
        }
    return rows


def die_on_call(monkeypatch, module, name, number, *, after=False):
    """Kill the sweeper at the NUMBERth call of MODULE.NAME (before it runs, or AFTER)."""
    real = getattr(module, name)
    calls = {"n": 0}

    def dying(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == number and not after:
            raise ProcessDied
        result = real(*args, **kwargs)
        if calls["n"] == number and after:
            raise ProcessDied
        return result

    monkeypatch.setattr(module, name, dying)


# Twenty alerts, three advance() calls each (steps 1 and 2, then "not due"), one
# route_step() per step, four notices per alert (Sam, Dana, Dee by e-mail and text).
DEATH_POINTS = {
    "before a step": (services, "advance", 7, False),
    "after a step committed": (services, "advance", 7, True),
    # Inside advance()'s transaction: the alert has moved and the people are routed.
    "at the end of routing a step": (services, "route_step", 12, True),
    "between two notices of one step": (services, "queue_notice", 31, False),
    "between claiming a notice and sending it": (delivery_module, "render_notice", 25, False),
    "after a notice was recorded as sent": (delivery_module, "deliver_one", 25, True),
}


@pytest.mark.parametrize("point", DEATH_POINTS)
def test_a_sweeper_killed_mid_pass_loses_nothing_and_sends_nothing_twice(
    point, due_alerts, counted_texts, monkeypatch
):
    module, name, number, after = DEATH_POINTS[point]
    die_on_call(monkeypatch, module, name, number, after=after)

    assert sweep(AT_40_MINUTES) == "died"
    # The restarted sweeper runs every 30 seconds; by the last pass a stranded claim lapsed.
    for n in range(1, 7):
        assert sweep(AT_40_MINUTES + timedelta(seconds=30 * n)) == "ok"
    assert timedelta(seconds=30 * 6) > CLAIM_FOR

    routed = list(AlertRecipient.objects.values_list("alert_id", "user_id", "step"))
    assert sorted(routed) == sorted(expected_routing(due_alerts))
    assert set(Alert.objects.values_list("step", flat=True)) == {2}
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENT}
    # Each row sent exactly once: as many e-mails and texts as sent rows, per address.
    assert sends_per_address(counted_texts) == sent_deliveries_per_address()


def test_a_sweeper_killed_between_handing_over_an_email_and_recording_it_sends_that_one_twice(
    due_alerts, counted_texts, monkeypatch
):
    """The one window no design closes for e-mail (SMTP has no idempotency key): the server
    took the message, then the process died before marking the row sent. The row is sent
    again when its claim lapses — that message, and no other."""
    real_save = Delivery.save
    state = {"died": False}

    def save(self, *args, **kwargs):
        if self.status == Status.SENT and not state["died"]:
            state["died"] = True
            raise ProcessDied
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Delivery, "save", save)
    assert sweep(AT_40_MINUTES) == "died"
    for n in range(1, 7):
        sweep(AT_40_MINUTES + timedelta(seconds=30 * n))

    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENT}
    extra = sends_per_address(counted_texts) - sent_deliveries_per_address()
    assert sum(extra.values()) == 1


# --- One item that always fails -----------------------------------------------------------


def test_an_alert_that_cannot_be_routed_holds_back_no_other_alert_or_notice(
    cast, due_alerts, monkeypatch, caplog
):
    # Opened a minute before the others, so it comes first in every escalation pass.
    stuck = make_clients(cast.residential, [cast.ana], 1)[0]
    stuck_alert = raise_flag(stuck, SAFETY_YES, now=T0 - timedelta(minutes=1)).alert
    real = routing.recipients_for_step

    def recipients_for_step(alert, step, now):
        if alert.pk == stuck_alert.pk:
            raise RuntimeError("this alert's routing is broken")
        return real(alert, step, now)

    monkeypatch.setattr(routing, "recipients_for_step", recipients_for_step)
    for n in range(3):
        assert sweep(AT_40_MINUTES + timedelta(seconds=30 * n)) == "ok"

    others = Alert.objects.exclude(pk=stuck_alert.pk)
    assert set(others.values_list("step", flat=True)) == {2}
    assert not Delivery.objects.exclude(status=Status.SENT).exclude(client=stuck).exists()
    stuck_alert.refresh_from_db()
    assert (stuck_alert.state, stuck_alert.step) == (AlertState.OPEN, 0)  # kept, retried
    assert f"could not escalate alert {stuck_alert.pk}" in caplog.text


def test_a_notice_that_fails_unexpectedly_holds_back_no_other_notice(
    due_alerts, monkeypatch, caplog
):
    real = delivery_module.render_notice
    broken = Delivery.objects.order_by("pk").first()
    Delivery.objects.filter(pk=broken.pk).update(status=Status.PENDING, sent_at=None)

    def render_notice(delivery):
        if delivery.pk == broken.pk:
            raise RuntimeError("this notice's template is broken")
        return real(delivery)

    monkeypatch.setattr(delivery_module, "render_notice", render_notice)
    assert sweep(AT_40_MINUTES) == "ok"

    assert list(Delivery.objects.exclude(status=Status.SENT)) == [broken]
    assert f"delivery {broken.pk} failed unexpectedly" in caplog.text


# --- Redis unreachable --------------------------------------------------------------------


def test_with_redis_unreachable_the_check_in_and_alert_are_kept_and_the_sweep_delivers(
    cast, settings, caplog, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": UNREACHABLE_REDIS}}
    give_portal_account(cast.casey, "casey@example.test")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record_checkin(
            cast.casey.user,
            cast.casey,
            CheckInAnswers(mood=1, craving=3, safety_concern=True),
            source=Source.PORTAL,
        )

    assert callbacks  # the enqueue was attempted, failed, and was only logged
    assert "could not enqueue delivery" in caplog.text
    assert CheckIn.objects.filter(client=cast.casey, safety_concern=True).count() == 1
    assert RiskFlag.objects.filter(client=cast.casey).count() == 1
    assert Alert.objects.filter(client=cast.casey, state=AlertState.OPEN).count() == 1
    notices = Delivery.objects.filter(kind=Kind.ALERT_FOR_STAFF)
    assert set(notices.values_list("status", flat=True)) == {Status.PENDING}

    assert sweep(timezone.now()) == "ok"

    assert set(notices.values_list("status", flat=True)) == {Status.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(notices.values_list("address", flat=True))


# --- A thousand alerts and a sweeper that keeps failing and dying -------------------------

SEED = 20261125
ALERT_COUNT = 1000
SIM_START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday 8 AM in Chicago
ARRIVALS_OVER = timedelta(hours=4)
TICK = timedelta(seconds=30)
FAILURE_RATE = 0.15  # of calls to advance(), route_step(), deliver_one() and its rendering
DEATH_RATE = 0.01  # of the same calls
SKIPPED_PASS_RATE = 0.03  # the sweeper was down for a whole tick
DIRECTOR_STEP = 2
SLACK = timedelta(seconds=120)


class Chaos:
    """Random failures and deaths inside the sweep, from one seeded generator, and a record
    of which alerts each pass tried and which of those it crashed on."""

    def __init__(self, rng: random.Random, monkeypatch) -> None:
        self.rng = rng
        self.active = False
        self.injected: Counter = Counter()
        self.outcome: dict[datetime, str] = {}
        self.tried: dict[datetime, set[int]] = defaultdict(set)
        self.hit: dict[datetime, set[int]] = defaultdict(set)
        self._now = SIM_START
        self._wrap(monkeypatch, services, "advance", ("before", "after"), lambda a: a[0])
        # Raised at the end of routing, inside advance()'s transaction: all rolled back.
        self._wrap(monkeypatch, services, "route_step", ("after",), lambda a: a[0].pk)
        self._wrap(monkeypatch, delivery_module, "deliver_one", ("before", "after"))
        # Inside deliver_one, after the claim: the row stays claimed.
        self._wrap(monkeypatch, delivery_module, "render_notice", ("before",))

    def _wrap(self, monkeypatch, module, name, modes, alert_of=None) -> None:
        real = getattr(module, name)

        def chaotic(*args, **kwargs):
            alert_id = alert_of(args) if alert_of else None
            if name == "advance":
                self.tried[self._now].add(alert_id)
            trouble = mode = None
            if self.active:
                roll = self.rng.random()
                if roll < DEATH_RATE:
                    trouble, mode = ProcessDied, self.rng.choice(modes)
                elif roll < DEATH_RATE + FAILURE_RATE:
                    trouble, mode = Failure, self.rng.choice(modes)
            if trouble is not None:
                self.injected[name, trouble.__name__] += 1
                if alert_id is not None:
                    self.hit[self._now].add(alert_id)
            if mode == "before":
                raise trouble
            result = real(*args, **kwargs)
            if mode == "after":
                raise trouble
            return result

        monkeypatch.setattr(module, name, chaotic)

    def sweep(self, now: datetime) -> None:
        self._now = now
        if self.rng.random() < SKIPPED_PASS_RATE:
            self.outcome[now] = "skipped"
            return
        self.active = True
        try:
            self.outcome[now] = sweep(now)
        finally:
            self.active = False

    def excused(self, now: datetime, alert_id: int) -> bool:
        """Whether the pass at NOW had no fair go at ALERT_ID: the sweeper was down, died
        before reaching it, or the trouble struck that alert itself."""
        if self.outcome.get(now) == "skipped" or alert_id in self.hit[now]:
            return True
        return self.outcome.get(now) == "died" and alert_id not in self.tried[now]


def test_a_thousand_alerts_with_a_failing_sweeper_are_each_taken_or_reach_the_director(
    cast, counted_texts, monkeypatch, caplog
):
    # Thousands of injected failures are logged as errors; they are expected here.
    for name in ("alongside.safety.services", "alongside.notifications.delivery"):
        caplog.set_level(logging.CRITICAL, logger=name)
    rng = random.Random(SEED)
    chaos = Chaos(rng, monkeypatch)
    clients = make_clients(cast.residential, [cast.ana, cast.ben], ALERT_COUNT)
    # Each alert: when it opens, and when its advocate takes it — most before the
    # supervisor is asked, some after, some after the director, some only after everyone
    # was asked again (those opened last are still open when the simulation ends).
    plan = []
    for client in clients:
        opened = SIM_START + ARRIVALS_OVER * rng.random()
        roll = rng.random()
        if roll < 0.5:
            minutes = rng.uniform(1, 14)
        elif roll < 0.75:
            minutes = rng.uniform(16, 29)
        elif roll < 0.9:
            minutes = rng.uniform(33, 44)
        else:
            minutes = rng.uniform(46, 120)
        plan.append((opened, client, opened + timedelta(minutes=minutes)))
    plan.sort(key=lambda p: p[0])
    arrivals = iter(plan)
    upcoming = next(arrivals, None)
    takes: list[tuple[datetime, int]] = []
    end = SIM_START + ARRIVALS_OVER + timedelta(minutes=60)

    now = SIM_START
    while now <= end:
        # What happened since the previous tick, in time order: alerts opened, then taken.
        while upcoming is not None and upcoming[0] <= now:
            opened, client, taken = upcoming
            alert = raise_flag(client, SAFETY_YES, source_type="checkin", now=opened).alert
            takes.append((taken, alert.pk))
            upcoming = next(arrivals, None)
        takes.sort()
        while takes and takes[0][0] <= now:
            taken, alert_id = takes.pop(0)
            alert = Alert.objects.select_related("client", "owner").get(pk=alert_id)
            acknowledge(alert.owner, alert, now=taken)
        chaos.sweep(now)
        now += TICK
    # The trouble ends; once the last claims have lapsed, healthy passes send what is left.
    for n in range(5):
        assert sweep(end + CLAIM_FOR + TICK * (n + 1)) == "ok"

    outcomes = Counter(chaos.outcome.values())
    assert outcomes["died"] > 20 and outcomes["skipped"] > 10, outcomes
    assert sum(chaos.injected.values()) > 500, chaos.injected
    assert outcomes["failed"] == 0, "a failure inside one item reached the sweeper's loop"

    alerts = list(Alert.objects.all())
    assert len(alerts) == ALERT_COUNT  # none lost: one per safety answer

    # Each taken, or routed to the director, by its deadline plus two minutes — unless in
    # every pass since it was due the sweeper had no fair go at it (down, died before it,
    # or crashed on that very alert): independent failures can hit one alert four passes
    # running, and no schedule beats that. Even then it goes at the first fair pass.
    director_at = dict(
        AlertRecipient.objects.filter(step=DIRECTOR_STEP)
        .values_list("alert_id")
        .annotate(first=Min("routed_at"))
    )
    ticks = sorted(chaos.outcome)
    late = []
    for alert in alerts:
        due = alert.created_at + timedelta(minutes=DIRECTOR_STEP * alert.interval_minutes)
        reached = [t for t in (alert.acknowledged_at, director_at.get(alert.pk)) if t]
        assert reached, f"alert {alert.pk} was neither taken nor sent to the director"
        if min(reached) <= due + SLACK:
            continue
        late.append(alert.pk)
        unfair = [t for t in ticks if due <= t < min(reached) and not chaos.excused(t, alert.pk)]
        assert unfair == [], f"alert {alert.pk} waited past {unfair[0]} with the sweeper able"
    assert len(late) < ALERT_COUNT // 100, late

    # No step routed twice, none skipped; no notice queued or sent twice.
    routed = list(AlertRecipient.objects.values_list("alert_id", "user_id", "step"))
    assert len(routed) == len(set(routed))
    steps: dict[int, set[int]] = defaultdict(set)
    for alert_id, _user_id, step in routed:
        steps[alert_id].add(step)
    assert all(steps[a.pk] == set(range(a.step + 1)) for a in alerts)
    keys = list(Delivery.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys))
    open_ids = {a.pk for a in alerts if a.state == AlertState.OPEN}
    statuses: dict[bool, set[str]] = defaultdict(set)
    for key, status in Delivery.objects.values_list("dedupe_key", "status"):
        statuses[int(key.split(":")[1]) in open_ids].add(status)
    assert statuses[True] == {Status.SENT}
    assert statuses[False] <= {Status.SENT, Status.SKIPPED}
    # A death between handing a message over and recording it would send it twice; here
    # deaths strike before or after deliver_one, never inside that window.
    assert sends_per_address(counted_texts) == sent_deliveries_per_address()
    assert Counter(d.channel for d in Delivery.objects.all())[Channel.EMAIL] > ALERT_COUNT
