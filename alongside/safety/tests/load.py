"""Many people in care at once, for the fault tests: bulk-created, a few queries in all."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time, timedelta

from django.utils import timezone

from alongside.accounts.models import User
from alongside.clients.models import Assignment, Client, Episode, LevelOfCare
from alongside.messaging.models import WorkingDay
from alongside.organizations.models import Program

# A check-in and an alert never name the person in a notice; a name this odd cannot turn
# up in an e-mail by accident, so finding it there would mean a leak.
NAME_PREFIX = "Zephyrine"


def make_clients(program: Program, advocates: Sequence[User], count: int) -> list[Client]:
    """COUNT clients in PROGRAM's open episode, assigned to ADVOCATES in turn."""
    org = program.organization
    admitted = timezone.now() - timedelta(days=30)
    clients = Client.objects.bulk_create(
        Client(organization=org, preferred_name=f"{NAME_PREFIX} {n:04}", time_zone=org.time_zone)
        for n in range(count)
    )
    Episode.objects.bulk_create(
        Episode(
            organization=org,
            client=client,
            program=program,
            level_of_care=LevelOfCare.RESIDENTIAL,
            admitted_at=admitted,
        )
        for client in clients
    )
    Assignment.objects.bulk_create(
        Assignment(
            organization=org,
            client=client,
            advocate=advocates[n % len(advocates)],
            started_at=admitted,
        )
        for n, client in enumerate(clients)
    )
    return clients


def works_around_the_clock(user: User) -> None:
    """USER works every hour of every day, so who is reached first does not depend on the
    moment a test runs."""
    WorkingDay.objects.bulk_create(
        WorkingDay(
            organization_id=membership.organization_id,
            user=user,
            weekday=day,
            starts=time(0),
            ends=time.max,
        )
        for membership in user.memberships.all()
        for day in range(7)
    )
