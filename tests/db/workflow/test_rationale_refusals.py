"""Every decision refuses an empty or token rationale, naming the field it was given in (F7)."""

from __future__ import annotations

import json

import pytest

from casetrail.chronology.models import Event
from casetrail.workflow import decisions
from casetrail.workflow.models import Case
from casetrail.workflow.operations.consultation import referrer_consultation_waive
from casetrail.workflow.operations.exit import case_close, review_record
from casetrail.workflow.operations.panel import exit_decide
from casetrail.workflow.operations.referral import case_reopen, screening_decide
from casetrail.workflow.operations.support import gap_explain, support_start
from casetrail.workflow.record import RecordError
from tests.db.workflow.conftest import LONG_AGO, NOW
from tests.db.workflow.helpers import RECENT, WHY, exit_case

TOKENS = [
    "",
    "   ",
    "agreed",
    "As discussed.",
    "see above",
    "N/A",
    "Fine by the panel.",
    "ok ok ok ok ok ok ok",
]


def _screening(outcome):
    def decide(case, people, rationale):
        screening_decide(
            case_id=case.pk,
            by=people.caseworker,
            outcome=outcome,
            options=[decisions.SCREENING["adopt"], decisions.SCREENING["not_adopt"]],
            rationale=rationale,
            services="Early help team",
            now=NOW,
        )

    return decide


def _waive(case, people, rationale):
    referrer_consultation_waive(case_id=case.pk, by=people.chair, rationale=rationale, now=NOW)


def _exit_decide(case, people, rationale):
    options = [decisions.EXIT["continue"]]
    exit_decide(case_id=case.pk, by=people.chair, options=options, rationale=rationale, now=NOW)


def _explain(case, people, rationale):
    gap_explain(
        case_id=case.pk,
        by=people.caseworker,
        subject="need",
        key="N1",
        rationale=rationale,
        now=NOW,
    )


def _review(case, people, rationale):
    review_record(
        case_id=case.pk,
        by=people.caseworker,
        months=6,
        reopen=False,
        options=[decisions.REVIEW["reopen"]],
        rationale=rationale,
        reviewed_on=NOW.date(),
        now=NOW,
    )


def _reopen(case, people, rationale):
    case_reopen(case_id=case.pk, by=people.caseworker, rationale=rationale, now=NOW)


def _close(case, people, rationale):
    case_close(case_id=case.pk, by=people.caseworker, rationale=rationale, now=NOW)


def _override_support_start(case, people, rationale):
    support_start(case_id=case.pk, by=people.supervisor, override_rationale=rationale, now=NOW)


def _override_exit(case, people, rationale):
    exit_case(case, people.supervisor, override_rationale=rationale)


# decision: (where the case must be, when its journey began, how the decision is made,
# the field refused). Decisions guarded by a current assessment start RECENT.
DECISIONS = {
    "adopt": ("screen", RECENT, _screening("adopt"), "rationale"),
    "not_adopt": ("screen", RECENT, _screening("not_adopt"), "rationale"),
    "refer_elsewhere": ("screen", RECENT, _screening("refer_elsewhere"), "rationale"),
    "waive_referrer": ("panel", RECENT, _waive, "rationale"),
    "decide_exit": ("session_2", RECENT, _exit_decide, "rationale"),
    "explain_gap": ("plan", RECENT, _explain, "rationale"),
    "review": ("exit", LONG_AGO, _review, "rationale"),
    "reopen": ("close", LONG_AGO, _reopen, "rationale"),
    "close": ("review_12", LONG_AGO, _close, "rationale"),
    "override_support_start": ("consent", RECENT, _override_support_start, "override_rationale"),
    "override_exit": ("session_2", RECENT, _override_exit, "override_rationale"),
}


class People:
    def __init__(self, cast, supervisor):
        self.caseworker, self.chair, self.supervisor = cast.caseworker, cast.chair, supervisor


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("name", DECISIONS)
def test_a_token_rationale_is_refused(case_at, cast, supervisor, name, token):
    upto, start, decide, field = DECISIONS[name]
    case = case_at(upto, start=start)
    with pytest.raises(RecordError) as refused:
        decide(case, People(cast, supervisor), token)
    assert refused.value.field == field
    assert Case.objects.get(pk=case.pk).head_position == case.head_position


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("  ", "Enter the rationale for this decision"),
        ("See above.", "“See above.” is not a rationale: say what was weighed and what decided it"),
        ("Panel agreed to close.", "The rationale must explain the decision in at least 6 words"),
    ],
)
def test_the_refusal_says_what_a_rationale_needs(case_at, cast, supervisor, text, plain):
    case = case_at("review_12")
    with pytest.raises(RecordError) as refused:
        _close(case, People(cast, supervisor), text)
    assert refused.value.plain == plain


@pytest.mark.parametrize("name", DECISIONS)
def test_a_rationale_is_stored_without_surrounding_space(case_at, cast, supervisor, name):
    upto, start, decide, _ = DECISIONS[name]
    case = case_at(upto, start=start)
    decide(case, People(cast, supervisor), f"  {WHY}\n")
    payloads = Event.objects.filter(case=case).order_by("-position").values_list("payload")
    rationales = [
        json.loads(payload)["rationale"] for (payload,) in payloads if "rationale" in payload
    ]
    assert rationales[0] == WHY
