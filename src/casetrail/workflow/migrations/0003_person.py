"""Cases name their person record, and count possible earlier records not yet decided."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from casetrail.chronology import database


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("workflow", "0002_journey"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="matches_undecided",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="case",
            name="person",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="people.person",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["matches_undecided"], name="case_matches_undecided"),
        ),
        migrations.RunPython(database.triggers_reinstall, migrations.RunPython.noop),
    ]
