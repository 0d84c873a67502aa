"""Assessment definitions in the admin: read-only, with the choice of the version in force."""

from django.contrib import admin, messages

from casetrail.assessments.loading import definition_put_in_force
from casetrail.assessments.models import AssessmentDefinition
from casetrail.web.admin_site import admin_site


@admin.register(AssessmentDefinition, site=admin_site)
class AssessmentDefinitionAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "version", "in_force", "loaded_at"]
    list_filter = ["code", "in_force"]
    readonly_fields = ["code", "version", "title", "content", "digest", "in_force", "loaded_at"]
    actions = ["put_in_force"]

    @admin.action(description="Put the selected version in force")
    def put_in_force(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose one version.", messages.ERROR)
            return
        definition = queryset.get()
        definition_put_in_force(definition=definition)
        self.message_user(request, f"{definition} is now in force for new assessments.")
