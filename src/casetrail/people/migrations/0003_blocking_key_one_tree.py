"""Blocking keys in one B-tree: the primary key (key, person), and on SQLite no row ids.

The table had row ids, an index on (key, person) and a unique index on (person, key):
three B-trees for every key written. Django cannot turn a primary key into a composite
one in place, so the keys move to a new table, copied in key order (which builds its
tree front to back), and the old table goes.
"""

from django.db import migrations, models

NEW, OLD = "people_blockingkey", "people_oldblockingkey"


def _new_table(apps, schema_editor):
    model = apps.get_model("people", "BlockingKey")
    if schema_editor.connection.vendor != "sqlite":
        schema_editor.create_model(model)
        return
    # Django has no option for it: the table's own SQL, made a table without row ids.
    sql, params = schema_editor.table_sql(model)
    schema_editor.execute(f"{sql} WITHOUT ROWID", params or None)


def _new_table_drop(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("people", "BlockingKey"))


def _keys_copy(apps, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"INSERT INTO {quote(NEW)} ({quote('key')}, {quote('person_id')}) "
        f"SELECT {quote('key')}, {quote('person_id')} FROM {quote(OLD)} "
        f"ORDER BY {quote('key')}, {quote('person_id')}"
    )


def _keys_copy_back(apps, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"INSERT INTO {quote(OLD)} ({quote('key')}, {quote('person_id')}) "
        f"SELECT {quote('key')}, {quote('person_id')} FROM {quote(NEW)}"
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_people_held")]

    operations = [
        # The old indexes go first: the copy then reads one table, and their names are free.
        migrations.RemoveConstraint(model_name="blockingkey", name="blocking_key_once"),
        migrations.RemoveIndex(model_name="blockingkey", name="blocking_key"),
        migrations.RenameModel("BlockingKey", "OldBlockingKey"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BlockingKey",
                    fields=[
                        (
                            "pk",
                            models.CompositePrimaryKey(
                                "key",
                                "person",
                                blank=True,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("key", models.BigIntegerField()),
                        (
                            "person",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=models.deletion.PROTECT,
                                to="people.person",
                            ),
                        ),
                    ],
                ),
            ],
        ),
        # Made here rather than by the state's CreateModel, which would give SQLite row ids.
        migrations.RunPython(_new_table, _new_table_drop),
        migrations.RunPython(_keys_copy, _keys_copy_back),
        migrations.DeleteModel("OldBlockingKey"),
    ]
