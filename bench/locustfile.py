"""The load run's users (bench/load.py starts locust with this file; not run by hand).

80% advocates (PRAs) open Today and their clients' profiles and log contacts; 20% people in
recovery open the portal and check in. Each user signs in as its own persona with a session
made beforehand by load.py (LOAD_IDENTITIES: a JSON file). Every write carries a nonce in a
free-text field (the contact's note, the check-in's "what went well"), and each nonce the
server acknowledged (a redirect after the POST) is written to LOAD_ACKS when the run stops,
so load.py can check that every acknowledged write is in the database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import uuid
from typing import Any

from locust import HttpUser, between, events, task

# ruff: noqa: S311 - load-test choices, not secrets

IDENTITIES: dict[str, list[dict[str, Any]]] = json.loads(
    open(os.environ["LOAD_IDENTITIES"]).read()  # noqa: SIM115
)
_next = {kind: itertools.count() for kind in IDENTITIES}
_lock = threading.Lock()
ACKS: dict[str, list[dict[str, str]]] = {"contacts": [], "checkins": []}


def _take(kind: str) -> dict[str, Any]:
    with _lock:
        pool = IDENTITIES[kind]
        return pool[next(_next[kind]) % len(pool)]


class _SignedIn(HttpUser):
    abstract = True
    kind = ""

    def on_start(self) -> None:
        self.identity = _take(self.kind)
        self.client.cookies.set("sessionid", self.identity["session"])
        self.client.cookies.set("csrftoken", self.identity["csrf"])
        self.headers = {"X-CSRFToken": self.identity["csrf"], "Referer": self.host or ""}

    def post_ack(self, url: str, data: dict[str, Any], name: str) -> bool:
        with self.client.post(
            url,
            data=data,
            headers=self.headers,
            allow_redirects=False,
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
                return True
            response.failure(f"answered {response.status_code}")
            return False


class Advocate(_SignedIn):
    weight = 4
    kind = "pra"
    wait_time = between(1, 3)

    @task(4)
    def today(self) -> None:
        self.client.get("/today/", name="today")

    @task(4)
    def profile(self) -> None:
        self.client.get(random.choice(self.identity["profiles"]), name="profile")

    @task(1)
    def caseload(self) -> None:
        self.client.get("/caseload/", name="caseload")

    @task(2)
    def log_contact(self) -> None:
        index = random.randrange(len(self.identity["contacts"]))
        nonce = f"load-{uuid.uuid4().hex}"
        data = {"kind": "brief", "minutes": "10", "topics": ["goals"], "note": nonce}
        if self.post_ack(self.identity["contacts"][index], data, "log contact"):
            with _lock:
                ACKS["contacts"].append({"client": self.identity["clients"][index], "nonce": nonce})


class PersonInRecovery(_SignedIn):
    weight = 1
    kind = "client"
    wait_time = between(2, 5)

    @task(2)
    def home(self) -> None:
        self.client.get("/me/", name="portal home")

    @task(1)
    def check_in(self) -> None:
        nonce = f"load-{uuid.uuid4().hex}"
        data = {
            "mood": str(random.randint(2, 5)),
            "craving": str(random.randint(0, 4)),
            "used_since_last": "no",
            "safety_concern": "no",
            "went_well": nonce,
        }
        if self.post_ack("/me/checkin/", data, "check in"):
            with _lock:
                ACKS["checkins"].append({"client": self.identity["client"], "nonce": nonce})


@events.test_stop.add_listener
def _write_acks(**_: Any) -> None:
    with open(os.environ["LOAD_ACKS"], "w") as out:
        json.dump(ACKS, out)
