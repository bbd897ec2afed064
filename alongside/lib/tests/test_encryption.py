"""Free text is encrypted at rest: the columns hold tokens, never the words, and the words come
back through the ORM only with a configured key (docs/privacy.md, "Encryption at rest")."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from alongside.checkins.models import CheckIn
from alongside.lib import encryption
from alongside.lib.encrypted_fields import encrypted_columns, reencrypt, rotate_if_old
from alongside.messaging.models import BODY_LENGTH, Message
from alongside.safety.models import Alert, CrisisEvent, RiskFlag
from alongside.safetyplans.models import SafetyPlanVersion
from alongside.support.models import Encounter
from alongside.testing.personas import Cast, make_checkin

CANARY = "Canary-7Q: sister's address is 12 Elm St"
KEY_A = encryption.generate_key()
KEY_B = encryption.generate_key()

# Every encrypted column, by table. A new encrypted field belongs here (and in
# docs/privacy.md, "Encryption at rest"); `test_the_encrypted_columns_are_the_documented_ones`
# fails until it is.
ENCRYPTED = {
    "support_encounter": {"note", "location"},
    "checkins_checkin": {"went_well", "substance"},
    "messaging_message": {"body"},
    "safety_riskflag": {"reason"},
    "safety_alert": {"acknowledgement_note", "resolution"},
    "safety_crisisevent": {"what_happened", "actions_other", "outcome", "review_note"},
    "safetyplans_safetyplanversion": {
        "warning_signs",
        "coping_alone",
        "distractions",
        "support_people",
        "professionals",
        "safer_surroundings",
    },
}


# Tables created with their text encrypted from the first migration (no plain-text past, so
# no data migration to test). `test_the_recovery_work_and_aftercare_the_demo_writes_are_
# stored_encrypted` checks the stored form of what the demo writes into them.
BORN_ENCRYPTED = {
    "aftercare_followupoutcome": {"in_their_words"},
    "groups_attendance": {"note"},
    "groups_session": {"note"},
    "pathways_livedexperiencenote": {"text"},
    "pathways_ownstage": {"title"},
    "pathways_stagemove": {"note"},
    "plans_goal": {"achievable", "measurable", "relevant", "specific", "time_bound", "title"},
    "plans_task": {"title"},
    "worksheets_comment": {"text"},
    "worksheets_entry": {"content"},
}


def write_every_encrypted_field(cast: Cast, text: str = CANARY) -> None:
    """One row per model with TEXT (shortened to each field's limit) in every encrypted field."""
    casey, now = cast.casey, timezone.now()
    org = casey.organization
    Encounter.objects.create(
        organization=org,
        client=casey,
        advocate=cast.ana,
        kind="phone",
        occurred_at=now,
        location=text,
        note=text,
    )
    make_checkin(casey, used_since_last=True, substance=text[:100], went_well=text)
    Message.objects.create(
        organization=org, client=casey, sender=cast.ana, from_client=False, body=text
    )
    flag = RiskFlag.objects.create(
        organization=org, client=casey, severity="high", rule="manual", reason=text, created_at=now
    )
    alert = Alert.objects.create(
        organization=org,
        client=casey,
        flag=flag,
        severity="high",
        owner=cast.ana,
        interval_minutes=15,
        created_at=now,
        acknowledgement_note=text,
        resolution=text,
    )
    CrisisEvent.objects.create(
        organization=org,
        client=casey,
        alert=alert,
        occurred_at=now - timedelta(hours=1),
        recorded_by=cast.ana,
        created_at=now,
        what_happened=text,
        risk_level="high",
        actions=["other"],
        actions_other=text,
        outcome=text,
        review_note=text,
    )
    SafetyPlanVersion.objects.create(
        organization=org,
        client=casey,
        number=1,
        created_by=cast.ana,
        **dict.fromkeys(ENCRYPTED["safetyplans_safetyplanversion"], text),
    )


def stored(tables: dict[str, set[str]] = ENCRYPTED) -> dict[str, list[Any]]:
    """Every encrypted column's values (of TABLES) as the database holds them, by
    "table.column"."""
    quote = connection.ops.quote_name
    values: dict[str, list[Any]] = {}
    with connection.cursor() as cursor:
        for table, columns in tables.items():
            for column in sorted(columns):
                cursor.execute(f"SELECT {quote(column)} FROM {quote(table)}")  # noqa: S608
                values[f"{table}.{column}"] = [row[0] for row in cursor.fetchall()]
    return values


def test_the_encrypted_columns_are_the_documented_ones():
    found = {
        model._meta.db_table: {model._meta.get_field(name).column for name in names}
        for model, names in encrypted_columns()
    }
    assert found == ENCRYPTED | BORN_ENCRYPTED


@pytest.mark.django_db
def test_encrypted_columns_hold_no_plain_text(cast):
    write_every_encrypted_field(cast)
    for column, values in stored().items():
        assert values, column
        for value in values:
            assert "Canary" not in value, column
            assert encryption.decrypt(value).startswith(CANARY[:20]), column


@pytest.mark.django_db
def test_the_orm_reads_back_what_was_written(cast):
    write_every_encrypted_field(cast)
    assert Encounter.objects.get().note == CANARY
    assert Encounter.objects.values_list("location", flat=True).get() == CANARY
    checkin = CheckIn.objects.get()
    assert (checkin.went_well, checkin.substance) == (CANARY, CANARY[:100])
    assert Message.objects.get().body == CANARY
    assert RiskFlag.objects.get().reason == CANARY
    alert = Alert.objects.get()
    assert (alert.acknowledgement_note, alert.resolution) == (CANARY, CANARY)
    event = CrisisEvent.objects.get()
    assert [event.what_happened, event.actions_other, event.outcome, event.review_note] == [
        CANARY
    ] * 4
    assert set(SafetyPlanVersion.objects.get().texts().values()) == {CANARY}


@pytest.mark.django_db
def test_text_in_other_alphabets_survives(cast):
    text = "Hoy dormí mejor — 今日は良い日 😊"
    Message.objects.create(
        organization=cast.org, client=cast.casey, sender=cast.ana, from_client=False, body=text
    )
    assert Message.objects.get().body == text


@pytest.mark.django_db
def test_the_same_text_is_stored_differently_each_time(cast):
    for _ in range(2):
        Message.objects.create(
            organization=cast.org,
            client=cast.casey,
            sender=cast.ana,
            from_client=False,
            body=CANARY,
        )
    first, second = stored()["messaging_message.body"]
    assert first != second


@pytest.mark.django_db
def test_empty_text_is_stored_empty_and_can_be_filtered_on(cast):
    Encounter.objects.create(
        organization=cast.org,
        client=cast.casey,
        advocate=cast.ana,
        kind="phone",
        occurred_at=timezone.now(),
    )
    make_checkin(cast.casey)
    assert stored()["support_encounter.note"] == [""]
    assert Encounter.objects.get().note == ""
    assert not Encounter.objects.exclude(note="").exists()
    assert CheckIn.objects.filter(substance="", went_well="").count() == 1


@pytest.mark.django_db
def test_searching_or_comparing_encrypted_text_is_refused_not_silently_empty(cast):
    write_every_encrypted_field(cast)
    with pytest.raises(FieldError, match="cannot be compared"):
        list(Encounter.objects.filter(note=CANARY))
    with pytest.raises(FieldError, match="Unsupported lookup 'icontains'"):
        list(Message.objects.filter(body__icontains="canary"))
    with pytest.raises(FieldError, match="Unsupported lookup"):
        list(SafetyPlanVersion.objects.filter(coping_alone__lower="x"))


@pytest.mark.django_db
def test_a_missing_key_is_a_clear_error_not_garbage(cast, settings):
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_A]
    write_every_encrypted_field(cast)
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(encryption.DecryptionError) as raised:
        Encounter.objects.get()
    message = str(raised.value)
    assert "support_encounter." in message
    assert "ALONGSIDE_ENCRYPTION_KEYS" in message
    assert "Canary" not in message


