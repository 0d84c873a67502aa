"""The shipped definition files, and answers checked against the version they were made with."""

import pytest

from casetrail.assessments.definition import (
    DefinitionError,
    answers_problems,
    definition_from,
    definitions_in_files,
)

V1, V2 = sorted(definitions_in_files(), key=lambda definition: definition.version)


def complete(definition, rating="not_present", evidence=""):
    return {
        "factors": {code: {"rating": rating, "evidence": evidence} for code in definition.factors},
        "presenting_behaviour": ["Shared extremist videos with classmates"],
        "needs": [{"code": "N1", "label": "Isolated since moving school", "factors": []}],
    }


def test_version_1_is_the_22_factor_framework():
    sections = {section["code"]: len(section["factors"]) for section in V1.content["sections"]}
    assert sections == {"engagement": 13, "intent": 6, "capability": 3}
    assert (V1.code, V1.version, V2.code, V2.version) == ("vaf", 1, "vaf", 2)
    assert len(V2.factors) < len(V1.factors)


def test_complete_answers_pass():
    assert answers_problems(V1, complete(V1)) == []


def test_every_factor_must_be_rated():
    answers = complete(V1)
    del answers["factors"]["I3"]
    assert answers_problems(V1, answers) == [("factors.I3", "Rate “Dehumanisation of the enemy”")]


def test_a_present_factor_needs_evidence():
    answers = complete(V1)
    answers["factors"]["E1"] = {"rating": "present", "evidence": "  "}
    assert answers_problems(V1, answers) == [
        (
            "factors.E1",
            "Give the evidence for rating “Feelings of grievance and injustice” as present",
        )
    ]


def test_answers_made_for_another_version_are_refused():
    problems = answers_problems(V2, complete(V1))
    assert ("factors.E1", "is not a factor of version 2") in problems
    assert ("factors.E-GRIEVANCE", "Rate “Grievance, threat or injustice felt”") in problems


def test_needs_are_named_in_words_and_link_to_real_factors():
    answers = complete(V1)
    answers["needs"] = [
        {"code": "N1", "label": " ", "factors": []},
        {"code": "N2", "label": "Wants to belong", "factors": ["E3", "Z9"]},
        {"code": "N2", "label": "Same code again", "factors": []},
    ]
    assert answers_problems(V1, answers) == [
        ("needs.0", "Describe each underlying need in words"),
        ("needs.1", "names factors not in version 1: Z9"),
        ("needs.2", "Each need needs its own code"),
    ]


def test_presenting_behaviour_is_kept_apart_as_words():
    answers = complete(V1)
    answers["presenting_behaviour"] = [""]
    assert answers_problems(V1, answers) == [
        ("presenting_behaviour", "Describe each presenting behaviour in words")
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("ratings"), "'ratings' is a required property"),
        (
            lambda d: d["sections"][0]["factors"].append({"code": "E1", "title": "Again"}),
            "factor codes must be unique",
        ),
        (lambda d: d.update(evidence_required_for=["maybe"]), "unknown ratings"),
    ],
)
def test_a_broken_definition_file_is_refused(change, message):
    import copy

    content = copy.deepcopy(V1.content)
    change(content)
    with pytest.raises(DefinitionError, match=message):
        definition_from(content, "vaf-v9.json")
