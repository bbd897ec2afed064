"""Make the audit table append-only in the database itself, not just in the application.

UPDATE is always refused. DELETE and TRUNCATE are refused unless the session holds the purge
permit (alongside.audit.purge): only the test runner's flush takes it.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_accessevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE')
       AND current_setting('alongside.audit_purge', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_accessevent is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accessevent_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_accessevent_append_only();
CREATE TRIGGER audit_accessevent_no_truncate
    BEFORE TRUNCATE ON audit_accessevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_accessevent_no_truncate ON audit_accessevent;
DROP TRIGGER IF EXISTS audit_accessevent_no_update_delete ON audit_accessevent;
DROP FUNCTION IF EXISTS audit_accessevent_append_only();
"""
SQLITE_UP = [
    """CREATE TRIGGER audit_accessevent_no_update BEFORE UPDATE ON audit_accessevent
       BEGIN SELECT RAISE(ABORT, 'audit_accessevent is append-only: UPDATE is not allowed'); END;""",
    """CREATE TRIGGER audit_accessevent_no_delete BEFORE DELETE ON audit_accessevent
       WHEN NOT alongside_audit_purge_permitted()
       BEGIN SELECT RAISE(ABORT, 'audit_accessevent is append-only: DELETE is not allowed'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_accessevent_no_update;",
    "DROP TRIGGER IF EXISTS audit_accessevent_no_delete;",
]


# params=None: with parameters (even none, the default) the driver treats the "%" in RAISE
# EXCEPTION's format string as a placeholder and psycopg 3 refuses several statements in one
# execute(); without them the SQL is sent as written.


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
