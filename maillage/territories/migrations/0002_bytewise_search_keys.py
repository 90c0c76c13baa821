"""Search keys compare byte-wise on PostgreSQL whatever the database's default collation.

Prefix search is a range on the B-tree index (`key <= search_name < key || '\x7f'`); under a
linguistic collation (en_US.UTF-8, fr_FR.UTF-8) spaces and control characters are ignored and the
range would miss rows. SQLite compares bytes already (BINARY)."""

from django.db import migrations

COLUMNS = [
    ("territories_commune", "search_name", "varchar(100)"),
    ("territories_department", "search_name", "varchar(100)"),
    ("territories_epci", "search_name", "varchar(200)"),
    ("territories_postalcode", "code", "varchar(5)"),
]


def to_bytewise(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, kind in COLUMNS:
        schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind} COLLATE "C"')


def to_default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, kind in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind}")


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]

    operations = [migrations.RunPython(to_bytewise, to_default)]
