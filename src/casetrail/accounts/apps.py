from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casetrail.accounts"
    label = "accounts"
    verbose_name = "Agencies and users"

    def ready(self) -> None:
        # Registers every permission rule; see permissions.py.
        from casetrail.accounts import permissions  # noqa: F401
