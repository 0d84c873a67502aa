"""The OpenAPI document itself: version 3.1, every status documented, no two shapes confused."""

from __future__ import annotations

import inspect

from pydantic import BaseModel

from casetrail.api import case_schemas, referrals, schemas, step_schemas


def test_the_document_is_openapi_3_1(client, db):
    assert client.get("/api/v1/openapi.json").json()["openapi"].startswith("3.1")


def test_every_operation_documents_401_and_its_errors_as_problem_details(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operations = [op for ops in paths.values() for op in ops.values()]
    assert len(operations) >= 30
    for operation in operations:
        assert "401" in operation["responses"], operation["operationId"]
        for status, response in operation["responses"].items():
            assert response["description"]
            if int(status) >= 400:
                assert list(response["content"]) == ["application/problem+json"]


def test_every_step_documents_409_with_its_unmet_conditions(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    steps = [ops["post"] for path, ops in paths.items() if "/steps/" in path]
    assert len(steps) >= 20
    for operation in steps:
        conflict = operation["responses"]["409"]["content"]["application/problem+json"]
        assert conflict["schema"]["$ref"].endswith("/ConflictProblem")


def test_no_two_shapes_share_a_name_so_none_replaces_another_in_the_schema():
    names = [
        model.__name__
        for module in (schemas, case_schemas, step_schemas, referrals)
        for _, model in inspect.getmembers(module, inspect.isclass)
        if issubclass(model, BaseModel) and model.__module__ == module.__name__
    ]
    assert len(names) == len(set(names)), sorted(names)
