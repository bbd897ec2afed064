"""Running the real task worker and sweeper as child processes against the test database.

The suite's SQLite test database lives in memory, where no other process can open it. For
the length of one test, `shared_database()` copies it to a file (SQLite's backup API, a few
milliseconds) and points this process's connection there, so the test and its children read
and write the same database; the in-memory one is put back untouched afterwards, and the
file goes with the test's tmp_path. Nothing global changes, so the rest of the suite keeps
its fast in-memory database. On PostgreSQL the test database is already a real one: the
children get its name.

Children run `manage.py` from the project folder with their own var/ folder, e-mail written
to files (MailFolder), and their output in a log under tmp_path that a failing test prints.
Every child is in its own process group and is killed when the test ends, pass or fail; on
PostgreSQL the sessions they held are ended too, so the test database can be flushed and
dropped.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend
from django.db import connection

MAIL_DIR_VARIABLE = "ALONGSIDE_TEST_MAIL_DIR"
# Django's file backend writes this line after every message.
MESSAGE_END = b"\n" + b"-" * 79 + b"\n"


class MailFolderBackend(EmailBackend):
    """Django's file e-mail backend, writing to the folder named by ALONGSIDE_TEST_MAIL_DIR.

    The settings file reads no EMAIL_FILE_PATH from the environment (production never needs
    it), so the children are given this backend through EMAIL_BACKEND instead.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("file_path", os.environ[MAIL_DIR_VARIABLE])
        super().__init__(*args, **kwargs)


@dataclass
class MailFolder:
    path: Path

    def written(self) -> list[tuple[datetime, bytes]]:
        """Every complete message written so far, with when its file was last written. A
        file can hold several; what follows the last MESSAGE_END is empty, or a message cut
        off by a kill."""
        found = []
        for file in sorted(self.path.glob("*.log")):
            when = datetime.fromtimestamp(file.stat().st_mtime, tz=UTC)
            found += [(when, m) for m in file.read_bytes().split(MESSAGE_END)[:-1]]
        return found

    def messages(self) -> list[bytes]:
        return [message for _when, message in self.written()]

    def text(self) -> str:
        return b"\n".join(self.messages()).decode("utf-8", "replace")


@contextmanager
def shared_database(directory: Path) -> Iterator[str]:
    """Make the test database reachable by other processes; yield its DATABASE_URL.

    Use inside a transactional test (`django_db(transaction=True)`), with nothing in an
    atomic block: the copy is taken when this starts, and on SQLite everything the test
    writes afterwards goes to the copy.
    """
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        yield _postgres_url(connection.settings_dict)
        return
    if connection.vendor != "sqlite":
        raise NotImplementedError(connection.vendor)
    memory = connection.connection
    file = directory / "shared.sqlite3"
    target = sqlite3.connect(file)
    try:
        memory.backup(target)
    finally:
        target.close()
    name = connection.settings_dict["NAME"]
    # The wrapper opens the file on its next query; the in-memory database stays alive (and
    # unchanged) through the raw connection kept here, which Django never closes.
    connection.connection = None
    connection.settings_dict["NAME"] = str(file)
    try:
        yield f"sqlite:///{file}"
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


def _postgres_url(values: dict) -> str:
    user = quote(values.get("USER") or "", safe="")
    password = quote(values.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = values.get("HOST") or "127.0.0.1"
    port = values.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(values['NAME'], safe='')}"


@dataclass
class Children:
    """Child processes of one test, all sharing its database and mail folder."""

    directory: Path
    database_url: str
    mail: MailFolder
    application_name: str = field(default_factory=lambda: f"alongside-test-{uuid.uuid4().hex}")
    running: list[subprocess.Popen] = field(default_factory=list)
    logs: dict[int, Path] = field(default_factory=dict)
    cleanups: list[Callable[[], None]] = field(default_factory=list)

    def environment(self, **overrides: str | None) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": self.database_url,
                "ALONGSIDE_VAR_DIR": str(self.directory / "var"),
                "EMAIL_BACKEND": f"{__name__}.MailFolderBackend",
                MAIL_DIR_VARIABLE: str(self.mail.path),
                "PYTHONUNBUFFERED": "1",
                "LOG_LEVEL": "INFO",
                # libpq names the children's PostgreSQL sessions, so teardown can end them.
                "PGAPPNAME": self.application_name,
            }
        )
        for name, value in overrides.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        return env

    def start(self, label: str, *arguments: str, **env: str | None) -> subprocess.Popen:
        """Start `manage.py ARGUMENTS` in its own process group, output to LABEL.log."""
        log = self.directory / f"{label}-{len(self.running)}.log"
        with log.open("wb") as output:
            child = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
                [sys.executable, "manage.py", *arguments],
                cwd=settings.BASE_DIR,
                env=self.environment(**env),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append(child)
        self.logs[child.pid] = log
        return child

    def run(self, label: str, *arguments: str, timeout: float = 60, **env: str | None) -> str:
        """Run `manage.py ARGUMENTS` to the end; return its output. Fails on a non-zero exit."""
        child = self.start(label, *arguments, **env)
        try:
            code = child.wait(timeout)
        finally:
            self.kill(child)
        output = self.output(child)
        assert code == 0, f"manage.py {' '.join(arguments)} exited with {code}:\n{output}"
        return output

    def kill(self, child: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        """Send SIG to CHILD's whole process group (the RQ worker forks) and reap it."""
        with suppress(ProcessLookupError):
            os.killpg(child.pid, sig)
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait(10)
        if sig == signal.SIGKILL:
            # A process killed mid-transaction leaves its PostgreSQL session to be noticed.
            self.end_database_sessions()

    def stop(self, child: subprocess.Popen) -> None:
        """Ask CHILD to finish (SIGTERM) and kill it if it does not within a few seconds."""
        with suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            child.wait(5)
        self.kill(child)

    def stop_all(self) -> None:
        """Stop every child, then run the cleanups registered with after_stop()."""
        for child in self.running:
            self.stop(child)
        self.end_database_sessions()
        for cleanup in self.cleanups:
            cleanup()

    def after_stop(self, cleanup: Callable[[], None]) -> None:
        self.cleanups.append(cleanup)

    def end_database_sessions(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = %s",
                [self.application_name],
            )

    def output(self, child: subprocess.Popen) -> str:
        return self.logs[child.pid].read_text("utf-8", "replace")

    def all_output(self) -> str:
        return "\n".join(
            f"--- {log.name} (exit {child.poll()}) ---\n{log.read_text('utf-8', 'replace')}"
            for child in self.running
            for log in [self.logs[child.pid]]
        )


def wait_for(
    condition: Callable[[], object],
    *,
    timeout: float,
    every: float = 0.05,
    children: Children | None = None,
    what: str = "the condition",
) -> object:
    """Poll CONDITION until it returns something true; return it. Fails after TIMEOUT
    seconds, or at once if a child process has exited, showing the children's output."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if children is not None:
            exited = [c for c in children.running if c.poll() is not None and c.returncode != 0]
            dead = [c for c in exited if c.returncode not in (-signal.SIGKILL, -signal.SIGTERM)]
            if dead:
                raise AssertionError(f"a child process died:\n{children.all_output()}")
        if time.monotonic() > deadline:
            output = children.all_output() if children is not None else ""
            raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{output}")
        time.sleep(every)
