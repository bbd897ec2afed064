"""Queuing notices and delivering them: the database row comes first, sending second.

`queue_notice()` writes the row (inside the caller's transaction) and, once committed, asks
the task queue to send it at once. `deliver_due()` — run by the sweeper every few seconds —
sends whatever is due, so a queue outage or a crashed worker only delays delivery. Each row
is claimed with a conditional UPDATE, so two workers never send the same notice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from alongside.clients.models import Client
from alongside.notifications.channels import DeliveryError, sender_for
from alongside.notifications.models import (
    BACKOFF_MINUTES,
    CLAIM_FOR,
    MAX_ATTEMPTS,
    TO_CLIENT,
    Delivery,
    Status,
)

logger = logging.getLogger(__name__)

# Kinds whose notice can become pointless before it is sent (a "new message" notice held for
# the advocate's working hours, when they have read the message meanwhile). Apps register a
# check here from AppConfig.ready(); it returns False to skip the send.
STILL_NEEDED: dict[str, Callable[[Delivery], bool]] = {}


def queue_notice(
    client: Client, *, kind: str, channel: str, address: str, dedupe_key: str, send_at: datetime
) -> Delivery | None:
    """Record a notice for CLIENT; return it, or None if one with DEDUPE_KEY already exists."""
    with transaction.atomic():
        delivery, created = Delivery.objects.get_or_create(
            dedupe_key=dedupe_key,
            defaults={
                "organization_id": client.organization_id,
                "client": client,
                "kind": kind,
                "channel": channel,
                "address": address,
                "next_attempt_at": send_at,
            },
        )
        if not created:
            return None
        if send_at <= timezone.now():
            transaction.on_commit(lambda: _enqueue(delivery.pk))
    return delivery


def _enqueue(delivery_id: int) -> None:
    # The sweeper delivers anything the queue loses; a failed enqueue only costs latency.
    from alongside.notifications.tasks import deliver

    try:
        deliver.enqueue(delivery_id)
    except Exception:
        logger.warning("could not enqueue delivery %s; the sweeper will send it", delivery_id)


def _claim(delivery_id: int, now: datetime) -> bool:
    """Take the row for CLAIM_FOR if it is due and nobody else holds it."""
    claimed = Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        pk=delivery_id,
        status=Status.PENDING,
        next_attempt_at__lte=now,
    ).update(claimed_until=now + CLAIM_FOR)
    return claimed == 1


def render_notice(delivery: Delivery) -> tuple[str, str, str]:
    """Return (subject, text, html) for DELIVERY. Fixed wording and a link: no client data."""
    context = {"base_url": settings.ALONGSIDE_BASE_URL.rstrip("/"), "channel": delivery.channel}
    template = f"notifications/email/{delivery.kind}"
    # A notice to the person is in their language; staff notices in the site's.
    language = delivery.client.language if delivery.kind in TO_CLIENT else settings.LANGUAGE_CODE
    with translation.override(language):
        subject = render_to_string(f"{template}.subject", context).strip()
        return (
            subject,
            render_to_string(f"{template}.txt", context),
            render_to_string(f"{template}.html", context),
        )


def deliver_one(delivery_id: int, now: datetime | None = None) -> bool:
    """Send one due delivery; return True if it was sent now.

    A failure is recorded and retried after BACKOFF_MINUTES; after MAX_ATTEMPTS the delivery
    is marked failed, which staff see on the client's profile.
    """
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return False
    delivery = Delivery.objects.select_related("client").get(pk=delivery_id)
    still_needed = STILL_NEEDED.get(delivery.kind)
    if still_needed is not None and not still_needed(delivery):
        delivery.status = Status.SKIPPED
        delivery.claimed_until = None
        delivery.save(update_fields=["status", "claimed_until"])
        return False
    try:
        subject, text, html = render_notice(delivery)
        sender_for(delivery.channel).send(delivery.address, subject, text, html)
    except DeliveryError as error:
        _record_failure(delivery, str(error), now)
        return False
    except Exception as error:
        # A bug or an outage rather than a refused send: it counts as an attempt too, so the
        # notice backs off and ends as failed (shown to staff) instead of being retried forever.
        # Only the error's class is kept: its message might quote the notice.
        _record_failure(delivery, f"Unexpected error ({type(error).__name__})", now)
        raise
    delivery.attempts += 1
    delivery.status = Status.SENT
    delivery.sent_at = now
    delivery.claimed_until = None
    delivery.last_error = ""
    delivery.save(update_fields=["attempts", "status", "sent_at", "claimed_until", "last_error"])
    return True


def _record_failure(delivery: Delivery, error: str, now: datetime) -> None:
    """Count a failed attempt at DELIVERY: retry after the next back-off, or give up."""
    delivery.attempts += 1
    delivery.last_error = error[:200]
    delivery.claimed_until = None
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = Status.FAILED
    else:
        wait = BACKOFF_MINUTES[delivery.attempts - 1]
        delivery.next_attempt_at = now + timedelta(minutes=wait)
    delivery.save(
        update_fields=["attempts", "last_error", "claimed_until", "status", "next_attempt_at"]
    )


def deliver_due(now: datetime | None = None, limit: int = 200) -> int:
    """Send up to LIMIT due deliveries; return how many were sent."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=Status.PENDING,
        next_attempt_at__lte=now,
    ).order_by("next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:limit])
    sent = 0
    for pk in ids:
        try:
            sent += deliver_one(pk, now)
        except Exception:
            # Not a refused send (that is DeliveryError) but a bug or an outage: counted as
            # an attempt and retried after its back-off; the other notices of this pass go.
            logger.exception("delivery %s failed unexpectedly; retrying later", pk)
    return sent
