from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "casetrail.policy"
    label = "policy"
    verbose_name = "Policy"
