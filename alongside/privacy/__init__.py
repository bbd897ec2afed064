"""Privacy oversight: break-glass access to a record outside one's scope, the review queue
where privacy officers and directors sign it off, and the audit review (search, CSV export,
chain status). No client content: reviewers see who, when, what kind of record and which
client by public id, never the record itself."""
