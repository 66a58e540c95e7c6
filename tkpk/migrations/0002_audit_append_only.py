"""The audit log is append-only in the database itself, not only in the app."""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION tkpk_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'tkpk_auditentry is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tkpk_auditentry_append_only
    BEFORE UPDATE OR DELETE ON tkpk_auditentry
    FOR EACH ROW EXECUTE FUNCTION tkpk_audit_append_only();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS tkpk_auditentry_append_only ON tkpk_auditentry;
DROP FUNCTION IF EXISTS tkpk_audit_append_only();
"""
# SQLite test runs empty tables with DELETE between tests, so only UPDATE is refused there.
SQLITE_FORWARD = """
CREATE TRIGGER tkpk_auditentry_no_update BEFORE UPDATE ON tkpk_auditentry
BEGIN SELECT RAISE(ABORT, 'tkpk_auditentry is append-only: UPDATE refused'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS tkpk_auditentry_no_update;"


def forward(apps, schema_editor):
    _run(schema_editor, POSTGRES_FORWARD, SQLITE_FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, POSTGRES_BACKWARD, SQLITE_BACKWARD)


def _run(schema_editor, postgres_sql, sqlite_sql):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres_sql, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(sqlite_sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("tkpk", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