def test_a_changed_token_does_not_decrypt():
    token = encryption.encrypt(CANARY)
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(encryption.DecryptionError):
        encryption.decrypt(tampered)
    with pytest.raises(encryption.DecryptionError):
        encryption.decrypt("plain words someone wrote straight into the database")


@pytest.mark.django_db
def test_length_limits_apply_to_the_text_not_the_token(cast):
    message = Message(
        organization=cast.org, client=cast.casey, sender=cast.ana, from_client=True, body="x"
    )
    message.body = "é" * BODY_LENGTH  # its token is several times longer
    message.full_clean()
    message.save()
    assert Message.objects.get().body == "é" * BODY_LENGTH
    message.body = "x" * (BODY_LENGTH + 1)
    with pytest.raises(ValidationError) as raised:
        message.full_clean()
    assert set(raised.value.message_dict) == {"body"}
    # A CharField's limit likewise: 100 characters fit in the column (a token of ~250).
    checkin = make_checkin(cast.casey, used_since_last=True, substance="s" * 100)
    assert CheckIn.objects.get(pk=checkin.pk).substance == "s" * 100
    checkin.substance = "s" * 101
    with pytest.raises(ValidationError):
        checkin.full_clean()


@pytest.mark.parametrize(
    "raw", ["not-a-key", "x" * 44, encryption.generate_key() + ",short"], ids=["word", "44", "2nd"]
)
def test_a_malformed_key_stops_start_up_without_showing_the_key(raw):
    with pytest.raises(ImproperlyConfigured) as raised:
        encryption.parse_keys(raw)
    assert "ALONGSIDE_ENCRYPTION_KEYS" in str(raised.value)
    assert "not-a-key" not in str(raised.value)
    assert "short" not in str(raised.value)


