"""The Django admin is for administrators only; nothing there can delete history."""

import pytest
from django.urls import reverse

from casetrail.accounts.models import User
from casetrail.accounts.roles import Role

OTHER_ROLES = [role for role in Role if role != Role.ADMINISTRATOR]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_the_admin_is_refused_to_every_other_role(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_admin_model_pages_are_refused_to_other_roles(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert client.get(response["Location"]).status_code == 403


def test_anonymous_visitors_are_sent_to_the_one_sign_in_page(client, db):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("sign-in"))


def test_administrators_manage_agencies_users_and_policy(client, administrator):
    client.force_login(administrator)
    index = client.get(reverse("admin:index")).content.decode()
    for heading in ("Agencies", "Users", "Policy settings"):
        assert heading in index
    assert client.get(reverse("admin:accounts_agency_add")).status_code == 200
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
    policy = client.get(reverse("admin:policy_policy_changelist"), follow=True)
    assert "late_record_days" in policy.content.decode()


def test_administrators_can_change_policy(client, administrator):
    from casetrail.policy.models import policy_current

    client.force_login(administrator)
    url = reverse("admin:policy_policy_change", args=[policy_current().pk])
    data = {"late_record_days": 10, "assessment_max_age_days": 60, "review_due_soon_days": 21}
    assert client.post(url, data).status_code == 302
    assert policy_current().late_record_days == 10


def test_out_of_range_policy_is_refused_and_changes_nothing(client, administrator):
    from casetrail.policy.models import policy_current

    client.force_login(administrator)
    url = reverse("admin:policy_policy_change", args=[policy_current().pk])
    data = {"late_record_days": 0, "assessment_max_age_days": 60, "review_due_soon_days": 21}
    assert client.post(url, data).status_code == 200
    assert policy_current().late_record_days == 7


def test_no_one_can_delete_users_or_agencies_in_the_admin(client, administrator, make_user):
    someone = make_user(Role.CASEWORKER)
    client.force_login(administrator)
    delete = reverse("admin:accounts_user_delete", args=[someone.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=someone.pk).exists()
    delete_agency = reverse("admin:accounts_agency_delete", args=[someone.agency.pk])
    assert client.post(delete_agency, {"post": "yes"}).status_code == 403


def test_administrators_add_a_user_with_agency_and_role(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcaseworker",
            "first_name": "New",
            "last_name": "Worker",
            "email": "new@example.org",
            "agency": administrator.agency.pk,
            "role": Role.CASEWORKER,
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="newcaseworker")
    assert created.role == Role.CASEWORKER
    assert created.check_password("a-long-and-unusual-passphrase")


def test_the_admin_refuses_a_weak_password(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "weak",
            "agency": administrator.agency.pk,
            "role": Role.CASEWORKER,
            "password1": "password",
            "password2": "password",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()


def test_signing_out_of_the_admin_is_the_service_sign_out(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("admin:logout"))
    assert response["Location"] == reverse("signed-out")
    assert "_auth_user_id" not in client.session


def test_an_administrator_cannot_change_their_own_role(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[administrator.pk])
    form = client.get(url).content.decode()
    assert 'name="role"' not in form
    client.post(
        url,
        {
            "username": "admin",
            "role": Role.AUDITOR,
            "agency": administrator.agency.pk,
            "is_active": "on",
        },
    )
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR


def test_another_administrators_role_can_be_changed(client, administrator, make_user):
    other = make_user(Role.CASEWORKER)
    client.force_login(administrator)
    form = client.get(reverse("admin:accounts_user_change", args=[other.pk])).content.decode()
    assert 'name="role"' in form
