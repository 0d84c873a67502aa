"""Recording a vulnerability assessment on the form version in force (F5, F6)."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.db import transaction

from casetrail.accounts.models import User
from casetrail.assessments.definition import answers_problems
from casetrail.assessments.loading import definition_in_force
from casetrail.chronology.models import Event
from casetrail.workflow.operations.common import ASSESSMENT_FORM, case_for_step, not_future
from casetrail.workflow.record import NewEvent, RecordError, case_events_append
from casetrail.workflow.stages import Step


class AnswersInvalid(RecordError):
    """Answers that do not fit their form; `problems` lists every (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__(problems[0][0], problems[0][1])


def needs_coded(needs: list[dict], known: dict[str, str]) -> list[dict]:
    """Give each new need the case's next code; a need carried forward keeps its own.

    Codes name a need for the whole case, so a plan made against one
    assessment still addresses the same need after a re-assessment.
    """
    numbers = [int(code[1:]) for code in known if re.fullmatch(r"N\d+", code)]
    next_number = max(numbers, default=0) + 1
    coded = []
    for need in needs:
        code = need.get("code") or ""
        if code and code not in known:
            raise RecordError("needs", f"{code} is not a need this case has recorded")
        if not code:
            code, next_number = f"N{next_number}", next_number + 1
        coded.append({**need, "code": code})
    return coded


@transaction.atomic
def assessment_record(
    *, case_id: int, by: User, answers: dict, assessed_on: date, now: datetime
) -> Event:
    case = case_for_step(
        case_id=case_id, step=Step.RECORD_ASSESSMENT, by=by, permission="workflow.manage_support"
    )
    occurred_at = not_future(assessed_on, "assessed_on", now)
    definition = definition_in_force(ASSESSMENT_FORM)
    known = case.detail.get("needs_known", {})
    answers = {**answers, "needs": needs_coded(answers.get("needs", []), known)}
    problems = answers_problems(definition, answers)
    if problems:
        raise AnswersInvalid(problems)
    payload = {
        "key": f"A{case.detail.get('assessments', 0) + 1}",
        "definition": definition.code,
        "version": definition.version,
        "answers": answers,
    }
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("AssessmentRecorded", payload, occurred_at)], now=now
    )
    return event
