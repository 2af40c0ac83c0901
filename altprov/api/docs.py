"""The API's documentation page (/api/docs/), written from the OpenAPI schema that
drf-spectacular makes (/api/schema/). A plain GOV.UK page rendered on the server: no script and
nothing from another site, so the Content Security Policy needs no exception.

Neither needs signing in: they describe the API and hold no data, and a school's MIS supplier
must be able to read them before the school gives them a token."""

from __future__ import annotations

from functools import cache

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post")


@cache
def schema() -> dict:
    return SchemaGenerator(patterns=None).get_schema(request=None, public=True)


def _ref(schema_part: dict, components: dict) -> dict:
    ref = schema_part.get("$ref")
    return components[ref.rsplit("/", 1)[1]] if ref else schema_part


def _fields(part: dict, components: dict, prefix: str = "") -> list[dict]:
    """The fields of an object schema, one line each, nested objects as "pupil.upn"."""
    part = _ref(part, components)
    rows = []
    required = set(part.get("required", []))
    for name, prop in part.get("properties", {}).items():
        item = _ref(prop.get("items", {}), components) if prop.get("type") == "array" else None
        target = _ref(prop.get("allOf", [prop])[0], components)
        kind = prop.get("type") or target.get("type") or "object"
        if prop.get("format"):
            kind = prop["format"]
        if item is not None:
            kind = f"list of {item.get('type', 'object')}"
        rows.append(
            {
                "name": prefix + name,
                "type": kind + (", or null" if prop.get("nullable") else ""),
                "required": name in required,
                "about": prop.get("description") or target.get("description", ""),
            }
        )
        if item is not None and item.get("properties"):
            rows += _fields(item, components, f"{prefix}{name}[].")
        elif target.get("properties"):
            rows += _fields(target, components, f"{prefix}{name}.")
    return rows


def operations() -> list[dict]:
    spec = schema()
    components = spec.get("components", {}).get("schemas", {})
    out = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            responses = []
            for code, response in op.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                shape = content.get("schema", {})
                if shape.get("type") == "array":
                    shape = shape.get("items", {})
                responses.append(
                    {
                        "code": code,
                        "about": response.get("description", ""),
                        "fields": _fields(shape, components) if shape else [],
                    }
                )
            out.append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": op.get("parameters", []),
                    "body": _fields(body["schema"], components) if body else [],
                    "responses": responses,
                }
            )
    return out


def docs(request):
    spec = schema()
    return render(
        request,
        "api/docs.html",
        {"info": spec["info"], "operations": operations()},
    )
