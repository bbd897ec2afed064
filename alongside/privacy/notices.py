"""Telling the people who review a break-glass access that it happened.

The e-mail says only "A break-glass access needs review in Alongside" and links to the review
queue: no client, no reason, no name of the person who opened the record (DESIGN.md §4.4).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from alongside.accounts.models import User
from alongside.audit.models import BreakGlassGrant
from alongside.clients.models import Client
from alongside.notifications.delivery import queue_notice
from alongside.notifications.models import Channel, Kind
from alongside.organizations.models import Membership, Role

# The notice kind; its templates are in this app (templates/notifications/email/).
KIND = Kind.BREAK_GLASS_REVIEW


def reviewers_to_notify(grant: BreakGlassGrant) -> list[User]:
    """Return who hears about GRANT: the supervisor of its holder's advocate role, and the
    privacy officers and directors of its organization; the organization's administrators
    if there is nobody else. Never the holder themself."""
    organization_id = grant.organization_id
    active = Membership.objects.active().filter(organization_id=organization_id)
    supervisors = active.filter(
        user_id=grant.user_id, role=Role.PRA, supervisor__isnull=False
    ).values("supervisor_id")
    reviewers = active.filter(
        Q(role__in=[Role.PRIVACY_OFFICER, Role.DIRECTOR])
        | Q(role=Role.SUPERVISOR, user_id__in=supervisors)
    ).exclude(user_id=grant.user_id)
    people = list(User.objects.filter(pk__in=reviewers.values("user_id")).order_by("pk"))
    if people:
        return people
    admins = active.filter(role=Role.ADMIN).exclude(user_id=grant.user_id)
    return list(User.objects.filter(pk__in=admins.values("user_id")).order_by("pk"))


def notify_reviewers(grant: BreakGlassGrant, client: Client, now: datetime) -> int:
    """Queue the e-mail notice to each reviewer of GRANT (caller's transaction); return how
    many were queued. The keys name the grant and the person, so nothing goes twice."""
    queued = 0
    for person in reviewers_to_notify(grant):
        if not person.email:
            continue
        delivery = queue_notice(
            client,
            kind=KIND,
            channel=Channel.EMAIL,
            address=person.email,
            dedupe_key=f"break-glass:{grant.pk}:user:{person.pk}:email",
            send_at=now,
        )
        queued += delivery is not None
    return queued
