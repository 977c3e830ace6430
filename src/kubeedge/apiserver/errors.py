"""Kubernetes API errors, and their wire form: the ``metav1.Status`` object.

Every failure a client can see is a :class:`StatusError` carrying the HTTP code, the Kubernetes
``reason`` and, for validation failures, a list of :class:`FieldError` causes. Pure cores (patch,
validation, selectors) raise these directly so that the HTTP layer has one translation to do:
``error.to_status()``. Messages follow the wording of kube-apiserver where clients or users
match on it (``Pod "x" is invalid: spec.containers: Required value``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from kubeedge.errors import KedgeError

__all__ = [
    "FieldError",
    "FieldErrorType",
    "StatusError",
    "format_value",
]


class FieldErrorType(enum.StrEnum):
    """``field.ErrorType`` of apimachinery: the reason of one validation cause."""

    NOT_FOUND = "FieldValueNotFound"
    REQUIRED = "FieldValueRequired"
    DUPLICATE = "FieldValueDuplicate"
    INVALID = "FieldValueInvalid"
    NOT_SUPPORTED = "FieldValueNotSupported"
    FORBIDDEN = "FieldValueForbidden"
    TOO_LONG = "FieldValueTooLong"
    TOO_MANY = "FieldValueTooMany"
    INTERNAL = "InternalError"
    TYPE_INVALID = "FieldValueTypeInvalid"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    FieldErrorType.NOT_FOUND: "Not found",
    FieldErrorType.REQUIRED: "Required value",
    FieldErrorType.DUPLICATE: "Duplicate value",
    FieldErrorType.INVALID: "Invalid value",
    FieldErrorType.NOT_SUPPORTED: "Unsupported value",
    FieldErrorType.FORBIDDEN: "Forbidden",
    FieldErrorType.TOO_LONG: "Too long",
    FieldErrorType.TOO_MANY: "Too many",
    FieldErrorType.INTERNAL: "Internal error",
    FieldErrorType.TYPE_INVALID: "Invalid value",
}

# Types whose message shows the offending value, as apimachinery's ErrorBody does.
_SHOWS_VALUE = {
    FieldErrorType.INVALID,
    FieldErrorType.NOT_SUPPORTED,
    FieldErrorType.DUPLICATE,
    FieldErrorType.TYPE_INVALID,
    FieldErrorType.NOT_FOUND,
}

_OMIT = object()


def format_value(value: Any) -> str:
    """Render a value the way Go's ``%#v``/``%q`` does in apimachinery field errors."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{format_value(k)}: {format_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


@dataclass(frozen=True, slots=True)
class FieldError:
    """One validation failure at a field path such as ``spec.containers[0].name``."""

    type: FieldErrorType
    field: str
    value: Any = _OMIT
    detail: str = ""

    def body(self) -> str:
        """The cause message without the field path (``Invalid value: "X": detail``)."""
        text = self.type.label
        if self.type in _SHOWS_VALUE and self.value is not _OMIT:
            text += ": " + format_value(self.value)
        if self.detail:
            text += ": " + self.detail
        return text

    def __str__(self) -> str:
        return f"{self.field}: {self.body()}" if self.field else self.body()

    def to_cause(self) -> dict[str, str]:
        return {"reason": str(self.type), "message": self.body(), "field": self.field}

    # Constructors named after apimachinery's field.Required, field.Invalid...
    @classmethod
    def required(cls, path: str, detail: str = "") -> FieldError:
        return cls(FieldErrorType.REQUIRED, path, detail=detail)

    @classmethod
    def invalid(cls, path: str, value: Any, detail: str = "") -> FieldError:
        return cls(FieldErrorType.INVALID, path, value, detail)

    @classmethod
    def not_supported(cls, path: str, value: Any, supported: list[str]) -> FieldError:
        detail = "supported values: " + ", ".join(format_value(s) for s in supported) if supported else ""
        return cls(FieldErrorType.NOT_SUPPORTED, path, value, detail)

    @classmethod
    def duplicate(cls, path: str, value: Any) -> FieldError:
        return cls(FieldErrorType.DUPLICATE, path, value)

    @classmethod
    def forbidden(cls, path: str, detail: str) -> FieldError:
        return cls(FieldErrorType.FORBIDDEN, path, detail=detail)

    @classmethod
    def too_long(cls, path: str, value: Any, limit: int) -> FieldError:
        return cls(FieldErrorType.TOO_LONG, path, detail=f"may not be more than {limit} bytes")

    @classmethod
    def type_invalid(cls, path: str, value: Any, detail: str) -> FieldError:
        return cls(FieldErrorType.TYPE_INVALID, path, value, detail)

    @classmethod
    def not_found(cls, path: str, value: Any) -> FieldError:
        return cls(FieldErrorType.NOT_FOUND, path, value)


