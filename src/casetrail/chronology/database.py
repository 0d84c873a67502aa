"""What the database itself enforces: chronology tables are insert-only.

Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on events,
checkpoints and the access log. The one update allowed is the sanctioned
redaction: an event's payload replaced by the marker, nothing else changed.
`history_maintenance()` lifts the refusal for the test suite's clean-up only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.backends.signals import connection_created

from casetrail.chronology.chain import REDACTED_PAYLOAD

GUARDED_TABLES = [
    "chronology_event",
    "chronology_checkpoint",
    "chronology_checkpointhead",
    "chronology_caseaccess",
]
_EVENT_COLUMNS = [
    "id",
    "case_id",
    "position",
    "type",
    "occurred_at",
    "recorded_at",
    "actor_id",
    "agency_id",
    "late",
    "payload_digest",
    "previous_hash",
    "hash",
]
REFUSAL = "casetrail: the chronology is insert-only"


def _redaction_only(new: str = "NEW", old: str = "OLD") -> str:
    unchanged = " AND ".join(
        f"{new}.{column} IS NOT DISTINCT FROM {old}.{column}" for column in _EVENT_COLUMNS
    )
    return f"({new}.payload = '{REDACTED_PAYLOAD}' AND {unchanged})"


def sqlite_triggers() -> list[str]:
    statements = []
    for table in GUARDED_TABLES:
        allowed = (
            _redaction_only().replace("IS NOT DISTINCT FROM", "IS")
            if table == "chronology_event"
            else "0"
        )
        statements.append(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"WHEN NOT {allowed} BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )
        statements.append(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"WHEN casetrail_history_maintenance() = 0 "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )
    return statements


def postgresql_triggers() -> list[str]:
    refuse = f"RAISE EXCEPTION '{REFUSAL} (% on %)', TG_OP, TG_TABLE_NAME;"
    maintenance = (
        "IF current_setting('casetrail.history_maintenance', true) = 'on' THEN "
        "RETURN COALESCE(NEW, OLD); END IF;"
    )
    statements = [
        f"""
        CREATE FUNCTION casetrail_refuse_history_change() RETURNS trigger AS $$
        BEGIN {maintenance} {refuse} END;
        $$ LANGUAGE plpgsql
        """,
        # Events alone may take one change: the redaction marker in place of the payload.
        f"""
        CREATE FUNCTION casetrail_refuse_event_change() RETURNS trigger AS $$
        BEGIN
            {maintenance}
            IF TG_OP = 'UPDATE' THEN
                IF {_redaction_only()} THEN RETURN NEW; END IF;
            END IF;
            {refuse}
        END;
        $$ LANGUAGE plpgsql
        """,
    ]
    for table in GUARDED_TABLES:
        function = (
            "casetrail_refuse_event_change"
            if table == "chronology_event"
            else "casetrail_refuse_history_change"
        )
        statements.append(
            f"CREATE TRIGGER {table}_insert_only BEFORE UPDATE OR DELETE ON {table} "
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


def triggers_remove(schema_editor) -> None:
    suffixes = (
        ["no_update", "no_delete"]
        if schema_editor.connection.vendor == "sqlite"
        else ["insert_only", "no_truncate"]
    )
    for table in GUARDED_TABLES:
        for suffix in suffixes:
            on = "" if schema_editor.connection.vendor == "sqlite" else f" ON {table}"
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}{on}")
    if schema_editor.connection.vendor == "postgresql":
        for function in ("casetrail_refuse_history_change", "casetrail_refuse_event_change"):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")


def _sqlite_function_install(sender, connection, **kwargs) -> None:
    # The SQLite triggers ask this function whether maintenance is on. A
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
        with connection.cursor() as cursor:
            cursor.execute("SET casetrail.history_maintenance = 'on'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET casetrail.history_maintenance")
    else:
        connection.casetrail_history_maintenance = True  # type: ignore[attr-defined]
        try:
            yield
        finally:
            connection.casetrail_history_maintenance = False  # type: ignore[attr-defined]
