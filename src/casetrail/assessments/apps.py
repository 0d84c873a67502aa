from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AssessmentsConfig(AppConfig):
    name = "casetrail.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        post_migrate.connect(_load_definitions, sender=self)


def _load_definitions(sender, **kwargs) -> None:
    # Every migrate (and a test database's creation) loads new definition files.
    from django.utils import timezone

    from casetrail.assessments.loading import definitions_load

    definitions_load(now=timezone.now())
