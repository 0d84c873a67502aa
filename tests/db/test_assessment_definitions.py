"""Definitions are loaded at migrate, never changed once loaded, and one version is in force."""

import copy

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from casetrail.assessments.definition import Definition, DefinitionError, definitions_in_files
from casetrail.assessments.loading import (
    definition_in_force,
    definition_put_in_force,
    definitions_load,
)
from casetrail.assessments.models import AssessmentDefinition
from tests.db.chronology.conftest import NOW


def test_migrate_loads_both_versions_and_the_newest_is_in_force(db):
    versions = list(AssessmentDefinition.objects.values_list("version", "in_force"))
    assert versions == [(2, True), (1, False)]
    assert definition_in_force("vaf").version == 2


def test_loading_again_changes_nothing(db):
    assert definitions_load(now=NOW) == []
    assert AssessmentDefinition.objects.count() == 2


def test_a_changed_file_for_a_loaded_version_is_refused(db):
    [v1] = [d for d in definitions_in_files() if d.version == 1]
    content = copy.deepcopy(v1.content)
    content["sections"][0]["factors"][0]["title"] = "Grievance (reworded)"
    with pytest.raises(DefinitionError, match="vaf version 1 changed after it was loaded"):
        definitions_load(now=NOW, files=[Definition("vaf", 1, v1.title, content)])


def test_a_new_version_comes_into_force_when_loaded(db):
    [v2] = [d for d in definitions_in_files() if d.version == 2]
    v3 = copy.deepcopy(v2.content) | {"version": 3}
    assert definitions_load(now=NOW, files=[Definition("vaf", 3, v2.title, v3)]) == ["vaf v3"]
    assert definition_in_force("vaf").version == 3


def test_an_older_version_can_be_put_back_in_force(db):
    definition_put_in_force(definition=AssessmentDefinition.objects.get(version=1))
    assert definition_in_force("vaf").version == 1
    assert AssessmentDefinition.objects.filter(in_force=True).count() == 1


def test_the_database_holds_one_version_in_force(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentDefinition.objects.update(in_force=True)


def test_administrators_choose_the_version_in_force_in_the_admin(client, administrator):
    client.force_login(administrator)
    changelist = reverse("admin:assessments_assessmentdefinition_changelist")
    v1 = AssessmentDefinition.objects.get(version=1)
    response = client.post(changelist, {"action": "put_in_force", "_selected_action": [v1.pk]})
    assert response.status_code == 302
    assert definition_in_force("vaf").version == 1
    delete = reverse("admin:assessments_assessmentdefinition_delete", args=[v1.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:assessments_assessmentdefinition_add")).status_code == 403
