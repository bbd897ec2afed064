"""Weighted draws shared by the demo planners (plan.py, daily.py)."""

from __future__ import annotations

import random
from functools import cache
from itertools import accumulate
from typing import TypeVar

T = TypeVar("T")


@cache
def _cumulative(options: tuple[tuple[object, float], ...]) -> tuple[list[object], list[float]]:
    return [value for value, _ in options], list(accumulate(weight for _, weight in options))


def weighted(rng: random.Random, options: tuple[tuple[T, float], ...]) -> T:
    """Return one of OPTIONS, (value, weight) pairs, drawn by weight from RNG.

    The same draw as `rng.choices(values, weights)`, with the running totals worked out once
    per table (planning 5,000 clients makes hundreds of thousands of draws).
    """
    values, cumulative = _cumulative(options)
    return rng.choices(values, cum_weights=cumulative)[0]  # type: ignore[return-value]
