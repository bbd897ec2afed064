"""Which records about a client are in their package, and which are left out and why.

Every model with a foreign key to `Client` must be named in INCLUDED (with the part that
shows it) or EXCLUDED (with the reason); tests/test_package.py fails for a model in neither.
Add a new model here, and read its rows in the part module named below.
"""

# Model (app_label.ModelName) -> the part of the package that holds its rows.
# The parts are read in: profile.py (profile and care), recovery.py (recovery work),
# safety.py (safety) and consent.py (consents and disclosures).
INCLUDED: dict[str, str] = {
    "clients.Episode": "episodes",
    "clients.Assignment": "advocates",
    "support.Encounter": "contacts",
    "checkins.CheckIn": "checkins",
    "recovery.RecoveryEvent": "recovery_timeline",
    "recovery.Win": "wins",
    "assessments.AssessmentResponse": "questionnaires",
    "safetyplans.SafetyPlanVersion": "safety_plans",
    "plans.Goal": "recovery_plan",
    "plans.Task": "recovery_plan",
    "pathways.StageMove": "pathway_progress",
    "pathways.OwnStage": "pathway_progress",
    "worksheets.Worksheet": "worksheets",
    "worksheets.Entry": "worksheets",
    "worksheets.Comment": "worksheet_comments",
    "groups.RosterMember": "groups",
    "groups.Attendance": "groups",
    "messaging.Message": "messages",
    "safety.RiskFlag": "flags",
    "safety.Alert": "alerts",
    "safety.CrisisEvent": "crisis_events",
    "consent.Consent": "consents",
    "consent.Disclosure": "disclosures",
    "consent.EmergencyDisclosure": "disclosures",
    "notifications.ReminderPreference": "reminders",
    "portal.Invitation": "portal_invitations",
    # Read in alongside/aftercare/record.py: the calls after discharge and what they said.
    "aftercare.FollowUp": "aftercare",
    "aftercare.FollowUpAttempt": "aftercare",
    "aftercare.FollowUpOutcome": "aftercare",
}

EXCLUDED: dict[str, str] = {
    "plans.GoalEvent": (
        "the recovery plan's change history (who added, changed or ticked what, and when, "
        "in fixed wording): the goals and tasks themselves, with who made them, are "
        "included (recovery_plan)."
    ),
    "notifications.Delivery": (
        "the outgoing-notice queue (status, attempts, errors): every notice it sent the "
        "person is fixed text with a link, and some rows are notices to staff queued against "
        "the client (an emergency disclosure's notice to the privacy officer), addressed to "
        "staff e-mail addresses. The person's reminder settings are included (reminders)."
    ),
}
# Not a foreign key, so not found by the test, but asked about: the audit log (AccessEvent)
# is the program's record of who opened what, not part of the designated record set; the
# client's own downloads and views are in it. A crisis event's supervisor review (reviewer,
# time, note) is a quality review of the staff's response, also left out; the event itself
# (what happened, what was done, the outcome, the follow-up) is included.
