"""Receiving a referral: who may refer, and what the referral records."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.accounts.roles import Role
from casetrail.workflow.models import Case
from casetrail.workflow.operations.referral import referral_receive
from casetrail.workflow.record import RecordError
from casetrail.workflow.scenarios import sample_referral
from casetrail.workflow.stages import Stage
from tests.db.workflow.conftest import NOW
from tests.db.workflow.helpers import event_types, last_payload


def test_a_referral_opens_a_case_at_referred(cast):
    case = referral_receive(by=cast.referrer, referral=sample_referral(cast.referrer), now=NOW)
    case.refresh_from_db()
    assert (case.stage, case.reference) == (Stage.REFERRED, f"CT-{case.pk:06d}")
    assert (case.referrer_id, case.owner_id, case.opened_at) == (cast.referrer.pk, None, NOW)
    assert (case.person_name, case.person_birth_date) == ("Alex Example", date(2010, 5, 1))
    assert event_types(case) == ["ReferralReceived"]


def test_the_referrers_agency_is_recorded_with_the_referral(cast):
    case = referral_receive(by=cast.referrer, referral=sample_referral(cast.referrer), now=NOW)
    assert last_payload(case)["referrer"]["agency"] == "Riverside Academy"
    assert f"|u{cast.referrer.pk}|" in Case.objects.get(pk=case.pk).involved


@pytest.mark.parametrize(
    "role", [Role.REFERRER, Role.CASEWORKER, Role.PANEL_MEMBER, Role.SUPERVISOR]
)
def test_anyone_working_with_people_may_refer(make_user, role):
    user = make_user(role)
    case = referral_receive(by=user, referral=sample_referral(user), now=NOW)
    assert Case.objects.get(pk=case.pk).referrer_id == user.pk


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMINISTRATOR])
def test_those_who_only_oversee_or_administer_may_not_refer(make_user, role):
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        referral_receive(by=user, referral=sample_referral(user), now=NOW)
    assert not Case.objects.exists()


def test_a_deactivated_user_may_not_refer(cast):
    cast.referrer.is_active = False
    cast.referrer.save()
    with pytest.raises(PermissionDenied):
        referral_receive(by=cast.referrer, referral=sample_referral(cast.referrer), now=NOW)


def test_a_birth_date_in_the_future_is_refused(cast):
    referral = replace(sample_referral(cast.referrer), birth_date=NOW.date() + timedelta(days=1))
    with pytest.raises(RecordError) as refused:
        referral_receive(by=cast.referrer, referral=referral, now=NOW)
    assert refused.value.field == "birth_date"
    assert not Case.objects.exists()


def test_a_referral_made_about_an_earlier_day_keeps_when_it_happened(cast):
    earlier = NOW - timedelta(days=3)
    referral = sample_referral(cast.referrer)
    case = referral_receive(by=cast.referrer, referral=referral, now=NOW, occurred_at=earlier)
    case.refresh_from_db()
    assert (case.opened_at, case.last_recorded_at) == (earlier, NOW)