def test_keys_are_read_newest_first_with_spaces_and_empty_items_ignored():
    assert encryption.parse_keys(f" {KEY_B} , {KEY_A},") == [KEY_B, KEY_A]
    assert encryption.parse_keys("") == []


# --- Rotation ---------------------------------------------------------------------------------


def rotate(*args: str) -> str:
    out = StringIO()
    call_command("rotate_encryption_keys", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_rotation_re_encrypts_every_column_so_the_new_key_alone_reads_them(cast, settings):
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_A]
    write_every_encrypted_field(cast)
    before = stored()
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    output = rotate("--batch-size", "1")
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_B]
    after = stored()
    for column, values in after.items():
        assert values != before[column], column
        assert all(encryption.decrypt(v).startswith(CANARY[:20]) for v in values), column
    assert Encounter.objects.get().note == CANARY
    assert set(SafetyPlanVersion.objects.get().texts().values()) == {CANARY}
    assert "support.Encounter: 1 row re-encrypted, 0 already current or empty" in output
    assert "7 rows re-encrypted, 0 already current or empty" in output


@pytest.mark.django_db
def test_a_second_rotation_changes_nothing(cast, settings):
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_A]
    write_every_encrypted_field(cast)
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    rotate()
    once = stored()
    output = rotate()
    assert stored() == once
    assert "0 rows re-encrypted, 7 already current or empty" in output


@pytest.mark.django_db
def test_an_interrupted_rotation_resumes_where_it_stopped(cast, settings):
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_A]
    for _ in range(5):
        Encounter.objects.create(
            organization=cast.org,
            client=cast.casey,
            advocate=cast.ana,
            kind="phone",
            occurred_at=timezone.now(),
            note=CANARY,
        )
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_B, KEY_A]

    class Interrupted(Exception):
        pass

    def stop(last: int, counts: Any) -> None:
        raise Interrupted  # as if the process were killed after the first batch

    with pytest.raises(Interrupted):
        reencrypt(Encounter, ["note", "location"], rotate_if_old, batch_size=2, progress=stop)
    current = [encryption.is_current(v) for v in stored()["support_encounter.note"]]
    assert sorted(current) == [False, False, False, True, True]

    # Killed half-way through a batch: that batch's rows are rolled back, none half-written.
    calls = 0

    def dies_on_the_third_value(value: str) -> str | None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Interrupted
        return rotate_if_old(value)

    with pytest.raises(Interrupted):
        reencrypt(Encounter, ["note"], dies_on_the_third_value, batch_size=5)
    assert sum(encryption.is_current(v) for v in stored()["support_encounter.note"]) == 2

    output = rotate("--batch-size", "2")
    assert "support.Encounter: 3 rows re-encrypted, 2 already current or empty" in output
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_B]
    assert [e.note for e in Encounter.objects.all()] == [CANARY] * 5