@dataclass(eq=False)
class StatusError(KedgeError):
    """An API failure: becomes a ``Status`` object with this code and reason."""

    code: int
    reason: str
    message: str
    details: dict[str, Any] | None = None
    causes: list[FieldError] = field(default_factory=list)
    retry_after_seconds: int | None = None

    def __post_init__(self) -> None:
        KedgeError.__init__(self, self.message)

    def __str__(self) -> str:
        return self.message

    def to_status(self) -> dict[str, Any]:
        status: dict[str, Any] = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        details = dict(self.details or {})
        if self.causes:
            details["causes"] = [c.to_cause() for c in self.causes]
        if self.retry_after_seconds is not None:
            details["retryAfterSeconds"] = self.retry_after_seconds
        if details:
            status["details"] = details
        return status

    # --- constructors, named after apimachinery's errors.New* -------------------------------

    @classmethod
    def bad_request(cls, message: str) -> StatusError:
        return cls(400, "BadRequest", message)

    @classmethod
    def unauthorized(cls, message: str = "Unauthorized") -> StatusError:
        return cls(401, "Unauthorized", message)

    @classmethod
    def forbidden(
        cls, user: str, verb: str, resource: str, group: str, name: str = "", reason: str = ""
    ) -> StatusError:
        scope = f'resource "{resource}" in API group "{group}"'
        target = f'{resource} "{name}"' if name else resource
        message = f'{target} is forbidden: User "{user}" cannot {verb} {scope}'
        if reason:
            message += f": {reason}"
        details: dict[str, Any] = {"kind": resource, "group": group}
        if name:
            details["name"] = name
        return cls(403, "Forbidden", message, details)

    @classmethod
    def not_found(cls, resource: str, group: str, name: str) -> StatusError:
        target = f"{resource}.{group}" if group else resource
        return cls(404, "NotFound", f'{target} "{name}" not found', _details(resource, group, name))

    @classmethod
    def not_found_path(cls) -> StatusError:
        return cls(404, "NotFound", "the server could not find the requested resource", {})

    @classmethod
    def already_exists(cls, resource: str, group: str, name: str) -> StatusError:
        target = f"{resource}.{group}" if group else resource
        return cls(409, "AlreadyExists", f'{target} "{name}" already exists', _details(resource, group, name))

    @classmethod
    def conflict(cls, resource: str, group: str, name: str, detail: str) -> StatusError:
        target = f"{resource}.{group}" if group else resource
        message = f'Operation cannot be fulfilled on {target} "{name}": {detail}'
        return cls(409, "Conflict", message, _details(resource, group, name))

    @classmethod
    def invalid(cls, kind: str, group: str, name: str, causes: list[FieldError]) -> StatusError:
        target = f"{kind}.{group}" if group else kind
        summary = str(causes[0]) if len(causes) == 1 else "[" + ", ".join(str(c) for c in causes) + "]"
        message = f'{target} "{name}" is invalid: {summary}'
        details = {"name": name, "group": group, "kind": kind} if group else {"name": name, "kind": kind}
        return cls(422, "Invalid", message, details, list(causes))

    @classmethod
    def method_not_allowed(cls, message: str) -> StatusError:
        return cls(405, "MethodNotAllowed", message)

    @classmethod
    def not_acceptable(cls, message: str) -> StatusError:
        return cls(406, "NotAcceptable", message)

    @classmethod
    def unsupported_media_type(cls, content_type: str, accepted: list[str]) -> StatusError:
        message = (
            f"the body of the request was in an unknown format - accepted media types include: {', '.join(accepted)}"
            if content_type
            else "the request has no Content-Type"
        )
        return cls(415, "UnsupportedMediaType", message)

    @classmethod
    def gone(cls, message: str) -> StatusError:
        return cls(410, "Expired", message)

    @classmethod
    def request_too_large(cls, message: str) -> StatusError:
        return cls(413, "RequestEntityTooLarge", message)

    @classmethod
    def too_many_requests(cls, message: str, retry_after: int = 1) -> StatusError:
        return cls(429, "TooManyRequests", message, retry_after_seconds=retry_after)

    @classmethod
    def internal(cls, message: str) -> StatusError:
        return cls(500, "InternalError", f"Internal error occurred: {message}")

    @classmethod
    def service_unavailable(cls, message: str) -> StatusError:
        return cls(503, "ServiceUnavailable", message)

    @classmethod
    def timeout(cls, message: str) -> StatusError:
        return cls(504, "Timeout", message)


def _details(resource: str, group: str, name: str) -> dict[str, Any]:
    details: dict[str, Any] = {"name": name, "kind": resource}
    if group:
        details["group"] = group
    return details
