"""The agencies-and-roles page: for those who oversee the work, in a fixed number of queries."""

import pytest
from django.urls import reverse

from casetrail.accounts.models import Agency
from casetrail.accounts.roles import AgencyKind, Role

ALLOWED = [Role.SUPERVISOR, Role.AUDITOR, Role.PANEL_CHAIR, Role.ADMINISTRATOR]
REFUSED = [role for role in Role if role not in ALLOWED]


@pytest.mark.parametrize("role", ALLOWED)
def test_it_lists_agencies_users_and_roles(client, make_user, role):
    school = Agency.objects.create(name="Riverside Academy", kind=AgencyKind.EDUCATION)
    make_user(Role.REFERRER, agency=school, username="teacher")
    client.force_login(make_user(role))
    page = client.get(reverse("directory")).content.decode()
    assert "Riverside Academy" in page
    assert "Teacher" in page
    assert "Referrer" in page


@pytest.mark.parametrize("role", REFUSED)
def test_it_is_forbidden_to_other_roles(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get(reverse("directory"))
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()


@pytest.mark.parametrize("role", REFUSED)
def test_the_navigation_hides_what_a_role_may_not_open(client, make_user, role):
    client.force_login(make_user(role))
    page = client.get(reverse("home")).content.decode()
    assert reverse("directory") not in page
    assert reverse("admin:index") not in page


def test_deactivated_users_are_not_listed(client, make_user):
    gone = make_user(Role.CASEWORKER, username="departed")
    gone.is_active = False
    gone.save()
    client.force_login(make_user(Role.SUPERVISOR))
    assert "Departed" not in client.get(reverse("directory")).content.decode()


def test_its_query_count_does_not_grow_with_users(client, make_user, django_assert_max_num_queries):
    viewer = make_user(Role.SUPERVISOR)
    client.force_login(viewer)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("directory"))
    for number in range(30):
        agency = Agency.objects.create(name=f"Agency {number}", kind=AgencyKind.OTHER)
        make_user(Role.PANEL_MEMBER, agency=agency)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("directory"))
