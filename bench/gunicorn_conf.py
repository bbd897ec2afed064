"""gunicorn settings for the load run (bench/load.py passes `-c bench/gunicorn_conf.py`).

The app and every view module are imported once, in the master, before the workers fork:
the workers share those pages of memory, and no worker spends its first requests importing
(pandas, statsmodels and matplotlib for the outcome reports take seconds on a busy machine,
enough to hit gunicorn's 30-second worker timeout). Production can use the same two lines.
"""

from __future__ import annotations

from typing import Any

preload_app = True


def when_ready(server: Any) -> None:
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every URLconf and view module
    connections.close_all()  # no database connection may cross the fork