@pytest.mark.django_db
def test_rotation_leaves_a_row_changed_meanwhile_to_the_next_run(cast, settings):
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_A]
    first = Encounter.objects.create(
        organization=cast.org,
        client=cast.casey,
        advocate=cast.ana,
        kind="phone",
        occurred_at=timezone.now(),
        note="before",
    )
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_B, KEY_A]

    def someone_edits(value: str) -> str | None:
        # The web app saves the row between our read and our write.
        Encounter.objects.filter(pk=first.pk).update(note="edited meanwhile")
        return rotate_if_old(value)

    counts = reencrypt(Encounter, ["note"], someone_edits)
    assert (counts.changed, counts.raced) == (0, 1)
    assert Encounter.objects.get().note == "edited meanwhile"


@pytest.mark.django_db
def test_rotation_stops_with_a_clear_error_on_a_value_no_key_opens(cast, settings):
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_A]
    write_every_encrypted_field(cast)
    settings.ALONGSIDE_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(Exception, match="ALONGSIDE_ENCRYPTION_KEYS") as raised:
        rotate()
    assert "Canary" not in str(raised.value)


@pytest.mark.django_db
def test_rotation_refuses_a_batch_size_under_one():
    with pytest.raises(Exception, match="batch"):
        rotate("--batch-size", "0")


# --- The migrations ---------------------------------------------------------------------------

BEFORE_ENCRYPTION = [
    ("support", "0001_initial"),
    ("checkins", "0002_checkin_overdose_checkin_safety_concern"),
    ("messaging", "0001_initial"),
    ("safety", "0002_crisis_event"),
    ("safetyplans", "0001_safety_plan_versions"),
]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_encrypt_existing_rows_and_reverse_to_plain_text(cast):
    write_every_encrypted_field(cast)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE_ENCRYPTION)
        plain = stored()
        assert all(v[0].startswith(CANARY[:20]) for v in plain.values()), plain
        # A value that is a token already (say, written by a newer process) is not
        # encrypted twice.
        token = encryption.encrypt("Already a token")
        old = executor.loader.project_state(BEFORE_ENCRYPTION).apps
        old.get_model("messaging", "Message").objects.create(
            organization_id=cast.org.pk,
            client_id=cast.casey.pk,
            sender_id=cast.ana.pk,
            from_client=False,
            body=token,
        )

        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        for column, values in stored().items():
            assert "Canary" not in values[0], column
            assert encryption.is_current(values[0]), column
        assert token in stored()["messaging_message.body"]
        assert sorted(m.body for m in Message.objects.all()) == ["Already a token", CANARY]
        assert Encounter.objects.get().note == CANARY
        assert CheckIn.objects.get().substance == CANARY[:100]
        assert set(SafetyPlanVersion.objects.get().texts().values()) == {CANARY}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)


# --- Every writer encrypts --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_center_bulk_load_stores_no_plain_text():
    """The demo's loader writes rows without model instances (COPY on PostgreSQL): its text
    must still arrive encrypted."""
    call_command("seed_demo", "--clients", "12", stdout=StringIO())
    written = 0
    for column, values in stored().items():
        for value in values:
            if value:
                written += 1
                assert encryption.is_token(value), column
    assert written > 50
    assert Encounter.objects.exclude(note="").exists()


@pytest.mark.django_db
def test_the_recovery_work_and_aftercare_the_demo_writes_are_stored_encrypted():
    """Goals, tasks, stage notes, group notes and follow-up outcomes (written by the demo
    through the apps' services) hold tokens only."""
    call_command("seed_demo", "--clients", "12", stdout=StringIO())
    filled = set()
    for column, values in stored(BORN_ENCRYPTED).items():
        for value in values:
            if value:
                filled.add(column)
                assert encryption.is_token(value), column
    assert {"plans_goal.title", "plans_task.title", "pathways_stagemove.note"} <= filled


def test_fields_keep_their_python_and_form_behaviour():
    note = Encounter._meta.get_field("note")
    substance = CheckIn._meta.get_field("substance")
    assert isinstance(note, models.TextField)
    assert isinstance(substance, models.CharField)
    assert substance.max_length == 100
    assert substance.formfield().max_length == 100
