"""Each rule grants exactly the roles it names, and inactive users get nothing."""

import pytest

from casetrail.accounts.roles import Role

ADMIN_ONLY = {Role.ADMINISTRATOR}
OVERSEERS = {Role.SUPERVISOR, Role.AUDITOR, Role.PANEL_CHAIR, Role.ADMINISTRATOR}

RULES = {
    "casetrail.use_admin": ADMIN_ONLY,
    "accounts.view_user": ADMIN_ONLY,
    "accounts.change_user": ADMIN_ONLY,
    "accounts.add_agency": ADMIN_ONLY,
    "policy.change_policy": ADMIN_ONLY,
    "accounts.delete_user": set(),
    "accounts.delete_agency": set(),
    "policy.delete_policy": set(),
    "assessments.change_assessmentdefinition": ADMIN_ONLY,
    "assessments.add_assessmentdefinition": set(),
    "assessments.delete_assessmentdefinition": set(),
    "accounts.view_directory": OVERSEERS,
    "people.match": {Role.CASEWORKER, Role.SUPERVISOR},
    "people.view_matches": {Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("permission", "granted_to"), RULES.items())
def test_each_rule_grants_only_its_roles(make_user, role, permission, granted_to):
    user = make_user(role)
    assert user.has_perm(permission) is (role in granted_to)


def test_a_deactivated_administrator_has_no_permissions(make_user):
    user = make_user(Role.ADMINISTRATOR)
    user.is_active = False
    user.save()
    assert not user.has_perm("casetrail.use_admin")


def test_there_is_no_superuser_flag_to_bypass_the_rules(make_user):
    from casetrail.accounts.models import User

    field_names = {field.name for field in User._meta.get_fields()}
    assert "is_superuser" not in field_names
    assert "is_staff" not in field_names
    with pytest.raises(TypeError, match="no superusers"):
        User.objects.create_superuser("root", "root@example.org", "x")


def test_django_permission_tables_grant_nothing(make_user):
    from django.contrib.auth.models import Permission

    user = make_user(Role.REFERRER)
    user.user_permissions.add(Permission.objects.get(codename="view_user"))
    assert not user.has_perm("accounts.view_user")
    assert not user.has_module_perms("accounts")


def test_a_deactivated_agency_takes_its_peoples_permissions_and_sign_in(client, make_user):
    from django.urls import reverse

    from tests.conftest import PASSWORD

    supervisor = make_user(Role.SUPERVISOR)
    supervisor.agency.is_active = False
    supervisor.agency.save()
    supervisor.refresh_from_db()
    assert not supervisor.has_perm("accounts.view_directory")
    client.post(reverse("sign-in"), {"username": supervisor.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
