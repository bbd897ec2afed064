"""Assessments: questionnaires as data, scored by pure functions, given on a schedule.

- instruments.py, catalog.py, scoring.py: the definitions and the one scoring function.
- models.py: AssessmentResponse, one row per questionnaire answered, never changed.
- services.py: record_assessment(), the one way a response enters (portal, staff, API).
- schedule.py: when each instrument is due (program settings over defaults), a pure rule;
  queries.py reads what it needs for a whole caseload in a fixed number of queries.
- reasons.py: Today's "Assessment due" (registered in apps.py).
- views.py / staff_urls.py: the staff pages; portal_views.py / portal_urls.py: the client's.
- charts.py: trend charts as server-drawn inline SVG.
"""
