"""The OpenAPI schema: drf-spectacular's, with the problem responses and Idempotency-Key that
every operation shares added by a post-processing hook (they are the API's, not each view's)."""

from typing import Any

from api.problems import PROBLEM_CONTENT_TYPE

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Messages by field (nested fields joined with dots).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}

COMMON_PROBLEMS = {
    "400": "Malformed or invalid request",
    "401": "No or bad credentials",
    "403": "Not allowed for your role",
    "404": "Not found",
    "405": "Method not allowed",
    "406": "Not acceptable",
    "415": "Unsupported media type",
    "429": "Rate limited (see Retry-After)",
}
# Of every write (POST, PATCH, DELETE).
POST_PROBLEMS = {
    "409": "Conflicts with the current state, or an Idempotency-Key reused",
    "422": "Refused for its content",
}

IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Any unique string (e.g. a UUID). Sending the same key and body again returns the "
        "first response; the same key with a different body is a 409."
    ),
    "schema": {"type": "string", "maxLength": 255},
}


def add_problems(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            problems = dict(COMMON_PROBLEMS)
            if method in ("post", "put", "patch", "delete"):
                problems.update(POST_PROBLEMS)
            if method == "post":
                operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
            responses = operation.setdefault("responses", {})
            for code, text in problems.items():
                responses.setdefault(code, {"description": text, "content": ref})
    return result
