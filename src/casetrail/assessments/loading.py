"""Loading definition files into the database, and choosing the version in force."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from casetrail.assessments.definition import Definition, DefinitionError, definitions_in_files
from casetrail.assessments.models import AssessmentDefinition
from casetrail.chronology.chain import canonical_json, digest


@transaction.atomic
def definitions_load(*, now: datetime, files: list[Definition] | None = None) -> list[str]:
    """Store each definition version not stored yet; a newer version comes into force.

    A stored version is never changed: a file whose content differs from the
    version already loaded is refused, so answers always meet the form they were made with.
    """
    loaded = []
    for definition in definitions_in_files() if files is None else files:
        content_digest = digest(canonical_json(definition.content))
        stored = AssessmentDefinition.objects.filter(
            code=definition.code, version=definition.version
        ).first()
        if stored is not None:
            if stored.digest != content_digest:
                raise DefinitionError(
                    f"{definition.code} version {definition.version} changed after it was "
                    "loaded; publish the change as a new version"
                )
            continue
        AssessmentDefinition.objects.create(
            code=definition.code,
            version=definition.version,
            title=definition.title,
            content=definition.content,
            digest=content_digest,
            loaded_at=now,
        )
        loaded.append(f"{definition.code} v{definition.version}")
        _newest_in_force(definition.code)
    return loaded


def _newest_in_force(code: str) -> None:
    current = AssessmentDefinition.objects.filter(code=code, in_force=True).first()
    newest = AssessmentDefinition.objects.filter(code=code).order_by("-version").first()
    if newest is not None and (current is None or newest.version > current.version):
        definition_put_in_force(definition=newest)


@transaction.atomic
def definition_put_in_force(*, definition: AssessmentDefinition) -> None:
    """Make this version the only one new assessments may use."""
    AssessmentDefinition.objects.filter(code=definition.code, in_force=True).update(in_force=False)
    AssessmentDefinition.objects.filter(pk=definition.pk).update(in_force=True)


def definition_in_force(code: str) -> Definition:
    stored = AssessmentDefinition.objects.get(code=code, in_force=True)
    return Definition(stored.code, stored.version, stored.title, stored.content)


def version_in_force(code: str) -> int | None:
    """The version new assessments must use, or None before any is loaded."""
    return (
        AssessmentDefinition.objects.filter(code=code, in_force=True)
        .values_list("version", flat=True)
        .first()
    )
