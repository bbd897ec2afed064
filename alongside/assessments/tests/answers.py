"""Building answer sets for the scoring tables."""

from __future__ import annotations

from collections.abc import Iterable

from alongside.assessments.instruments import Instrument


def answers_totalling(
    instrument: Instrument, total: int, *, lowest: Iterable[str] = ()
) -> dict[str, int | None]:
    """Return answers to every scored item of INSTRUMENT adding up to TOTAL: items filled in
    order, each as high as it goes; items named in LOWEST keep their lowest answer."""
    keep = set(lowest)
    answers = {item.key: item.lowest for item in instrument.scored_items}
    left = total - instrument.lowest_total
    for item in instrument.scored_items:
        if item.key in keep:
            continue
        step = min(left, item.highest - item.lowest)
        answers[item.key] += step
        left -= step
    if left:
        raise ValueError(f"{instrument} cannot reach {total} with {sorted(keep)} lowest")
    return dict(answers)
