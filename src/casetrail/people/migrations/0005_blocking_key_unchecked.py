"""Blocking keys no longer checked against their person by the database (models.BlockingKey).

PostgreSQL drops the constraint in place. SQLite cannot drop one from a table, and
Django's way of rebuilding a table would give this one row ids again, so the keys move
to a table made as migration 0003 made it, without the constraint, copied in key order.
"""

from django.db import migrations, models

TABLE, MOVING = "people_blockingkey", "people_blockingkey_moving"


def _rebuilt(schema_editor, *, checked: bool) -> None:
    quote = schema_editor.quote_name
    key, person = quote("key"), quote("person_id")
    reference = (
        f" REFERENCES {quote('people_person')} ({quote('id')}) DEFERRABLE INITIALLY DEFERRED"
        if checked
        else ""
    )
    schema_editor.execute(
        f"CREATE TABLE {quote(MOVING)} ({key} bigint NOT NULL, "
        f"{person} bigint NOT NULL{reference}, PRIMARY KEY ({key}, {person})) WITHOUT ROWID"
    )
    schema_editor.execute(
        f"INSERT INTO {quote(MOVING)} ({key}, {person}) "
        f"SELECT {key}, {person} FROM {quote(TABLE)} ORDER BY {key}, {person}"
    )
    schema_editor.execute(f"DROP TABLE {quote(TABLE)}")
    schema_editor.execute(f"ALTER TABLE {quote(MOVING)} RENAME TO {quote(TABLE)}")


def _unchecked(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _rebuilt(schema_editor, checked=False)
        return
    with schema_editor.connection.cursor() as cursor:
        found = schema_editor.connection.introspection.get_constraints(cursor, TABLE)
    for name, constraint in found.items():
        if constraint["foreign_key"]:
            schema_editor.execute(
                f"ALTER TABLE {schema_editor.quote_name(TABLE)} "
                f"DROP CONSTRAINT {schema_editor.quote_name(name)}"
            )


def _checked(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _rebuilt(schema_editor, checked=True)
        return
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"ALTER TABLE {quote(TABLE)} ADD CONSTRAINT {quote(TABLE + '_person_id_fk')} "
        f"FOREIGN KEY ({quote('person_id')}) REFERENCES {quote('people_person')} "
        f"({quote('id')}) DEFERRABLE INITIALLY DEFERRED"
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0004_pending_keys")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="blockingkey",
                    name="person",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        to="people.person",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(_unchecked, _checked)],
        ),
    ]
