"""Agencies, users and API tokens in the admin, for administrators only (see permissions.py)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from casetrail.accounts.models import Agency, ApiToken, User
from casetrail.web.admin_site import admin_site


@admin.register(Agency, site=admin_site)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(User, site=admin_site)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "role", "is_active"]
    list_filter = ["role", "agency", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    # Roles, not Django's staff/superuser flags or per-model permissions, decide access.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email", "job_title")}),
        ("Agency and role", {"fields": ("agency", "role", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "agency",
                    "role",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        # No one grants themselves another role (an administrator does not read cases),
        # moves agency or deactivates themselves; another administrator must.
        if obj is not None and obj.pk == request.user.pk:
            return [*self.readonly_fields, "role", "agency", "is_active"]
        return self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = Agency.objects.filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ApiToken, site=admin_site)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only (see permissions.py): holders make and revoke their tokens themselves."""

    list_display = ["key_id", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["key_id", "name", "user__username"]
    list_select_related = ["user"]
    # The secret's hash is left out: it means nothing to a reader.
    fields = readonly_fields = (
        "key_id",
        "user",
        "name",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )
