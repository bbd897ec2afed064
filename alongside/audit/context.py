"""Request facts the audit log needs (the caller's IP), carried without threading `request`
through every service. Commands and workers run with no request: the IP is then empty."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("alongside_audit_ip", default=None)
