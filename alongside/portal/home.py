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

from alongside.checkins.models import CheckIn
from alongside.clients.models import Client
from alongside.portal.forms import mood_word
from alongside.recovery.milestones import Milestone, client_today, milestone_by_key
from alongside.recovery.models import Win, WinKind
from alongside.recovery.queries import Recovery, recovery_of
from alongside.recovery.services import award_due_milestones

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
    """A milestone win's title in the client's language; other wins as they were written."""
    milestone = milestone_by_key(win.milestone_key) if win.kind == WinKind.MILESTONE else None
    if milestone is None:
        return win.title
    return _("%(milestone)s in recovery!") % {"milestone": milestone_label(milestone)}


def client_today_now(client: Client) -> date:
    return client_today(client, timezone.now())


def advocates(client: Client) -> Section:
    current = client.assignments.current().select_related("advocate").order_by("started_at")
    return Section("portal/home/_advocates.html", {"advocates": [a.advocate for a in current]})


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
    sections = [my_recovery(recovery), todays_checkin(client, today)]
    won = wins(recovery, today)
    if won is not None:
        if won.context["celebrate"] is not None:
            sections.insert(0, Section("portal/home/_celebration.html", won.context))
        sections.append(won)
    sections.append(advocates(client))
    return sections
