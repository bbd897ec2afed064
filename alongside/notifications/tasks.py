"""Background tasks (django-tasks). Delivery correctness never depends on them: the sweeper
(`manage.py run_sweeps`) delivers anything a task did not."""

from __future__ import annotations

from django_tasks import task

from alongside.notifications.delivery import deliver_one


@task()
def deliver(delivery_id: int) -> bool:
    return deliver_one(delivery_id)
