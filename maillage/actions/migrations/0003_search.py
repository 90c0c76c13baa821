"""The full-text index of actions, one per database engine (ADR 016).

SQLite: an FTS5 table of stemmed words (see `maillage.actions.search.stem`).
PostgreSQL: the `unaccent` extension, a `french_unaccent` text search configuration, and a
table of tsvectors with a GIN index. Both are filled here for the existing actions, then kept
in step by `maillage.actions.search.reindex_actions` (signals on every save and delete).
"""

from django.db import migrations

FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS actions_action_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)
FTS_DROP = "DROP TABLE IF EXISTS actions_action_fts"

PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF;
    END $$""",
    # No foreign key: a test database flush truncates actions_action alone; a row left here for
    # a vanished action matches nothing (searches go through actions_action).
    "CREATE TABLE IF NOT EXISTS actions_action_search ("
    " action_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS actions_action_search_document"
    " ON actions_action_search USING GIN (document)",
]
PG_DROP = [
    "DROP TABLE IF EXISTS actions_action_search",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


def create(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            for sql in PG_CREATE:
                cursor.execute(sql)
        elif schema_editor.connection.vendor == "sqlite":
            cursor.execute(FTS_CREATE)


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            for sql in PG_DROP:
                cursor.execute(sql)
        elif schema_editor.connection.vendor == "sqlite":
            cursor.execute(FTS_DROP)


def index_existing(apps, schema_editor):
    from maillage.actions import search

    Action = apps.get_model("actions", "Action")
    connection = schema_editor.connection
    ids = list(Action.objects.values_list("pk", flat=True).order_by("pk"))
    for chunk in search._chunks(ids):
        actions = (
            Action.objects.filter(pk__in=chunk)
            .select_related("commune")
            .prefetch_related("organisations", "kinds")
        )
        rows = [(action.pk, *search._texts(action)) for action in actions]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                search._pg_write(cursor, chunk, rows)
            elif connection.vendor == "sqlite":
                search._fts_write(cursor, chunk, rows)


class Migration(migrations.Migration):
    dependencies = [("actions", "0002_seed_kinds_and_publics")]

    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
