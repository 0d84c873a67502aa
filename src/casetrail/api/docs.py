"""The API's documentation page: the OpenAPI schema read out as a GOV.UK page, on the server.

Why not ninja's Swagger UI: ninja serves Swagger UI's files itself only when
"ninja" is an installed app; otherwise its page loads them from a CDN
(cdn.jsdelivr.net) and starts them with an inline script, and our
Content-Security-Policy rightly refuses both. These machines have no network
either. Served locally it would still be a 1.4 MB script that draws a page
which needs JavaScript and does not follow the GOV.UK patterns axe checks our
pages against. This page needs nothing but the schema, and
/api/v1/openapi.json remains for tools that want the schema itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    body: str  # the shape the body takes, named below
    responses: list[tuple[str, str, str]]  # (status, what it means, the shape answered)


class OperationsPage(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        context = {
            "api": api,
            "operations": operations_of(schema),
            "shapes": shapes_of(schema),
            "openapi_url": self.get_openapi_url(api, kwargs),
        }
        return render(request, "api/docs.html", context)


def operations_of(schema: dict) -> list[Operation]:
    return [
        Operation(
            method=method.upper(),
            path=path,
            summary=operation.get("summary", ""),
            description=operation.get("description", ""),
            body=_shape_name(operation.get("requestBody", {})),
            responses=[
                (str(status), item["description"], _shape_name(item))
                for status, item in sorted(operation["responses"].items())
            ],
        )
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


def shapes_of(schema: dict) -> list[tuple[str, list[Field]]]:
    """Every shape the schema names, with its fields: requests, answers and problems."""
    shapes = schema.get("components", {}).get("schemas", {})
    return [(name, _fields(shape)) for name, shape in shapes.items()]


def _shape_name(part: dict) -> str:
    for media in part.get("content", {}).values():
        return _kind(media.get("schema", {}))
    return ""


def _fields(shape: dict) -> list[Field]:
    required = set(shape.get("required", []))
    return [
        Field(name, _kind(field), name in required, field.get("description", ""))
        for name, field in shape.get("properties", {}).items()
    ]


def _kind(field: dict) -> str:
    """A field's type as a reader says it: "text", "list of AddressIn", "whole number from 1"."""
    if "$ref" in field:
        return field["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in field:
        return " or ".join(_kind(option) for option in field["anyOf"])
    if field.get("type") == "array":
        most = f", at most {field['maxItems']}" if "maxItems" in field else ""
        return "list of " + _kind(field.get("items", {})) + most
    words = {"string": "text", "integer": "whole number", "number": "number", "null": "null"}
    kind = words.get(field.get("type", ""), field.get("type", "any"))
    if field.get("format") == "date":
        kind = "date (YYYY-MM-DD)"
    bounds = [f"{word} {field[key]}" for key, word in (("minimum", "from"), ("maximum", "to"))
              if key in field]  # fmt: skip
    if "maxLength" in field:
        bounds.append(f"of up to {field['maxLength']} characters")
    return " ".join([kind, *bounds])
