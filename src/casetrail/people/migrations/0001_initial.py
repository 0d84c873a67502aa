"""People, their blocking keys and name frequencies, imported records and pairs to review."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MatchParameters",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("estimated_at", models.DateTimeField()),
                ("model", models.JSONField()),
                ("pairs", models.PositiveIntegerField(default=0)),
                ("note", models.CharField(blank=True, max_length=200)),
            ],
            options={
                "ordering": ["-estimated_at", "-id"],
                "get_latest_by": ["estimated_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="NameFrequency",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=10)),
                ("value", models.CharField(max_length=200)),
                ("count", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "value"), name="name_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="Person",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("given_name", models.CharField(blank=True, max_length=200)),
                ("surname", models.CharField(blank=True, max_length=200)),
                ("other_names", models.JSONField(default=list)),
                ("birth_date", models.DateField(null=True)),
                ("birth_date_typed", models.CharField(blank=True, max_length=40)),
                ("identifiers", models.JSONField(default=list)),
                ("features", models.TextField()),
                ("source", models.CharField(max_length=100)),
                ("created_at", models.DateTimeField()),
                (
                    "merged_into",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="merged",
                        to="people.person",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="PersonAddress",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("line", models.CharField(blank=True, max_length=500)),
                ("town", models.CharField(blank=True, max_length=200)),
                ("postcode", models.CharField(blank=True, max_length=20)),
                ("recorded_at", models.DateTimeField()),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="addresses",
                        to="people.person",
                    ),
                ),
            ],
            options={
                "ordering": ["-recorded_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="BlockingKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.BigIntegerField()),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="people.person",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["key", "person"], name="blocking_key")],
                "constraints": [
                    models.UniqueConstraint(fields=("person", "key"), name="blocking_key_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="SourceRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("source", models.CharField(max_length=100)),
                ("record_id", models.CharField(max_length=100)),
                ("case", models.JSONField(default=dict)),
                ("imported_at", models.DateTimeField()),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="records",
                        to="people.person",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "record_id"), name="source_record_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="UncertainPair",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("left_record", models.CharField(max_length=100)),
                ("right_record", models.CharField(max_length=100)),
                ("probability", models.FloatField()),
                ("evidence", models.JSONField()),
                ("found_at", models.DateTimeField()),
                (
                    "decision",
                    models.CharField(
                        blank=True,
                        choices=[("same", "The same person"), ("different", "Different people")],
                        max_length=10,
                    ),
                ),
                ("decided_at", models.DateTimeField(null=True)),
                ("rationale", models.TextField(blank=True)),
                (
                    "decided_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "left",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="people.person",
                    ),
                ),
                (
                    "right",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="people.person",
                    ),
                ),
            ],
            options={
                "ordering": ["decided_at", "-probability", "id"],
                "indexes": [
                    models.Index(fields=["decided_at", "probability"], name="uncertain_open")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("left", "right"), name="uncertain_pair_once")
                ],
            },
        ),
    ]
