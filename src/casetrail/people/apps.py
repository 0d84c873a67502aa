from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "casetrail.people"
    label = "people"
    verbose_name = "People"
