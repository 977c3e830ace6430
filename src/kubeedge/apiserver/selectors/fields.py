"""Field selectors: the ``fieldSelector`` query parameter, per-resource field labels and values.

Three steps, each as kube-apiserver does it:

1. :func:`parse` splits ``metadata.name=x,status.phase!=Running`` the way apimachinery's
   ``fields.ParseSelector`` does: terms separated by unescaped commas, the first ``!=``, ``==``
   or ``=`` splits a term, values unescape ``\\,`` ``\\=`` ``\\\\``. No whitespace is trimmed.
2. :func:`validate_for` converts the field labels for one resource (kube's field label
   conversion funcs: ``spec.host`` becomes ``spec.nodeName`` for pods, events.k8s.io's
   ``regarding.name`` becomes ``involvedObject.name``) and rejects unknown labels with the
   message that resource's conversion func uses.
3. :func:`field_values` computes an object's selectable fields (kube's ``GetAttrs``), and
   :meth:`FieldSelector.matches` compares; a field missing from the set compares as ``""``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.selectors import _field_sets

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = [
    "FieldOperator",
    "FieldRequirement",
    "FieldSelector",
    "escape_value",
    "field_values",
    "parse",
    "validate_for",
]


class FieldOperator(enum.StrEnum):
    EQUALS = "="
    DOUBLE_EQUALS = "=="
    NOT_EQUALS = "!="


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldRequirement:
    """``field op value``; ``=`` and ``==`` mean the same."""

    field: str
    operator: FieldOperator
    value: str

    def matches(self, values: Mapping[str, str]) -> bool:
        actual = values.get(self.field, "")
        return actual != self.value if self.operator is FieldOperator.NOT_EQUALS else actual == self.value

    def __str__(self) -> str:
        symbol = "!=" if self.operator is FieldOperator.NOT_EQUALS else "="
        return f"{self.field}{symbol}{escape_value(self.value)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldSelector:
    """A conjunction of field requirements; no requirement matches everything."""

    requirements: tuple[FieldRequirement, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.requirements

    def matches(self, values: Mapping[str, str]) -> bool:
        return all(requirement.matches(values) for requirement in self.requirements)

    def requires_exact_match(self, field: str) -> str | None:
        """The value ``field`` must equal, if a ``=``/``==`` term pins it (first one wins)."""
        for requirement in self.requirements:
            if requirement.field == field and requirement.operator is not FieldOperator.NOT_EQUALS:
                return requirement.value
        return None

    def __str__(self) -> str:
        return ",".join(str(requirement) for requirement in self.requirements)


def escape_value(value: str) -> str:
    """``fields.EscapeValue``: backslash, comma and equals get a backslash."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


def _unescape(value: str) -> str:
    if not any(char in value for char in "\\,="):
        return value
    out: list[str] = []
    escaped = False
    for char in value:
        if escaped:
            if char not in "\\,=":
                raise StatusError.bad_request(f"invalid field selector: invalid escape sequence: \\{char}")
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in ",=":
            # Go formats the offending rune with %v, which prints its code point.
            raise StatusError.bad_request(f"invalid field selector: unescaped character in value: {ord(char)}")
        else:
            out.append(char)
    if escaped:
        raise StatusError.bad_request("invalid field selector: invalid escape sequence: \\")
    return "".join(out)


def _split_terms(text: str) -> list[str]:
    # Commas preceded by a backslash belong to the value; the backslash stays for _unescape.
    if not text:
        return []
    terms: list[str] = []
    start = 0
    escaped = False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            terms.append(text[start:index])
            start = index + 1
    terms.append(text[start:])
    return terms


_TERM_OPERATORS = (
    ("!=", FieldOperator.NOT_EQUALS),
    ("==", FieldOperator.DOUBLE_EQUALS),
    ("=", FieldOperator.EQUALS),
)


def _split_term(term: str) -> tuple[str, FieldOperator, str] | None:
    for index in range(len(term)):
        for symbol, operator in _TERM_OPERATORS:
            if term.startswith(symbol, index):
                return term[:index], operator, term[index + len(symbol) :]
    return None


def parse(text: str) -> FieldSelector:
    """Parse a ``fieldSelector`` string as ``fields.ParseSelector`` does.

    Raises:
        StatusError: 400 BadRequest with apimachinery's message.
    """
    requirements: list[FieldRequirement] = []
    for term in sorted(_split_terms(text)):
        if not term:
            continue
        split = _split_term(term)
        if split is None:
            raise StatusError.bad_request(f"invalid selector: '{text}'; can't understand '{term}'")
        field, operator, raw_value = split
        requirements.append(FieldRequirement(field=field, operator=operator, value=_unescape(raw_value)))
    return FieldSelector(requirements=tuple(requirements))


def validate_for(selector: FieldSelector, resource: ResourceInfo) -> FieldSelector:
    """Convert ``selector``'s field labels for ``resource``; the result is what to match with.

    Raises:
        StatusError: 400 BadRequest naming the first unsupported field label, worded as the
        resource's conversion func words it in kube-apiserver.
    """
    converted: list[FieldRequirement] = []
    for requirement in selector.requirements:
        try:
            field = _field_sets.convert_label(resource, requirement.field)
        except _field_sets.UnsupportedFieldLabel as exc:
            raise StatusError.bad_request(str(exc)) from exc
        converted.append(FieldRequirement(field=field, operator=requirement.operator, value=requirement.value))
    return FieldSelector(requirements=tuple(converted))


def field_values(obj: Mapping[str, Any], resource: ResourceInfo) -> dict[str, str]:
    """The selectable fields of ``obj`` (kube's ``GetAttrs`` field set) for ``resource``."""
    return _field_sets.values_of(obj, resource)
