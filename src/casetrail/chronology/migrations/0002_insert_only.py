"""The database refuses to change or remove chronology rows (see chronology/database.py)."""

from django.db import migrations

from casetrail.chronology import database


def install(apps, schema_editor):
    database.triggers_install(schema_editor)


def remove(apps, schema_editor):
    database.triggers_remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("chronology", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
