"""Database triggers that make the access changes append-only, like the audit log (0002)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER access_change_no_update BEFORE UPDATE ON audit_accesschange
       BEGIN SELECT RAISE(ABORT, 'access changes are append-only'); END""",
    """CREATE TRIGGER access_change_no_delete BEFORE DELETE ON audit_accesschange
       BEGIN SELECT RAISE(ABORT, 'access changes are append-only'); END""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION access_change_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'access changes are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER access_change_no_update_delete BEFORE UPDATE OR DELETE
       ON audit_accesschange FOR EACH ROW EXECUTE FUNCTION access_change_append_only()""",
]


def create(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRES
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS access_change_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS access_change_no_delete")
    else:
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS access_change_no_update_delete ON audit_accesschange"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS access_change_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_access_change_and_list_citizens")]
    operations = [migrations.RunPython(create, drop)]
