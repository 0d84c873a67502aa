"""Assessment definitions and answers, in plain Python.

A definition is a versioned data file (definitions/*.json): sections of
factors, the ratings a factor may take, and which ratings need evidence.
Answers are checked against the version they were made with. Presenting
behaviour and underlying needs are kept apart (F6): needs are what a support
plan must address.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"

_TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}
DEFINITION_SCHEMA = {
    "type": "object",
    "required": ["code", "version", "title", "ratings", "evidence_required_for", "sections"],
    "properties": {
        "code": {"type": "string", "pattern": "^[a-z][a-z0-9_-]*$"},
        "version": {"type": "integer", "minimum": 1},
        "title": _TEXT,
        "ratings": {
            "type": "array", "minItems": 2,
            "items": {"type": "object", "required": ["value", "label"],
                      "properties": {"value": _TEXT, "label": _TEXT}},
        },
        "evidence_required_for": {"type": "array", "items": {"type": "string"}},
        "sections": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object", "required": ["code", "title", "factors"],
                "properties": {
                    "code": _TEXT, "title": _TEXT, "description": {"type": "string"},
                    "factors": {
                        "type": "array", "minItems": 1,
                        "items": {"type": "object", "required": ["code", "title"],
                                  "properties": {"code": _TEXT, "title": _TEXT}},
                    },
                },
            },
        },
    },
}  # fmt: skip


class DefinitionError(ValueError):
    """A definition file that casetrail cannot use; the message says why."""


@dataclass(frozen=True)
class Definition:
    code: str
    version: int
    title: str
    content: dict

    @property
    def factors(self) -> dict[str, str]:
        return {
            factor["code"]: factor["title"]
            for section in self.content["sections"]
            for factor in section["factors"]
        }

    @property
    def ratings(self) -> dict[str, str]:
        return {rating["value"]: rating["label"] for rating in self.content["ratings"]}


def definition_from(content: dict, source: str = "definition") -> Definition:
    errors = sorted(Draft202012Validator(DEFINITION_SCHEMA).iter_errors(content), key=str)
    if errors:
        where = ".".join(str(part) for part in errors[0].absolute_path) or "the file"
        raise DefinitionError(f"{source}: {where}: {errors[0].message}")
    codes = [f["code"] for section in content["sections"] for f in section["factors"]]
    if len(codes) != len(set(codes)):
        raise DefinitionError(f"{source}: factor codes must be unique")
    unknown = set(content["evidence_required_for"]) - {r["value"] for r in content["ratings"]}
    if unknown:
        raise DefinitionError(f"{source}: evidence_required_for names unknown ratings {unknown}")
    return Definition(content["code"], content["version"], content["title"], content)


def definitions_in_files(directory: Path = DEFINITIONS_DIR) -> list[Definition]:
    return [
        definition_from(json.loads(path.read_text()), path.name)
        for path in sorted(directory.glob("*.json"))
    ]


def answers_problems(definition: Definition, answers: dict) -> list[tuple[str, str]]:
    """(field, message) for each thing wrong with answers to this definition's version."""
    problems: list[tuple[str, str]] = []
    given = answers.get("factors", {})
    for code in sorted(set(given) - set(definition.factors)):
        problems.append((f"factors.{code}", f"is not a factor of version {definition.version}"))
    for code, title in definition.factors.items():
        problems += _factor_problems(definition, code, title, given.get(code))
    problems += _needs_problems(definition, answers.get("needs", []))
    behaviours = answers.get("presenting_behaviour", [])
    if not isinstance(behaviours, list) or not all(
        isinstance(text, str) and text.strip() for text in behaviours
    ):
        problems.append(("presenting_behaviour", "Describe each presenting behaviour in words"))
    return problems


def _factor_problems(definition: Definition, code: str, title: str, answer) -> list:
    field = f"factors.{code}"
    if not isinstance(answer, dict) or answer.get("rating") not in definition.ratings:
        return [(field, f"Rate “{title}”")]
    evidence = answer.get("evidence", "")
    if answer["rating"] in definition.content["evidence_required_for"] and not (
        isinstance(evidence, str) and evidence.strip()
    ):
        return [
            (
                field,
                f"Give the evidence for rating “{title}” as "
                f"{definition.ratings[answer['rating']].lower()}",
            )
        ]
    return []


def _needs_problems(definition: Definition, needs) -> list[tuple[str, str]]:
    if not isinstance(needs, list):
        return [("needs", "Needs must be a list")]
    problems, seen = [], set()
    for index, need in enumerate(needs):
        field = f"needs.{index}"
        if not isinstance(need, dict) or not str(need.get("label", "")).strip():
            problems.append((field, "Describe each underlying need in words"))
            continue
        code = need.get("code", "")
        if not code or code in seen:
            problems.append((field, "Each need needs its own code"))
        seen.add(code)
        unknown = set(need.get("factors", [])) - set(definition.factors)
        if unknown:
            problems.append(
                (
                    field,
                    f"names factors not in version {definition.version}: "
                    f"{', '.join(sorted(unknown))}",
                )
            )
    return problems
