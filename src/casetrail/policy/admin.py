from django.contrib import admin
from django.shortcuts import redirect

from casetrail.policy.models import Policy, policy_current
from casetrail.web.admin_site import admin_site


@admin.register(Policy, site=admin_site)
class PolicyAdmin(admin.ModelAdmin):
    fields = ["late_record_days", "assessment_max_age_days", "review_due_soon_days"]

    def changelist_view(self, request, extra_context=None):
        # There is one row; go straight to it.
        return redirect("admin:policy_policy_change", policy_current().pk)
