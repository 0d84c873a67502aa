"""People in the API: who a person may already be (F1). Matching suggests; it never writes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router

from casetrail.api.problems import FieldProblem, Unprocessable
from casetrail.api.responses import documented
from casetrail.api.schemas import MatchQuery, MatchResult
from casetrail.people.blocking import blocking_keys
from casetrail.people.cases import people_cases
from casetrail.people.features import Features, PersonDetails, features_of
from casetrail.people.scoring import Evidence
from casetrail.people.selectors import Candidate, person_candidates

router = Router(tags=["people"])

NOTHING_TO_MATCH = "Give a name or a date of birth: matching needs at least one"
TOO_LITTLE = (
    "Too little to match on: give a given name and a surname, or a date of birth with a name "
    "(an initial will do) or a postcode"
)
UNREADABLE_DATE = "Enter the date of birth as 2007-03-27 or 27/03/2007"


@router.post(
    "/match",
    operation_id="people_match",
    summary="Find the people a person may already be",
    description=(
        "The people casetrail holds who are most likely this person, best first, each with "
        "the evidence field by field. A suggestion only: a person decides. Caseworkers and "
        "supervisors may ask. Nothing is written."
    ),
    **documented(
        200,
        MatchResult,
        "The candidates, the most likely first; none is an answer too",
        400,
        403,
        422,
    ),
)
def people_match(request: HttpRequest, query: MatchQuery) -> dict:
    if not request.user.has_perm("people.match"):
        raise PermissionDenied("You may not match people: caseworkers and supervisors may")
    details = query.details()
    features = features_of(details)
    problems = query_problems(details, features)
    if problems:
        raise Unprocessable(problems)
    candidates = person_candidates(features, at_least=query.at_least, most=query.limit)
    return {"candidates": candidates_rendered(candidates)}


def query_problems(details: PersonDetails, features: Features) -> list[FieldProblem]:
    """What stops a match: nothing to look people up by. A typed date that cannot be read
    counts as none; a date of birth alone, or one name alone, is too little."""
    unreadable = bool(details.birth_date.strip()) and not features.birth
    if blocking_keys(features):
        return []
    if unreadable:
        return [FieldProblem("birth_date", UNREADABLE_DATE)]
    if not (features.givens or features.surnames or features.birth):
        return [
            FieldProblem("given_name", NOTHING_TO_MATCH),
            FieldProblem("birth_date", NOTHING_TO_MATCH),
        ]
    return [FieldProblem(name, TOO_LITTLE) for name in ("given_name", "surname", "birth_date")]


def candidates_rendered(candidates: list[Candidate]) -> list[dict]:
    cases = people_cases(candidate.person.pk for candidate in candidates)
    return [
        {
            "person_id": item.person.pk,
            "name": item.person.name,
            "birth_date": item.person.birth_date_typed,
            "probability": round(item.match.probability, 4),
            "weight": round(item.match.weight, 2),
            "evidence": [_evidence_rendered(part) for part in item.match.evidence],
            "cases": [
                {
                    "reference": case.reference,
                    "stage": case.stage,
                    "opened_on": case.opened_on,
                    "story": case.story,
                }
                for case in cases.get(item.person.pk, [])
            ],
        }
        for item in candidates
    ]


def _evidence_rendered(part: Evidence) -> dict:
    return {
        "field": part.field,
        "level": part.label if part.level is not None else None,
        "weight": round(part.weight, 2),
        "verdict": part.verdict,
    }
