"""Which discharge reasons count as what in every outcome figure. Kept apart from the
numeric modules so pages and the API can state the rule without importing numpy and pandas."""

from __future__ import annotations

from alongside.clients.models import DischargeReason

# The discharge reasons that count as dropout: the event in the Kaplan-Meier curves and
# "lost" in the retention rates. Leaving before completion is dropout by definition; an
# administrative discharge is the program ending the stay early (TEDS counts it as
# "terminated by facility"), which for a retention measure is the same failure to stay.
DROPOUT_REASONS: frozenset[str] = frozenset({DischargeReason.LEFT, DischargeReason.ADMINISTRATIVE})
# Planned endings: the stay ended as intended (completion, or a transfer to another level of
# care). Before a timepoint they count as retained; in the curves they are censored.
PLANNED_REASONS: frozenset[str] = frozenset(
    {DischargeReason.COMPLETED, DischargeReason.TRANSFERRED}
)
# Neither: incarceration, death and "other" say nothing about engagement with the program.
# Before a timepoint they leave its denominator; in the curves they are censored.
UNRELATED_REASONS: frozenset[str] = frozenset(
    {DischargeReason.INCARCERATED, DischargeReason.DIED, DischargeReason.OTHER}
)
