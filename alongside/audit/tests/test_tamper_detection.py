"""verify_audit catches any change, deletion or insertion and names the first bad row.

Tampering needs the append-only triggers out of the way (the `lifted_triggers` fixture), as it
would for someone with owner rights on the database: the hash chain is the second line.
"""

from __future__ import annotations

import io
import random
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from alongside.audit.log import Event, record
from alongside.audit.models import AccessEvent, Action, ChainHead
from alongside.audit.verification import Problem, check_chain, verify_all

TRIALS = 100
MODIFIABLE_FIELDS = [
    "user_email",
    "role",
    "action",
    "object_public_id",
    "ip",
    "occurred_at",
    "client_id",
    "hash",
    "prev_hash",
]


def problems() -> dict[int, Problem]:
    return {chain: problem for chain, _, problem in verify_all() if problem is not None}


def flipped(digest: str, rng: random.Random) -> str:
    i = rng.randrange(len(digest))
    return digest[:i] + ("1" if digest[i] == "0" else "0") + digest[i + 1 :]


def other(current: object, candidates: list, rng: random.Random) -> object:
    return rng.choice([c for c in candidates if c != current])


def changed_value(row: AccessEvent, field: str, rng: random.Random) -> object:
    """Return a value for ROW's FIELD that differs from the stored one, sometimes subtly."""
    if field == "user_email":
        return other(row.user_email, ["ana@hope.test", "ben@hope.test", "Ana@hope.test", ""], rng)
    if field == "role":
        return other(row.role, ["pra", "supervisor", "director", "system", ""], rng)
    if field == "action":
        return other(row.action, list(Action.values), rng)
    if field == "object_public_id":
        return str(uuid.UUID(int=rng.getrandbits(128)))
    if field == "ip":
        return other(row.ip, ["192.0.2.10", "192.0.2.11", "2001:db8::8", None], rng)
    if field == "occurred_at":
        shift = rng.choice([timedelta(microseconds=1), timedelta(minutes=-5), timedelta(days=1)])
        return row.occurred_at + shift
    if field == "client_id":
        return other(row.client_id, [None, 1, (row.client_id or 0) + 1], rng)
    return flipped(getattr(row, field), rng)


Tampering = tuple[str, int, int | None]  # (what was done, chain, id of the first bad row)


def modify(chains: dict[int, list[AccessEvent]], rng: random.Random) -> Tampering:
    chain = rng.choice(sorted(chains))
    row = rng.choice(chains[chain])
    field = rng.choice(MODIFIABLE_FIELDS)
    AccessEvent.objects.filter(pk=row.pk).update(**{field: changed_value(row, field, rng)})
    return f"modify {field}", chain, row.pk


def delete(chains: dict[int, list[AccessEvent]], rng: random.Random) -> Tampering:
    chain = rng.choice(sorted(chains))
    rows = chains[chain]
    i = len(rows) - 1 if rng.random() < 0.25 else rng.randrange(len(rows))
    AccessEvent.objects.filter(pk=rows[i].pk).delete()
    # The row after a gap is the first bad one; with the last row gone only the head can tell.
    if i + 1 == len(rows):
        return "delete the last row", chain, None
    return "delete a row", chain, rows[i + 1].pk


def insert(chains: dict[int, list[AccessEvent]], rng: random.Random) -> Tampering:
    chain = rng.choice(sorted(chains))
    rows = chains[chain]
    how = rng.choice(["copy", "relinked", "two relinked"])
    last = rows[-1]
    forged_ids = []
    for _ in range(2 if how == "two relinked" else 1):
        forged = AccessEvent.objects.get(pk=rng.choice(rows).pk)
        forged.pk = None
        forged.sequence = last.sequence + 1
        if how != "copy":
            # A forger who recomputes the chain but cannot (or forgets to) move the head.
            forged.prev_hash = last.hash
            forged.hash = forged.compute_hash()
        forged.save()
        forged_ids.append(forged.pk)
        last = forged
    return f"insert {how}", chain, forged_ids[0]


