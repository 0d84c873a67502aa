from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "casetrail.web"
    label = "web"
    verbose_name = "Web"
