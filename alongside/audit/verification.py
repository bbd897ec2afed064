"""Checking the audit chains: every row's hash, its link to the row before, and the head."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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
    chain: int, rows: Iterable[AccessEvent], head: ChainHead | None
) -> Problem | None:
    """Return the first problem in CHAIN's ROWS (ordered by sequence, then id); None if intact.

    Detects a changed row (its hash no longer matches), a deleted row (a sequence gap and a
    broken link), an inserted row (a repeated sequence or a broken link) and rows removed or
    appended at the end (the head disagrees).
    """
    expected_sequence, previous_hash = 1, GENESIS_HASH
    last: AccessEvent | None = None
    for row in rows:
        if row.sequence != expected_sequence:
            return Problem(chain, row.pk, row.sequence, f"expected sequence {expected_sequence}")
        if row.prev_hash != previous_hash:
            return Problem(chain, row.pk, row.sequence, "does not link to the row before it")
        if row.compute_hash() != row.hash:
            return Problem(chain, row.pk, row.sequence, "its contents do not match its hash")
        expected_sequence, previous_hash, last = row.sequence + 1, row.hash, row
    head_sequence = head.sequence if head else 0
    head_hash = head.hash if head else GENESIS_HASH
    if head_sequence != (last.sequence if last else 0) or head_hash != previous_hash:
        if last is not None and last.sequence > head_sequence:
            return Problem(chain, last.pk, last.sequence, "is beyond the recorded end of the chain")
        return Problem(
            chain, None, None, f"rows after sequence {expected_sequence - 1} are missing"
        )
    return None


def verify_all(batch_size: int = 2000) -> Iterator[tuple[int, int, Problem | None]]:
    """Yield (chain, rows checked, first problem or None) for every chain."""
    heads = {h.chain: h for h in ChainHead.objects.all()}
    chains = set(heads) | set(AccessEvent.objects.values_list("chain", flat=True).distinct())
    for chain in sorted(chains):
        counted = _Counter(
            AccessEvent.objects.filter(chain=chain)
            .order_by("sequence", "id")
            .iterator(chunk_size=batch_size)
        )
        problem = check_chain(chain, counted, heads.get(chain))
        yield chain, counted.count, problem


class _Counter:
    def __init__(self, rows: Iterable[AccessEvent]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[AccessEvent]:
        for row in self.rows:
            self.count += 1
            yield row
