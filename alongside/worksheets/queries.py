"""Reading worksheets: the state anyone who sees the client may know (counts and dates, one
query), the client's own worksheet with its rows and comments, and what an advocate may read
(shared rows and the comments on them). Query counts do not grow with the number of rows."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from alongside.clients.models import Client
from alongside.worksheets.kinds import Kind
from alongside.worksheets.models import Comment, Entry, Worksheet


def _annotated(client: Client) -> QuerySet[Worksheet]:
    return Worksheet.objects.filter(client=client).annotate(
        row_count=Count("entries"),
        shared_row_count=Count("entries", filter=Q(entries__shared=True)),
    )


def with_state(worksheets: list[Worksheet]) -> list[Worksheet]:
    """Set `shared_rows` on each annotated worksheet: its shared rows, whatever the rule."""
    for worksheet in worksheets:
        if worksheet.per_row_sharing:
            worksheet.shared_rows = worksheet.shared_row_count  # type: ignore[attr-defined]
        else:
            rows = worksheet.row_count if worksheet.shared else 0  # type: ignore[attr-defined]
            worksheet.shared_rows = rows  # type: ignore[attr-defined]
    return worksheets


def states(client: Client) -> list[Worksheet]:
    """Return CLIENT's worksheets with `row_count`, `shared_rows` and `updated_at`: what
    every viewer of the client may know. Loads no words (the encrypted columns are deferred
    by not being read: only the worksheet row is selected)."""
    return with_state(list(_annotated(client)))


def visible_comments() -> QuerySet[Comment]:
    """Comments on content shared now: all an advocate may read of the thread."""
    return Comment.objects.filter(
        Q(worksheet__kind=Kind.INVENTORY, entry__shared=True)
        | (~Q(worksheet__kind=Kind.INVENTORY) & Q(entry__isnull=True, worksheet__shared=True))
    ).select_related("author")


def shared_worksheets(client: Client) -> list[Worksheet]:
    """Return CLIENT's worksheets with state, each with `shared_entries` (rows shared now)
    and `shown_comments` (comments on those): three queries, whatever the size."""
    worksheets = with_state(
        list(
            _annotated(client).prefetch_related(
                Prefetch(
                    "entries",
                    queryset=Entry.objects.shared().filter(client=client),
                    to_attr="shared_entries",
                ),
                Prefetch(
                    "comments",
                    queryset=visible_comments().filter(client=client),
                    to_attr="shown_comments",
                ),
            )
        )
    )
    return worksheets


def own_worksheet(worksheet: Worksheet) -> Worksheet:
    """Return WORKSHEET with `all_entries` and `all_comments` loaded, for its owner."""
    entries = list(worksheet.entries.all())
    worksheet.all_entries = entries  # type: ignore[attr-defined]
    comments = list(worksheet.comments.select_related("author"))
    by_entry: dict[int | None, list[Comment]] = {}
    for comment in comments:
        by_entry.setdefault(comment.entry_id, []).append(comment)
    for entry in entries:
        entry.worksheet = worksheet
        entry.thread = by_entry.get(entry.pk, [])  # type: ignore[attr-defined]
    worksheet.all_comments = comments  # type: ignore[attr-defined]
    worksheet.sheet_comments = by_entry.get(None, [])  # type: ignore[attr-defined]
    return worksheet
