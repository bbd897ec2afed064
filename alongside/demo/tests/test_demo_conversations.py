"""The demo center's message threads and its advocates' working hours."""

from __future__ import annotations

from collections import Counter
from datetime import time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from alongside.accounts.models import User
from alongside.clients.models import Assignment, Client
from alongside.demo.conversations import (
    CAUGHT_UP,
    DEMO_THREAD,
    WAITING_FOR_ADVOCATE,
    WAITING_FOR_CLIENT,
)
from alongside.demo.plan import plan_center
from alongside.demo.roster import ADVOCATE, ADVOCATE_2, CLIENT
from alongside.messaging.hours import week_of
from alongside.messaging.models import Message, WorkingDay
from alongside.messaging.queries import unread_for_client, unread_from_clients
from alongside.notifications.models import Delivery
from alongside.organizations.models import Membership, Organization, Role


def seed(*args: str) -> None:
    call_command("seed_demo", *args, stdout=StringIO())


def conversations_of(plan) -> list[tuple]:
    return [
        (
            c.preferred_name,
            c.conversation.ending,
            [(m.from_client, m.body, m.gap_hours) for m in c.conversation.messages],
            c.conversation.last_ago,
        )
        for c in plan.clients
        if c.conversation is not None
    ]


def test_the_same_seed_plans_the_same_conversations_and_another_seed_does_not():
    first = conversations_of(plan_center(seed=3, clients=150))
    assert conversations_of(plan_center(seed=3, clients=150)) == first
    assert conversations_of(plan_center(seed=4, clients=150)) != first


def test_a_handful_of_people_have_a_short_thread_ending_each_way():
    for seed_value in (1, 2, 3, 11):
        plan = plan_center(seed=seed_value, clients=150)
        threads = [c.conversation for c in plan.clients if c.conversation is not None]
        assert 6 <= len(threads) <= 10, seed_value
        assert all(2 <= len(t.messages) <= 8 for t in threads)
        endings = Counter(t.ending for t in threads)
        assert endings[WAITING_FOR_ADVOCATE] >= 1 and endings[WAITING_FOR_CLIENT] >= 1
        assert endings[CAUGHT_UP] >= 1
        for person in plan.clients:
            if person.conversation is not None:
                assert person.portal is not None
                assert person.assignments[-1].ended_ago is None


@pytest.mark.django_db
def test_the_database_holds_the_planned_messages():
    seed("--seed", "5")
    plan = plan_center(seed=5, clients=150)
    clients = list(Client.objects.order_by("pk"))
    for client, person in zip(clients, plan.clients, strict=True):
        planned = person.conversation.messages if person.conversation else ()
        stored = client.messages.order_by("sent_at", "id")
        assert [(m.from_client, m.body) for m in stored] == [
            (m.from_client, m.body) for m in planned
        ]
    assert Message.objects.count() == sum(
        len(p.conversation.messages) for p in plan.clients if p.conversation
    )


@pytest.mark.django_db
def test_messages_are_between_a_person_and_their_current_advocate_in_the_last_two_weeks():
    seed()
    now = timezone.now()
    messages = list(Message.objects.select_related("client", "sender", "read_by"))
    assert 6 * 2 <= len(messages) <= 10 * 8
    assert len({m.client_id for m in messages}) >= 6
    for message in messages:
        client = message.client
        assignment = Assignment.objects.current().get(client=client)
        assert now - timedelta(days=14) <= message.sent_at <= now
        assert message.sent_at >= assignment.started_at
        assert message.organization_id == client.organization_id
        if message.from_client:
            assert message.sender_id == client.user_id
            assert message.sent_at >= client.user.date_joined
        else:
            assert message.sender_id == assignment.advocate_id
        if message.read_at is None:
            assert message.read_by_id is None
        else:
            assert message.sent_at < message.read_at <= now
            reader = assignment.advocate_id if message.from_client else client.user_id
            assert message.read_by_id == reader


@pytest.mark.django_db
def test_advocates_write_in_their_working_hours():
    seed()
    org = Organization.objects.get(slug="demo")
    replies = Message.objects.filter(from_client=False).select_related("sender")
    assert replies.exists()
    for message in replies:
        assert week_of(message.sender, org).is_working(message.sent_at), message.sent_at


@pytest.mark.django_db
def test_some_conversations_wait_to_be_read_and_some_are_caught_up():
    seed()
    by_client = {}
    for message in Message.objects.order_by("sent_at", "id"):
        by_client.setdefault(message.client_id, []).append(message)
    unread_by_staff = [
        c for c, ms in by_client.items() if ms[-1].from_client and not ms[-1].read_at
    ]
    unread_by_client = [
        c for c, ms in by_client.items() if not ms[-1].from_client and not ms[-1].read_at
    ]
    caught_up = [c for c, ms in by_client.items() if all(m.read_at for m in ms)]
    assert unread_by_staff and unread_by_client and caught_up
    # Only the last messages of a thread can still be unread.
    for messages in by_client.values():
        unread = [i for i, m in enumerate(messages) if m.read_at is None]
        if unread:
            tail = messages[unread[0] :]
            assert all(m.read_at is None for m in tail)
            assert len({m.from_client for m in tail}) == 1


@pytest.mark.django_db
def test_the_advocate_has_unread_messages_on_today_and_so_does_advocate2():
    seed()
    for email in (ADVOCATE, ADVOCATE_2):
        advocate = User.objects.get(email=email)
        caseload = list(
            Assignment.objects.current()
            .filter(advocate=advocate)
            .values_list("client_id", flat=True)
        )
        assert unread_from_clients(caseload), email


@pytest.mark.django_db
def test_the_demo_client_has_a_spanish_conversation_with_one_unread_reply():
    seed()
    client = Client.objects.get(user__email=CLIENT)
    messages = list(client.messages.order_by("sent_at", "id").select_related("sender"))
    assert [(m.from_client, m.body) for m in messages] == [
        (side == "client", text) for side, text in DEMO_THREAD
    ]
    assert {m.sender.email for m in messages} == {CLIENT, ADVOCATE}
    last = messages[-1]
    assert not last.from_client and last.read_at is None
    assert unread_for_client(client) == 1
    assert all(m.read_at is not None for m in messages[:-1])
    assert not unread_from_clients([client.pk])  # nothing waits for the advocate
    assert (timezone.now() - last.sent_at) < timedelta(days=4)


@pytest.mark.django_db
def test_every_advocate_has_a_working_week_and_one_works_tuesday_to_saturday():
    seed("--clients", "30")
    org = Organization.objects.get(slug="demo")
    advocates = User.objects.filter(memberships__role=Role.PRA)
    assert set(WorkingDay.objects.values_list("user__email", flat=True).distinct()) == set(
        advocates.values_list("email", flat=True)
    )
    assert not WorkingDay.objects.exclude(user__memberships__role=Role.PRA).exists()  # nobody else
    for advocate in advocates:
        week = week_of(advocate, org)
        assert not week.is_default
        if advocate.email == ADVOCATE_2:
            assert week.days == {day: (time(10), time(18)) for day in range(1, 6)}
        else:
            assert week.days == {day: (time(9), time(17)) for day in range(5)}
    assert Membership.objects.filter(role=Role.PRA).count() == advocates.count()


@pytest.mark.django_db
def test_demo_messages_queue_no_notices():
    seed()
    assert Message.objects.exists()
    assert not Delivery.objects.exists()
