from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "casetrail.workflow"
    label = "workflow"
    verbose_name = "Cases"

    def ready(self) -> None:
        # Registers the event types this app's operations record.
        from casetrail.workflow import events  # noqa: F401
