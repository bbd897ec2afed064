"""The sections of the portal home, "My recovery", top to bottom.

Each section is a template and the context it needs, built from the client's own record.
Features add their section here (days in recovery and the next milestone, today's check-in,
wins, messages) — with real data only: a section with nothing true to say is left out rather
than filled with a placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.assessments.portal_views import due_now
from alongside.checkins.models import CheckIn
from alongside.clients.models import Client
from alongside.groups.queries import upcoming_for_client
from alongside.messaging.queries import unread_for_client
from alongside.plans.queries import goal_win_title
from alongside.portal.conversation import current_advocates
from alongside.portal.forms import mood_word
from alongside.recovery.milestones import Milestone, client_today, milestone_by_key
from alongside.recovery.models import Win, WinKind
from alongside.recovery.queries import Recovery, recovery_of
from alongside.recovery.services import award_due_milestones
from alongside.safetyplans.queries import current_plan

# Wins shown on the home page, newest first.
HOME_WINS = 5
# A milestone reached this many days ago or less is celebrated with a banner.
CELEBRATE_FOR = timedelta(days=2)


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def milestone_label(milestone: Milestone) -> str:
    """Return MILESTONE's name in the current language ("30 days", "6 months", "1 year")."""
    if milestone.months and milestone.months % 12 == 0:
        years = milestone.months // 12
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    if milestone.months:
        return ngettext("%(count)d month", "%(count)d months", milestone.months) % {
            "count": milestone.months
        }
    if milestone.days == 1:
        return _("24 hours")
    return ngettext("%(count)d day", "%(count)d days", milestone.days) % {"count": milestone.days}


def win_title(win: Win) -> str:
    """A milestone win's title in the client's language; a finished goal's naming the goal;
    other wins as they were written."""
    goal_title = goal_win_title(win)
    if goal_title is not None:
        return goal_title
    milestone = milestone_by_key(win.milestone_key) if win.kind == WinKind.MILESTONE else None
    if milestone is None:
        return win.title
    return _("%(milestone)s in recovery!") % {"milestone": milestone_label(milestone)}


def client_today_now(client: Client) -> date:
    return client_today(client, timezone.now())


def advocates(current: list[Any]) -> Section:
    return Section("portal/home/_advocates.html", {"advocates": current})


def message_box(client: Client, current: list[Any]) -> Section | None:
    """How many of the advocates' messages are unread, and the way to write to them; None
    with neither an advocate to write to nor anything unread."""
    unread = unread_for_client(client)
    if not unread and not current:
        return None
    context: dict[str, Any] = {"unread": unread, "advocate_count": len(current)}
    if unread:
        context["unread_text"] = (
            ngettext(
                "%(count)d new message from your advocate",
                "%(count)d new messages from your advocate",
                unread,
            )
            if len(current) <= 1
            else ngettext(
                "%(count)d new message from your advocates",
                "%(count)d new messages from your advocates",
                unread,
            )
        ) % {"count": unread}
    return Section("portal/home/_messages.html", context)


def my_recovery(recovery: Recovery) -> Section:
    next_up = recovery.next_milestone
    context: dict[str, Any] = {"recovery": recovery}
    if next_up is not None:
        context["next_label"] = milestone_label(next_up.milestone)
    context["show_total"] = (
        recovery.total_days_in_recovery != (recovery.days_in_recovery or 0)
        and recovery.total_days_in_recovery > 0
    )
    return Section("portal/home/_recovery.html", context)


def todays_checkin(client: Client, today: date) -> Section:
    checkin = CheckIn.objects.filter(client=client, local_date=today).first()
    context: dict[str, Any] = {"checkin": checkin}
    if checkin is not None:
        context["mood_word"] = mood_word(checkin.mood)
    return Section("portal/home/_checkin.html", context)


def wins(recovery: Recovery, today: date) -> Section | None:
    if not recovery.wins:
        return None
    shown: list[dict[str, Any]] = [
        {"win": win, "title": win_title(win)} for win in recovery.wins[:HOME_WINS]
    ]
    celebrate = [
        item
        for item in shown
        if item["win"].kind == WinKind.MILESTONE
        and today - CELEBRATE_FOR <= item["win"].occurred_on <= today
    ]
    return Section(
        "portal/home/_wins.html",
        {"wins": shown, "celebrate": celebrate[0] if celebrate else None},
    )


def sections_for(client: Client) -> list[Section]:
    """Return the home page's sections for CLIENT, in reading order."""
    today = client_today_now(client)
    # A milestone reached today is celebrated at once, not after the worker's next sweep.
    award_due_milestones(client, today)
    recovery = recovery_of(client, today, wins=HOME_WINS)
    current = current_advocates(client)
    sections = [my_recovery(recovery), todays_checkin(client, today)]
    box = message_box(client, current)
    if box is not None:
        sections.append(box)
    won = wins(recovery, today)
    if won is not None:
        if won.context["celebrate"] is not None:
            sections.insert(0, Section("portal/home/_celebration.html", won.context))
        sections.append(won)
    due = due_now(client)
    if due:
        sections.append(Section("assessments/portal/_home_section.html", {"due": due}))
    groups = upcoming_for_client(client, timezone.now())
    if groups:
        sections.append(Section("groups/portal/_home_section.html", {"sessions": groups}))
    sections.append(
        Section("safetyplans/portal/_home_section.html", {"plan": current_plan(client)})
    )
    sections.append(
        Section(
            "plans/portal/_home_section.html",
            {"active": client.goals.filter(status="active").count()},
        )
    )
    sections.append(Section("worksheets/portal/_home_section.html"))
    sections.append(advocates(current))
    # Last: the person's consents and the download of their whole record (alongside/myrecord).
    sections.append(Section("myrecord/_home_section.html"))
    return sections
