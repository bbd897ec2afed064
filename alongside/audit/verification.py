"""Checking the audit chains: every row's hash, its link to the row before, and the head."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from alongside.audit.models import GENESIS_HASH, AccessEvent, ChainHead


@dataclass(frozen=True)
class Problem:
    chain: int
    row_id: int | None
    sequence: int | None
    reason: str

    def __str__(self) -> str:
        where = f"row id {self.row_id} (sequence {self.sequence})" if self.row_id else "the head"
        return f"chain {self.chain}: first bad row is {where}: {self.reason}"


def check_chain(
    chain: int,
    rows: Iterable[AccessEvent],
    head: ChainHead | None,
    current_head: Callable[[], ChainHead | None] | None = None,
) -> Problem | None:
    """Return the first problem in CHAIN's ROWS (ordered by sequence, then id); None if intact.

    Detects a changed row (its hash no longer matches), a deleted row (a sequence gap and a
    broken link), an inserted row (a repeated sequence or a broken link) and rows removed or
    appended at the end (the head disagrees).

    HEAD must have been read before ROWS. Rows past it are normally appends committed while
    the rows were being read, so CURRENT_HEAD, if given, is called to read the head again and
    only rows past that one are reported: a writer moves the head in the transaction that adds
    its rows, so a row the head has never covered was not added by `record_many()`.
    """
    head_sequence = head.sequence if head else 0
    head_hash = head.hash if head else GENESIS_HASH
    expected_sequence, previous_hash = 1, GENESIS_HASH
    last: AccessEvent | None = None
    # (sequence, id) of the rows past HEAD: few, unless the chain grows while it is read.
    past_head: list[tuple[int, int]] = []
    for row in rows:
        if row.sequence != expected_sequence:
            return Problem(chain, row.pk, row.sequence, f"expected sequence {expected_sequence}")
        if row.prev_hash != previous_hash:
            return Problem(chain, row.pk, row.sequence, "does not link to the row before it")
        if row.compute_hash() != row.hash:
            return Problem(chain, row.pk, row.sequence, "its contents do not match its hash")
        if row.sequence > head_sequence:
            past_head.append((row.sequence, row.pk))
        expected_sequence, previous_hash, last = row.sequence + 1, row.hash, row
    last_sequence = last.sequence if last else 0
    if past_head and current_head is not None:
        head = current_head()
        head_sequence = head.sequence if head else 0
        head_hash = head.hash if head else GENESIS_HASH
        past_head = [(sequence, pk) for sequence, pk in past_head if sequence > head_sequence]
        if not past_head and last_sequence < head_sequence:
            # Still more rows were appended after ours were read; the next run checks them.
            return None
    if past_head:
        sequence, pk = past_head[0]
        return Problem(chain, pk, sequence, "is beyond the recorded end of the chain")
    if last_sequence < head_sequence:
        return Problem(chain, None, None, f"rows after sequence {last_sequence} are missing")
    if previous_hash != head_hash:
        if last is None:
            return Problem(chain, None, None, "the head does not match an empty chain")
        return Problem(chain, last.pk, last.sequence, "its hash does not match the chain head")
    return None


def verify_all(batch_size: int = 2000) -> Iterator[tuple[int, int, Problem | None]]:
    """Yield (chain, rows checked, first problem or None) for every chain.

    Safe to run while events are being recorded: each chain's head is read just before its
    rows and re-read if rows turn up past it.
    """
    chains = set(ChainHead.objects.values_list("chain", flat=True)) | set(
        AccessEvent.objects.values_list("chain", flat=True).distinct()
    )
    for chain in sorted(chains):
        head = _head(chain)
        counted = _Counter(
            AccessEvent.objects.filter(chain=chain)
            .order_by("sequence", "id")
            .iterator(chunk_size=batch_size)
        )
        problem = check_chain(chain, counted, head, current_head=partial(_head, chain))
        yield chain, counted.count, problem


def _head(chain: int) -> ChainHead | None:
    return ChainHead.objects.filter(chain=chain).first()


class _Counter:
    def __init__(self, rows: Iterable[AccessEvent]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[AccessEvent]:
        for row in self.rows:
            self.count += 1
            yield row
