"""Count the people already held into NameFrequency, so names weigh by their share of them."""

from django.db import migrations


def people_count(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    NameFrequency = apps.get_model("people", "NameFrequency")
    held = Person.objects.filter(merged_into=None).count()
    NameFrequency.objects.update_or_create(kind="people", value="", defaults={"count": held})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(people_count, migrations.RunPython.noop)]
