"""Parts about the person's worksheets (alongside/worksheets): every row they wrote, private
or shared, and every comment their advocate left. Their own words, so all of it is theirs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from alongside.clients.models import Client
from alongside.myrecord.package.base import Item, Part, Rows
from alongside.worksheets.kinds import stage_title
from alongside.worksheets.models import Comment, Entry


def _stage(rows: Rows, pathway: str, stage: str) -> tuple[str, object, str]:
    title = stage_title(pathway, stage)
    return rows.f("stage", stage, str(title) if title else stage)


def worksheets(client: Client, rows: Rows) -> Part:
    """Each row of each worksheet: its words by box, whether it is shared, when it changed."""
    items = []
    for entry in (
        Entry.objects.filter(client=client)
        .select_related("worksheet")
        .order_by("worksheet__kind", "created_at", "pk")
    ):
        sheet = entry.worksheet.sheet
        section = sheet.section(entry.section)
        answers = entry.answers()
        shown = "; ".join(f"{label}: {value}" for label, value in entry.labelled() if value)
        items.append(
            Item(
                (
                    rows.f("worksheet", entry.worksheet.kind, str(sheet.title)),
                    _stage(rows, entry.worksheet.pathway, entry.worksheet.stage),
                    rows.f("section", entry.section, str(section.title) if section else ""),
                    rows.f("day", entry.day),
                    rows.f("answers", answers, shown),
                    rows.f("shared", entry.is_shared()),
                    rows.f("created_at", entry.created_at),
                    rows.f("changed_at", entry.changed_at),
                )
            )
        )
    return Part("worksheets", gettext_lazy("Worksheets"), items)


def worksheet_comments(client: Client, rows: Rows) -> Part:
    """Each comment the person's advocate left on something they shared."""
    items = [
        Item(
            (
                rows.f("worksheet", c.worksheet.kind, str(c.worksheet.sheet.title)),
                rows.f("row", c.entry.summary() if c.entry is not None else ""),
                rows.f("comment", c.text),
                rows.person("sender", c.author),
                rows.f("created_at", c.created_at),
            )
        )
        for c in Comment.objects.filter(client=client)
        .select_related("worksheet", "entry", "entry__worksheet", "author")
        .order_by("created_at", "pk")
    ]
    return Part("worksheet_comments", gettext_lazy("Comments on your worksheets"), items)
