from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "casetrail.api"
    label = "api"
    verbose_name = "API"
