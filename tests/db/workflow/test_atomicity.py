"""A refused operation writes nothing: no event, and the case's state exactly as it was."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.accounts.models import Agency
from casetrail.accounts.roles import AgencyKind, Role
from casetrail.chronology.models import Event
from casetrail.workflow import decisions
from casetrail.workflow.models import Case
from casetrail.workflow.operations.assessment import AnswersInvalid, assessment_record
from casetrail.workflow.operations.common import GuardRefused
from casetrail.workflow.operations.consultation import (
    consultation_answer,
    consultation_request,
    referrer_consultation_waive,
)
from casetrail.workflow.operations.exit import case_close, case_exit, review_record
from casetrail.workflow.operations.notes import note_record
from casetrail.workflow.operations.panel import consent_record, exit_decide, panel_hold
from casetrail.workflow.operations.referral import (
    case_reopen,
    referral_receive,
    screening_decide,
    screening_start,
)
from casetrail.workflow.operations.support import (
    gap_explain,
    intervention_plan,
    session_record,
    session_risk_assess,
    support_start,
)
from casetrail.workflow.record import RecordError
from casetrail.workflow.scenarios import sample_answers, sample_referral
from casetrail.workflow.stages import StepRefused
from tests.db.workflow.conftest import LONG_AGO, NOW
from tests.db.workflow.helpers import RECENT, TODAY, WHY, event_types


@pytest.fixture
def people(cast, supervisor, make_user):
    elsewhere = Agency.objects.create(name="Other Mentors", kind=AgencyKind.INTERVENTION_PROVIDER)
    return SimpleNamespace(
        referrer=cast.referrer,
        caseworker=cast.caseworker,
        chair=cast.chair,
        provider=cast.provider,
        supervisor=supervisor,
        panel_member=make_user(Role.PANEL_MEMBER),
        auditor=make_user(Role.AUDITOR),
        other_provider=make_user(Role.INTERVENTION_PROVIDER, agency=elsewhere),
    )


def adopt(case, by, p, options=(decisions.SCREENING["not_adopt"],), rationale=WHY):
    screening_decide(
        case_id=case.pk, by=by, outcome="adopt", options=list(options), rationale=rationale, now=NOW
    )


def exit_now(case, by, p, override_rationale=None, owners=None):
    owners = owners or {6: p.caseworker, 12: p.caseworker}
    case_exit(
        case_id=case.pk,
        by=by,
        review_owners=owners,
        override_rationale=override_rationale,
        now=NOW,
    )


def record_session(case, by, p, session="I1-1", held_on=TODAY):
    session_record(
        case_id=case.pk, by=by, session=session, outcome="delivered", held_on=held_on, now=NOW
    )


def consent(case, by, p, given_by="parent_or_guardian"):
    consent_record(case_id=case.pk, by=by, outcome="given", given_by=given_by, name="Sam", now=NOW)


def plan(case, by, p, needs=("N1", "N2")):
    intervention_plan(
        case_id=case.pk,
        by=by,
        title="Mentoring",
        provider=p.provider.agency,
        owner=p.provider,
        needs=list(needs),
        session_dates=[TODAY],
        now=NOW,
    )


def assess(case, by, p, answers=None):
    answers = answers if answers is not None else sample_answers()
    assessment_record(case_id=case.pk, by=by, answers=answers, assessed_on=TODAY, now=NOW)


def hold_panel(case, by, p, met_on=TODAY):
    panel_hold(
        case_id=case.pk,
        by=by,
        met_on=met_on,
        agencies=["Police"],
        decisions_taken="Mentor",
        now=NOW,
    )


def answer(case, by, p, key="C1"):
    consultation_answer(case_id=case.pk, by=by, key=key, answer="Settled at school.", now=NOW)


def close(case, by, p):
    case_close(case_id=case.pk, by=by, rationale=WHY, now=NOW)


def review(case, by, p):
    review_record(
        case_id=case.pk,
        by=by,
        months=6,
        reopen=False,
        options=[decisions.REVIEW["reopen"]],
        rationale=WHY,
        reviewed_on=TODAY,
        now=NOW,
    )


# Every operation on a case, with arguments that would do at the step named.
OPERATIONS = {
    "screening_start": ("receive", lambda case, by, p: screening_start(
        case_id=case.pk, by=by, now=NOW
    )),
    "screening_decide": ("screen", adopt),
    "consultation_request": ("screen", lambda case, by, p: consultation_request(
        case_id=case.pk, by=by, question="Any news?", due_on=TODAY, to="School nurse", now=NOW
    )),
    "consultation_answer": ("adopt", answer),
    "referrer_consultation_waive": ("panel", lambda case, by, p: referrer_consultation_waive(
        case_id=case.pk, by=by, rationale=WHY, now=NOW
    )),
    "assessment_record": ("adopt", assess),
    "panel_hold": ("assess", hold_panel),
    "consent_record": ("panel", consent),
    "intervention_plan": ("consent", plan),
    "support_start": ("plan", lambda case, by, p: support_start(case_id=case.pk, by=by, now=NOW)),
    "session_risk_assess": ("support", lambda case, by, p: session_risk_assess(
        case_id=case.pk, by=by, session="I1-1", summary="No known risks", now=NOW
    )),
    "session_record": ("risk_1", record_session),
    "gap_explain": ("support", lambda case, by, p: gap_explain(
        case_id=case.pk, by=by, subject="session", key="I1-1", rationale=WHY, now=NOW
    )),
    "exit_decide": ("session_2", lambda case, by, p: exit_decide(
        case_id=case.pk, by=by, options=[decisions.EXIT["continue"]], rationale=WHY, now=NOW
    )),
    "case_exit": ("decide_exit", exit_now),
    "review_record": ("exit", review),
    "case_close": ("review_12", close),
    "case_reopen": ("close", lambda case, by, p: case_reopen(
        case_id=case.pk, by=by, rationale=WHY, now=NOW
    )),
    "note_record": ("support", lambda case, by, p: note_record(
        case_id=case.pk, by=by, summary="Phoned the school", now=NOW
    )),
}  # fmt: skip

# (step the case is at, when its journey began, who acts, what they try, what refuses it)
REFUSALS = {
    "exit_from_screening": ("screen", RECENT, "caseworker", exit_now, StepRefused),
    "adopt_twice": ("adopt", RECENT, "caseworker", adopt, StepRefused),
    "session_before_support": ("plan", RECENT, "provider", record_session, StepRefused),
    "referrer_adopts": ("screen", RECENT, "referrer", adopt, PermissionDenied),
    "panel_member_exits": ("decide_exit", RECENT, "panel_member", exit_now, PermissionDenied),
    "provider_not_involved": ("risk_1", RECENT, "other_provider", record_session, PermissionDenied),
    "token_rationale": (
        "screen", RECENT, "caseworker",
        lambda case, by, p: adopt(case, by, p, rationale="agreed"), RecordError,
    ),
    "one_option": (
        "screen", RECENT, "caseworker",
        lambda case, by, p: adopt(case, by, p, options=[]), RecordError,
    ),
    "future_panel": (
        "assess", RECENT, "chair",
        lambda case, by, p: hold_panel(case, by, p, met_on=TODAY + timedelta(days=1)), RecordError,
    ),
    "child_consents": (
        "panel", RECENT, "caseworker",
        lambda case, by, p: consent(case, by, p, "person"), RecordError,
    ),
    "unknown_need": (
        "consent", RECENT, "caseworker",
        lambda case, by, p: plan(case, by, p, ["N8"]), RecordError,
    ),
    "unknown_session": (
        "support", RECENT, "provider",
        lambda case, by, p: record_session(case, by, p, session="I4-1"), RecordError,
    ),
    "invalid_answers": (
        "adopt", RECENT, "caseworker",
        lambda case, by, p: assess(case, by, p, answers={"factors": {}}), AnswersInvalid,
    ),
    "answer_twice": ("answer", RECENT, "referrer", answer, RecordError),
    "exit_guard": ("session_2", RECENT, "caseworker", exit_now, GuardRefused),
    "support_guard": (
        "consent", RECENT, "caseworker",
        lambda case, by, p: support_start(case_id=case.pk, by=by, now=NOW), GuardRefused,
    ),
    "caseworker_overrides": (
        "session_2", RECENT, "caseworker",
        lambda case, by, p: exit_now(case, by, p, override_rationale=WHY), GuardRefused,
    ),
    "token_override": (
        "session_2", RECENT, "supervisor",
        lambda case, by, p: exit_now(case, by, p, override_rationale="ok"), RecordError,
    ),
    "override_with_bad_owner": (
        "session_2", RECENT, "supervisor",
        lambda case, by, p: exit_now(
            case, by, p, override_rationale=WHY, owners={6: p.caseworker, 12: p.provider}
        ),
        RecordError,
    ),
    "close_before_reviews": ("exit", LONG_AGO, "caseworker", close, GuardRefused),
}  # fmt: skip


def assert_unchanged(case: Case, events: int) -> None:
    after = Case.objects.get(pk=case.pk)
    assert after.head_position == case.head_position
    assert Event.objects.filter(case=case).count() == events
    assert after.state == case.state


@pytest.mark.parametrize("name", REFUSALS)
def test_a_refused_operation_writes_nothing(case_at, people, name):
    upto, start, actor, attempt, error = REFUSALS[name]
    case = case_at(upto, start=start)
    events = Event.objects.filter(case=case).count()
    with pytest.raises(error):
        attempt(case, getattr(people, actor), people)
    assert_unchanged(case, events)


@pytest.mark.parametrize("name", OPERATIONS)
def test_the_auditor_may_do_nothing(case_at, people, name):
    upto, operation = OPERATIONS[name]
    case = case_at(upto)
    events = Event.objects.filter(case=case).count()
    with pytest.raises(PermissionDenied):
        operation(case, people.auditor, people)
    assert_unchanged(case, events)


@pytest.mark.parametrize("name", OPERATIONS)
def test_each_operation_goes_ahead_for_those_it_is_for(case_at, people, name):
    """The counterpart of the refusals: the arguments above are good ones."""
    upto, operation = OPERATIONS[name]
    case = case_at(upto, start=LONG_AGO if upto in ("exit", "review_12", "close") else RECENT)
    actor = {
        "panel_hold": people.chair,
        "exit_decide": people.chair,
        "consultation_answer": people.referrer,
    }.get(name, people.supervisor)
    operation(case, actor, people)
    assert Case.objects.get(pk=case.pk).head_position > case.head_position


def test_the_auditor_may_not_refer(people):
    with pytest.raises(PermissionDenied):
        referral_receive(by=people.auditor, referral=sample_referral(people.auditor), now=NOW)
    assert not Case.objects.exists()


def test_a_refused_delivery_writes_only_the_refusal(case_at, people):
    case = case_at("support", start=RECENT)
    with pytest.raises(GuardRefused):
        record_session(case, people.provider, people)
    after = Case.objects.get(pk=case.pk)
    assert after.head_position == case.head_position + 1
    assert event_types(case)[-1] == "SessionDeliveryRefused"
    assert after.detail["sessions"] == case.detail["sessions"]
    assert (after.stage, after.sessions_delivered) == (case.stage, 0)
