"""Model fields whose text is encrypted in the database, and re-encrypting stored columns.

`EncryptedTextField` and `EncryptedCharField` behave like TextField and CharField in Python
(forms, validation, `max_length` on the text as typed) and store a Fernet token
(`alongside/lib/encryption.py`) in a text column. Use them for any free text a person writes
about a client: worksheets (issue 6) and any later narrative field included.

Because the same text encrypts differently each time, the database cannot compare, search or
sort such a column: a query may only ask whether it is empty (`note=""`, `note__isnull`);
anything else raises FieldError instead of silently matching nothing. The empty string is
stored as it is, so "was anything written?" stays a query (and check constraints such as
`substance = ''` keep working); it reveals only that the field is empty.

`reencrypt()` rewrites columns in batches; the migrations that turned plain columns into
encrypted ones and `manage.py rotate_encryption_keys` use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps as global_apps
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Value
from django.db.models.lookups import Exact, IsNull

from alongside.lib import encryption


class EmptyOnlyExact(Exact):
    """`field=""` only: any other value cannot be compared with a randomized token."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "" or not isinstance(self.rhs, str):
            raise FieldError(
                "Encrypted text cannot be compared in the database (each value encrypts "
                "differently); only = '' (empty) and isnull work. Filter in Python after reading."
            )
        return super().get_prep_lookup()


class EncryptedMixin:
    """The encrypting half of an encrypted field; the other base is TextField or CharField."""

    encrypted = True
    LOOKUPS = {"exact": EmptyOnlyExact, "isnull": IsNull}

    def get_internal_type(self) -> str:
        # Not "TextField": code that passes a TextField's value to the driver unprepared (the
        # demo's bulk loader does, for speed) must not take this for plain text.
        return "EncryptedTextField"

    def db_type(self, connection: Any) -> str | None:
        return connection.data_types["TextField"]

    def cast_db_type(self, connection: Any) -> str | None:
        return self.db_type(connection)

    # Only the lookups above, including in the "perhaps you meant" of Django's FieldError.
    @classmethod
    def get_lookups(cls) -> dict[str, Any]:
        return dict(cls.LOOKUPS)

    def get_lookup(self, lookup_name: str) -> Any:
        return self.LOOKUPS.get(lookup_name)

    def get_transform(self, name: str) -> Any:
        return None

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = super().get_db_prep_value(value, connection, prepared)  # type: ignore[misc]
        if value is None:
            return None
        return encryption.encrypt(value)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        try:
            return encryption.decrypt(value)
        except encryption.DecryptionError as error:
            meta = self.model._meta  # type: ignore[attr-defined]
            raise encryption.DecryptionError(
                f"{meta.db_table}.{self.column}: {error}"  # type: ignore[attr-defined]
            ) from None


class EncryptedTextField(EncryptedMixin, models.TextField):
    """A TextField stored encrypted. `max_length`, if given, is checked on the text itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A CharField (single-line input, `max_length` required and checked on the text) stored
    encrypted in a text column: the token is longer than the text."""


def encrypted_columns() -> Iterator[tuple[type[models.Model], list[str]]]:
    """Yield (model, field names) for every installed model with encrypted fields."""
    for model in global_apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if getattr(field, "encrypted", False)
        ]
        if names:
            yield model, names


@dataclass
class Counts:
    """What `reencrypt()` did to the values of one model."""

    changed: int = 0
    unchanged: int = 0
    # Rows someone changed between our read and our write: left as they are (the new write
    # used the newest key for what it wrote); a second run picks up anything still old.
    raced: int = 0


def reencrypt(
    model: type[models.Model],
    names: Sequence[str],
    transform: Callable[[str], str | None],
    *,
    batch_size: int = 500,
    using: str = "default",
    progress: Callable[[int, Counts], None] | None = None,
) -> Counts:
    """Rewrite the stored values of MODEL's columns NAMES with TRANSFORM, BATCH_SIZE rows at a
    time in primary key order, each batch in its own transaction.

    TRANSFORM receives a value as stored and returns what to store instead, or None to leave
    it. Values are read and written as stored (tokens, or plain text before encryption), never
    through the fields, so this works on the historical models of a migration. A row is
    written only if its values are still the ones read (a conditional UPDATE), so running this
    next to live traffic loses nothing. Calls PROGRESS(last primary key, counts) after each
    batch. Interrupting loses at most the batch in flight; TRANSFORM decides what a second run
    skips.
    """
    raw = {
        f"stored_{name}": ExpressionWrapper(F(name), output_field=models.TextField())
        for name in names
    }
    rows = model._base_manager.using(using).annotate(**raw).order_by("pk")
    counts = Counts()
    last = None
    while True:
        page = rows if last is None else rows.filter(pk__gt=last)
        batch = list(page.values_list("pk", *raw)[:batch_size])
        if not batch:
            return counts
        with transaction.atomic(using=using):
            for pk, *stored in batch:
                changes = {}
                for name, value in zip(names, stored, strict=True):
                    try:
                        new = None if value is None else transform(value)
                    except encryption.DecryptionError as error:
                        column = getattr(model._meta.get_field(name), "column", name)
                        where = f"{model._meta.db_table}.{column}"
                        raise encryption.DecryptionError(f"{where}, id {pk}: {error}") from None
                    if new is not None and new != value:
                        changes[name] = Value(new, output_field=models.TextField())
                if not changes:
                    counts.unchanged += 1
                    continue
                unchanged_since_read = {
                    f"stored_{name}": value for name, value in zip(names, stored, strict=True)
                }
                written = rows.filter(pk=pk, **unchanged_since_read).update(**changes)
                if written:
                    counts.changed += 1
                else:
                    counts.raced += 1
        last = batch[-1][0]
        if progress:
            progress(last, counts)


def encrypt_plain(value: str) -> str | None:
    """For the migrations: encrypt a value still in plain text; leave tokens as they are."""
    return None if value == "" or encryption.is_token(value) else encryption.encrypt(value)


def decrypt_to_plain(value: str) -> str | None:
    """For reversing those migrations: back to plain text."""
    return encryption.decrypt(value)


def rotate_if_old(value: str) -> str | None:
    """For rotation: re-encrypt a token not yet under the newest key."""
    return None if encryption.is_current(value) else encryption.rotate(value)


def rotate_keys(
    *, batch_size: int = 500, using: str = "default", report: Callable[[str], None] = print
) -> dict[str, Counts]:
    """Re-encrypt every encrypted column under the newest key; return counts by model label.

    Safe to interrupt and run again: values already under the newest key are left alone, so
    a second run continues where the first stopped and a run with nothing to do writes
    nothing. Raises DecryptionError (naming table, column and row) for a value that no
    configured key opens; the batches before it stay done.
    """
    results: dict[str, Counts] = {}
    for model, names in encrypted_columns():
        label = model._meta.label

        def progress(last: int, counts: Counts, label: str = label) -> None:
            report(f"  {label}: {counts.changed} re-encrypted so far (up to id {last})")

        counts = reencrypt(
            model, names, rotate_if_old, batch_size=batch_size, using=using, progress=progress
        )
        results[label] = counts
        report(
            f"{label}: {_rows(counts.changed)} re-encrypted, "
            f"{counts.unchanged} already current or empty"
            + (f", {counts.raced} changed meanwhile" if counts.raced else "")
        )
    return results


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"
