"""The shapes of a package (Package, Part, Item) and the row maker the parts share."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from alongside.clients.models import Client
from alongside.myrecord.package.labels import label_for

FORMAT = "alongside.my-record"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Item:
    """One entry of a part: label keys with their JSON value and the words shown."""

    fields: tuple[tuple[str, Any, str], ...]

    def data(self) -> dict[str, Any]:
        return {key: value for key, value, _shown in self.fields}

    def shown(self) -> list[tuple[str, str]]:
        """(label, text) for the readable page, leaving out what is empty."""
        return [(str(label_for(key)), text) for key, _value, text in self.fields if text != ""]


@dataclass(frozen=True)
class Part:
    key: str
    title: Promise | str
    items: list[Item]
    single: bool = False

    def data(self) -> Any:
        if self.single:
            return self.items[0].data() if self.items else None
        return [item.data() for item in self.items]


@dataclass
class Package:
    client: Client
    generated_at: datetime
    parts: list[Part] = field(default_factory=list)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.client.time_zone)

    def generated_local(self) -> str:
        return f"{self.generated_at.astimezone(self.zone):%Y-%m-%d %H:%M}"

    def part(self, key: str) -> Part:
        return next(part for part in self.parts if part.key == key)

    def data(self) -> dict[str, Any]:
        """The package as JSON-ready data."""
        about = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "generated_at": to_json(self.generated_at),
            "organization": self.client.organization.name,
            "time_zone": self.client.time_zone,
            "times": "ISO 8601, in UTC; dates are the person's local dates",
        }
        return {"about": about, **{part.key: part.data() for part in self.parts}}


def to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


class Rows:
    """Makes the fields of items, with values shown in CLIENT's zone."""

    def __init__(self, client: Client) -> None:
        self.zone = ZoneInfo(client.time_zone)
        self.client = client

    def shown(self, value: Any) -> str:
        if value is None or value == "" or value == []:
            return ""
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime):
            return f"{value.astimezone(self.zone):%Y-%m-%d %H:%M}"
        if isinstance(value, date | time):
            return value.isoformat()
        if isinstance(value, list | tuple):
            return ", ".join(self.shown(v) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{k}: {self.shown(v)}" for k, v in value.items())
        return str(value)

    def f(self, key: str, value: Any, shown: str | None = None) -> tuple[str, Any, str]:
        return (key, to_json(value), self.shown(value) if shown is None else shown)

    def choice(self, obj: Model, name: str, key: str | None = None) -> tuple[str, Any, str]:
        """A field with choices: the code in the data, its label on the page."""
        value = getattr(obj, name)
        model_field = obj._meta.get_field(name)
        labels = dict(getattr(model_field, "flatchoices", None) or [])
        return self.f(
            key or name, value, "" if value in ("", None) else str(labels.get(value, value))
        )

    def codes(self, key: str, values: Iterable[str], choices: Any) -> tuple[str, Any, str]:
        """A list of codes: the codes in the data, their labels on the page."""
        values = list(values)
        labels = dict(choices.choices)
        return self.f(key, values, ", ".join(str(labels.get(v, v)) for v in values))

    def person(self, key: str, user: Any) -> tuple[str, Any, str]:
        """A member of staff by the name colleagues see (no e-mail address, no id); "You"
        for the client's own account."""
        if user is None:
            return self.f(key, None)
        if self.client.user_id is not None and user.pk == self.client.user_id:
            return self.f(key, "you", _("You"))
        name = user.display_name or _("A member of staff")
        return self.f(key, name)
