"""Sign-in by username and password, granting no permissions of its own."""

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Django's password check, without its per-user and per-group permissions.

    Permissions come only from the role rules (the `rules` backend); leaving
    Django's tables able to grant them would be a second, hidden way in.
    """

    def user_can_authenticate(self, user) -> bool:
        # No one signs in for an agency that has been deactivated.
        return super().user_can_authenticate(user) and user.agency.is_active

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_module_perms(self, user_obj, app_label):
        return False
