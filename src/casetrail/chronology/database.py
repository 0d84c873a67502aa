"""What the database itself enforces: the chronology is insert-only, and cases stay.

Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on events,
checkpoints and the access log, and refuse to delete a case. The one update
allowed replaces an event's payload with the redaction marker, nothing else
changed, and never on a redaction record itself. On SQLite, inserts that
would replace an existing row (INSERT OR REPLACE) are refused too.

`history_maintenance()` lifts the refusal for the test suite's clean-up only:
on PostgreSQL it needs `session_replication_role`, which only a superuser may
set; on SQLite it asks a function that only casetrail's connections define.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.backends.signals import connection_created

from casetrail.chronology.chain import REDACTED_PAYLOAD, REDACTION_EVENT

INSERT_ONLY_TABLES = [
    "chronology_event",
    "chronology_checkpoint",
    "chronology_checkpointhead",
    "chronology_caseaccess",
]
UNDELETABLE_TABLES = [*INSERT_ONLY_TABLES, "workflow_case"]
# A new row may not take the place of an existing one: its id, or these columns.
_NATURAL_KEYS = {
    "chronology_event": ["case_id", "position"],
    "chronology_checkpointhead": ["checkpoint_id", "case_id"],
}
_EVENT_COLUMNS = [
    "id", "case_id", "position", "type", "occurred_at", "recorded_at", "actor_id",
    "agency_id", "late", "payload_digest", "previous_hash", "hash",
]  # fmt: skip
REFUSAL = "casetrail: the chronology is insert-only"


def _redaction_only(same: str) -> str:
    unchanged = " AND ".join(f"NEW.{column} {same} OLD.{column}" for column in _EVENT_COLUMNS)
    return (
        f"(NEW.payload = '{REDACTED_PAYLOAD}' AND OLD.type <> '{REDACTION_EVENT}' AND {unchanged})"
    )


def sqlite_triggers() -> list[str]:
    raise_ = f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    maintenance = "casetrail_history_maintenance() = 0"
    statements = []
    for table in INSERT_ONLY_TABLES:
        allowed = _redaction_only("IS") if table == "chronology_event" else "0"
        statements.append(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN NOT {allowed} {raise_}"
        )
        taken = "id = NEW.id"
        if table in _NATURAL_KEYS:
            same = " AND ".join(f"{column} = NEW.{column}" for column in _NATURAL_KEYS[table])
            taken += f" OR ({same})"
        statements.append(
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {taken}) {raise_}"
        )
    for table in UNDELETABLE_TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} WHEN {maintenance} {raise_}"
        )
    return statements


def postgresql_triggers() -> list[str]:
    refuse = f"RAISE EXCEPTION '{REFUSAL} (% on %)', TG_OP, TG_TABLE_NAME;"
    statements = [
        f"""
        CREATE FUNCTION casetrail_refuse_history_change() RETURNS trigger AS $$
        BEGIN {refuse} END;
        $$ LANGUAGE plpgsql
        """,
        # Events alone may take one change: the redaction marker in place of the payload.
        f"""
        CREATE FUNCTION casetrail_refuse_event_change() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF {_redaction_only("IS NOT DISTINCT FROM")} THEN RETURN NEW; END IF;
            END IF;
            {refuse}
        END;
        $$ LANGUAGE plpgsql
        """,
    ]
    for table in UNDELETABLE_TABLES:
        function = (
            "casetrail_refuse_event_change"
            if table == "chronology_event"
            else "casetrail_refuse_history_change"
        )
        events = "UPDATE OR DELETE" if table in INSERT_ONLY_TABLES else "DELETE"
        statements.append(
            f"CREATE TRIGGER {table}_insert_only BEFORE {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
        statements.append(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION casetrail_refuse_history_change()"
        )
    return statements


def triggers_install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = sqlite_triggers() if vendor == "sqlite" else postgresql_triggers()
    for statement in statements:
        schema_editor.execute(statement, params=None)


def trigger_names(vendor: str) -> list[tuple[str, str]]:
    """(trigger, table) for every trigger installed on this kind of database."""
    if vendor == "sqlite":
        return [
            (f"{table}_{suffix}", table)
            for table in INSERT_ONLY_TABLES
            for suffix in ("no_update", "no_replace")
        ] + [(f"{table}_no_delete", table) for table in UNDELETABLE_TABLES]
    return [
        (f"{table}_{suffix}", table)
        for table in UNDELETABLE_TABLES
        for suffix in ("insert_only", "no_truncate")
    ]


def triggers_remove(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for trigger, table in trigger_names(vendor):
        on = "" if vendor == "sqlite" else f" ON {table}"
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}{on}")
    if vendor == "postgresql":
        for function in ("casetrail_refuse_history_change", "casetrail_refuse_event_change"):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")


def _sqlite_function_install(sender, connection, **kwargs) -> None:
    # The SQLite delete triggers ask this function whether maintenance is on. A
    # connection made outside casetrail (the sqlite3 shell) lacks it, so its
    # deletes fail too.
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "casetrail_history_maintenance",
            0,
            lambda: 1 if getattr(connection, "casetrail_history_maintenance", False) else 0,
        )


def connection_hooks_install() -> None:
    connection_created.connect(_sqlite_function_install, dispatch_uid="casetrail_history")


@contextmanager
def history_maintenance() -> Iterator[None]:
    """Let this connection delete chronology rows; for clearing a test database only."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        # Only a superuser may set this; with it, ordinary triggers do not fire.
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = origin")
    else:
        connection.casetrail_history_maintenance = True  # type: ignore[attr-defined]
        try:
            yield
        finally:
            connection.casetrail_history_maintenance = False  # type: ignore[attr-defined]


def triggers_reinstall(apps, schema_editor) -> None:
    """A migration step: SQLite alters a table by rebuilding it, which drops its triggers."""
    triggers_remove(schema_editor)
    triggers_install(schema_editor)
