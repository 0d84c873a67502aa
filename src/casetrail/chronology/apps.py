from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "casetrail.chronology"
    label = "chronology"
    verbose_name = "Chronology"

    def ready(self) -> None:
        from casetrail.chronology import database

        database.connection_hooks_install()
