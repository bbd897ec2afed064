"""Parts about the person's recovery work: timeline, wins, questionnaires, the recovery
plan, pathway progress and groups."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.assessments.catalog import get_instrument
from alongside.assessments.models import AssessmentResponse
from alongside.clients.models import Client
from alongside.groups.models import Attendance, RosterMember
from alongside.myrecord.package.base import Item, Part, Rows
from alongside.pathways.catalog import get_pathway
from alongside.pathways.models import OwnStage, StageMove
from alongside.plans.models import Goal, Task
from alongside.recovery.models import RecoveryEvent, Win


def recovery_timeline(client: Client, rows: Rows) -> Part:
    items = [
        Item(
            (
                rows.f("on_date", e.on_date),
                rows.choice(e, "kind"),
                rows.f("note", e.note),
                rows.person("recorded_by", e.recorded_by),
            )
        )
        for e in RecoveryEvent.objects.filter(client=client)
        .select_related("recorded_by")
        .order_by("on_date", "id")
    ]
    return Part("recovery_timeline", gettext_lazy("Recovery timeline"), items)


def wins(client: Client, rows: Rows) -> Part:
    items = [
        Item(
            (
                rows.f("on_date", w.occurred_on),
                rows.choice(w, "kind"),
                rows.f("title", w.title),
                rows.f("milestone", w.milestone_key),
                rows.person("recorded_by", w.created_by),
                rows.f("congratulation", w.congratulation),
                rows.person("congratulated_by", w.congratulated_by),
            )
        )
        for w in Win.objects.filter(client=client)
        .select_related("created_by", "congratulated_by")
        .order_by("occurred_on", "id")
    ]
    return Part("wins", gettext_lazy("Milestones and wins"), items)


def questionnaires(client: Client, rows: Rows) -> Part:
    items = []
    for response in (
        AssessmentResponse.objects.filter(client=client)
        .select_related("created_by")
        .order_by("occurred_at", "id")
    ):
        instrument = get_instrument(response.instrument, response.version)
        band = next((b for b in instrument.bands_for(response.sex) if b.key == response.band), None)
        fields = (
            rows.f("occurred_at", response.occurred_at),
            rows.f("questionnaire", response.instrument, instrument.short_title),
            rows.f("version", response.version),
            rows.f("answers", response.answers),
            rows.f("total", response.total),
            rows.f("result", response.band, str(band.label) if band else response.band),
            rows.f("flags", response.flags),
            rows.choice(response, "source"),
            rows.person("recorded_by", response.created_by),
        )
        items.append(Item(fields))
    return Part("questionnaires", gettext_lazy("Questionnaires and scores"), items)


def recovery_plan(client: Client, rows: Rows) -> Part:
    """Every goal with its tasks, oldest first."""
    tasks: dict[int, list[str]] = {}
    for task in Task.objects.filter(client=client).order_by("created_at", "id"):
        done = f" ({_('done')} {rows.shown(task.done_at)})" if task.done_at else ""
        tasks.setdefault(task.goal_id, []).append(f"{task.title}{done}")
    items = [
        Item(
            (
                rows.choice(goal, "domain"),
                rows.f("goal", goal.title),
                rows.f("specific", goal.specific),
                rows.f("measurable", goal.measurable),
                rows.f("achievable", goal.achievable),
                rows.f("relevant", goal.relevant),
                rows.f("time_bound", goal.time_bound),
                rows.choice(goal, "status"),
                rows.f("target_date", goal.target_date),
                rows.f("done_on", goal.done_on),
                rows.f("tasks", tasks.get(goal.pk, [])),
                rows.f("created_at", goal.created_at),
                rows.person("created_by", goal.created_by),
            )
        )
        for goal in Goal.objects.filter(client=client)
        .select_related("created_by")
        .order_by("created_at", "id")
    ]
    return Part("recovery_plan", gettext_lazy("Recovery plan: goals and tasks"), items)


def pathway_progress(client: Client, rows: Rows) -> Part:
    """Every move of a stage of the person's pathways (the history), and the stages they
    named for a pathway of their own."""
    items = [
        Item(
            (
                rows.f("pathway", "own"),
                rows.f("stage", stage.title),
                rows.f("position", stage.position),
            )
        )
        for stage in OwnStage.objects.filter(client=client).order_by("position")
    ]
    for move in (
        StageMove.objects.filter(client=client)
        .select_related("moved_by")
        .order_by("moved_at", "pk")
    ):
        pathway = get_pathway(move.pathway)
        stage = pathway.stage(move.stage) if pathway is not None else None
        items.append(
            Item(
                (
                    rows.f("pathway", str(pathway.title) if pathway else move.pathway),
                    rows.f("stage", str(stage.title) if stage else move.stage),
                    rows.choice(move, "from_state"),
                    rows.choice(move, "to_state"),
                    rows.f("note", move.note),
                    rows.f("moved_at", move.moved_at),
                    rows.person("moved_by", move.moved_by),
                )
            )
        )
    return Part("pathway_progress", gettext_lazy("Pathways and step work"), items)


def groups(client: Client, rows: Rows) -> Part:
    """The groups the person is on the roster of, and their attendance at each session."""
    items = [
        Item((rows.f("group", m.group.name), rows.f("added_at", m.added_at)))
        for m in RosterMember.objects.filter(client=client)
        .select_related("group")
        .order_by("added_at", "pk")
    ]
    items += [
        Item(
            (
                rows.f("group", a.session.group.name),
                rows.f("session_starts_at", a.session.starts_at),
                rows.choice(a, "status"),
                rows.f("note", a.note),
            )
        )
        for a in Attendance.objects.filter(client=client)
        .select_related("session__group")
        .order_by("session__starts_at", "pk")
    ]
    return Part("groups", gettext_lazy("Groups and attendance"), items)