def test_untouched_chains_verify_clean(chains):
    assert list(verify_all()) == [(chain, len(rows), None) for chain, rows in chains.items()]


def test_every_random_tampering_is_detected_at_the_first_bad_row(chains, lifted_triggers):
    rng = random.Random(20260412)
    assert problems() == {}
    done, missed = set(), []
    for trial in range(TRIALS):
        tamper = rng.choice([modify, delete, insert])
        with transaction.atomic():
            what, chain, bad_row_id = tamper(chains, rng)
            found = problems()
            transaction.set_rollback(True)
        done.add(what)
        if set(found) != {chain} or found[chain].row_id != bad_row_id:
            missed.append((trial, what, chain, bad_row_id, found))
    assert missed == []
    assert problems() == {}
    # The seed must keep exercising every kind of tampering.
    assert done == {f"modify {field}" for field in MODIFIABLE_FIELDS} | {
        "delete a row",
        "delete the last row",
        "insert copy",
        "insert relinked",
        "insert two relinked",
    }


def test_deleting_the_last_row_is_reported_by_the_head(chains, lifted_triggers):
    chain, rows = next(iter(chains.items()))
    AccessEvent.objects.filter(pk=rows[-1].pk).delete()
    assert problems() == {
        chain: Problem(chain, None, None, f"rows after sequence {len(rows) - 1} are missing")
    }


def test_last_row_rewritten_with_a_recomputed_hash_is_named(chains, lifted_triggers):
    chain, rows = next(iter(chains.items()))
    last = rows[-1]
    last.role = "director"
    last.hash = last.compute_hash()
    AccessEvent.objects.filter(pk=last.pk).update(role=last.role, hash=last.hash)
    assert problems()[chain].row_id == last.pk


def test_verify_audit_reports_an_intact_log(chains):
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "Audit log intact: 40 rows verified." in out.getvalue()


def test_verify_audit_fails_and_names_the_tampered_row(chains, lifted_triggers):
    row = next(iter(chains.values()))[5]
    AccessEvent.objects.filter(pk=row.pk).update(user_email="someone@else.test")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 audit chain"):
        call_command("verify_audit", stdout=out, stderr=err)
    assert f"first bad row is row id {row.pk} (sequence 6)" in err.getvalue()


def test_verify_audit_exits_with_a_non_zero_status_when_tampered(chains, lifted_triggers):
    row = next(iter(chains.values()))[0]
    AccessEvent.objects.filter(pk=row.pk).delete()
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", stdout=io.StringIO(), stderr=io.StringIO())
    assert failure.value.returncode == 1


def test_rows_appended_while_a_chain_is_read_are_not_reported(cast):
    chain = cast.org.pk
    for _ in range(3):
        record(Event(Action.VIEW, "client", cast.casey.public_id, chain))
    head_before = ChainHead.objects.get(chain=chain)
    for _ in range(2):
        record(Event(Action.VIEW, "client", cast.casey.public_id, chain))
    rows = AccessEvent.objects.filter(chain=chain).order_by("sequence")

    problem = check_chain(
        chain, rows, head_before, current_head=lambda: ChainHead.objects.get(chain=chain)
    )

    assert problem is None


def test_rows_beyond_the_current_head_are_reported_while_the_chain_grows(cast):
    chain = cast.org.pk
    for _ in range(3):
        record(Event(Action.VIEW, "client", cast.casey.public_id, chain))
    head_before = ChainHead.objects.get(chain=chain)
    record(Event(Action.VIEW, "client", cast.casey.public_id, chain))
    forged = AccessEvent.objects.get(chain=chain, sequence=4)
    forged.pk, forged.sequence, forged.prev_hash = None, 5, forged.hash
    forged.hash = forged.compute_hash()
    forged.save()
    rows = AccessEvent.objects.filter(chain=chain).order_by("sequence")

    problem = check_chain(
        chain, rows, head_before, current_head=lambda: ChainHead.objects.get(chain=chain)
    )

    assert problem == Problem(chain, forged.pk, 5, "is beyond the recorded end of the chain")
