"""Check-ins: a person's short daily status (mood, craving, use, sleep, what went well).

A check-in comes from the person themself (portal or API) or from staff recording it on
their behalf, for instance during a phone call. Every one enters through
`services.record_checkin()`, which later issues extend with the risk rules.

Decision — one check-in per client per local day. The day is the client's own calendar date
at `occurred_at`, computed in `Client.time_zone` (never the server's or the advocate's zone).
A second check-in on the same local day updates that day's row: the latest answers win, and
the audit log records an `update` of the check-in (who, when, through which role), so the
record shows that the day's answers changed. The earlier answers themselves are not kept;
the risk rules run inside `record_checkin()`'s transaction on every submission, so a
safety-relevant answer is acted on before it can be replaced.
"""
