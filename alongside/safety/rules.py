"""The risk rules: what in a check-in (or an assessment, or a silence) is a risk, and how
much.

Rules are pure functions of the facts and the program's settings, so each has a table of
tests; `checkin_rules` runs them inside record_checkin()'s transaction (registered in
apps.py) and raises the flags, so a flag and its alert are saved with the answers or not at
all (DESIGN.md §4.3).

Per-program settings live in `Program.settings["risk_rules"]`; anything missing or invalid
falls back to DEFAULTS. The safety question and PHQ-9 item 9 are always high: no setting
lowers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alongside.safety.models import Severity

DEFAULTS: dict[str, Any] = {
    "craving_moderate_at": 8,  # a craving at or above this is moderate
    "used_after_days": 30,  # reported use after at least this many days in recovery ...
    "used_after_severity": Severity.MODERATE,  # ... is this severe
    "overdose_severity": Severity.HIGH,
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    reason: str


def rules_config(program_settings: Any) -> dict[str, Any]:
    """Return the program's risk-rule settings over DEFAULTS, ignoring invalid values."""
    config = dict(DEFAULTS)
    given = program_settings.get("risk_rules") if isinstance(program_settings, dict) else None
    if not isinstance(given, dict):
        return config
    for key in ("craving_moderate_at", "used_after_days"):
        value = given.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            config[key] = value
    for key in ("used_after_severity", "overdose_severity"):
        if given.get(key) in (Severity.MODERATE, Severity.HIGH):
            config[key] = Severity(given[key])
    return config


def evaluate_checkin(
    *,
    safety_concern: bool,
    overdose: bool,
    used_since_last: bool,
    craving: int,
    days_in_recovery: int | None,
    config: dict[str, Any],
) -> list[Finding]:
    """Return the findings for one check-in's answers, most severe first.

    DAYS_IN_RECOVERY is the count before this check-in (None without a current start date).
    """
    findings: list[Finding] = []
    if safety_concern:
        findings.append(
            Finding("safety_question", Severity.HIGH, "Answered yes to the safety question")
        )
    if overdose:
        findings.append(Finding("overdose", config["overdose_severity"], "Reported an overdose"))
    if (
        used_since_last
        and days_in_recovery is not None
        and days_in_recovery >= config["used_after_days"]
    ):
        findings.append(
            Finding(
                "used_after_stretch",
                config["used_after_severity"],
                f"Reported use after {days_in_recovery} days in recovery",
            )
        )
    if craving >= config["craving_moderate_at"]:
        findings.append(Finding("craving", Severity.MODERATE, f"Craving {craving} of 10"))
    order = {Severity.HIGH: 0, Severity.MODERATE: 1, Severity.LOW: 2}
    return sorted(findings, key=lambda f: order[Severity(f.severity)])


def evaluate_phq9_item9(item9: int | None) -> list[Finding]:
    """PHQ-9 item 9 above 0 is high, whatever the total (DESIGN.md §5)."""
    if item9 is not None and item9 > 0:
        return [Finding("phq9_item9", Severity.HIGH, "PHQ-9: thoughts of self-harm (item 9)")]
    return []


def checkin_rules(actor: Any, checkin: Any) -> list[Any]:
    """Evaluate CHECKIN and raise its flags (inside the caller's transaction); return them."""
    from alongside.recovery.milestones import days_in_recovery
    from alongside.recovery.queries import current_start_event
    from alongside.safety import routing, services

    program = routing.program_of(checkin.client)
    start = current_start_event(checkin.client) if checkin.used_since_last else None
    findings = evaluate_checkin(
        safety_concern=checkin.safety_concern,
        overdose=checkin.overdose,
        used_since_last=checkin.used_since_last,
        craving=checkin.craving,
        days_in_recovery=days_in_recovery(start.on_date, checkin.local_date) if start else None,
        config=rules_config(program.settings if program else {}),
    )
    return [
        services.raise_flag(
            checkin.client,
            finding,
            source_type="checkin",
            source_public_id=checkin.public_id,
        )
        for finding in findings
    ]


def assessment_rules(response: Any, result: Any) -> list[Any]:
    """Evaluate a saved assessment RESPONSE (scored RESULT) and raise its flags, inside the
    caller's transaction; return them. Only PHQ-9 item 9 is a rule today."""
    from alongside.safety import services

    if response.instrument != "phq9":
        return []
    return [
        services.raise_flag(
            response.client,
            finding,
            source_type="assessment",
            source_public_id=response.public_id,
        )
        for finding in evaluate_phq9_item9(result.answers.get("q9"))
    ]
