"""The JSONPath subset CRD printer columns use, evaluated as client-go's ``jsonpath`` does.

kube-apiserver wraps a column's ``jsonPath`` in braces, parses it with client-go's template
JSONPath and keeps missing keys quiet (``AllowMissingKeys(true)``). Supported here:

* fields ``.spec.replicas`` (backslash escapes a dot: ``.metadata.labels.app\\.kubernetes\\.io/name``),
  ``['key']`` (re-read as ``.key``, dots and all, as client-go does), ``$`` and ``@``;
* indexes and slices ``[0]``, ``[-1]``, ``[1:3]``, ``[::2]``, wildcards ``[*]`` and ``.*``;
* filters ``[?(@.type=="Ready")]`` with ``== != < > <= >=`` against a string, number, boolean
  or path, and existence filters ``[?(@.status)]``;
* recursive descent ``..name``.

Unions (``[a,b]``) are not supported; such a path raises :class:`JSONPathError` at compile time.
Evaluation errors (index out of range, filtering a non-list, comparing a number with a string)
raise :class:`JSONPathError` too: a table cell shows ``None`` for them, as kube-apiserver does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kubeedge.apiserver.tables._gofmt import go_json, go_sprint

__all__ = ["JSONPath", "JSONPathError", "compile_path", "find", "to_text"]


class JSONPathError(ValueError):
    """A path that does not parse, or an evaluation that client-go would fail."""


@dataclass(frozen=True, slots=True)
class _Field:
    name: str


@dataclass(frozen=True, slots=True)
class _Wildcard:
    pass


@dataclass(frozen=True, slots=True)
class _Recursive:
    pass


@dataclass(frozen=True, slots=True)
class _Param:
    value: int = 0
    known: bool = False
    derived: bool = False


@dataclass(frozen=True, slots=True)
class _Slice:
    start: _Param
    end: _Param
    step: _Param


@dataclass(frozen=True, slots=True)
class _Literal:
    value: Any


@dataclass(frozen=True, slots=True)
class _Filter:
    left: JSONPath
    operator: str  # "exists" or a comparison
    right: JSONPath | _Literal | None


_Step = _Field | _Wildcard | _Recursive | _Slice | _Filter


@dataclass(frozen=True, slots=True)
class JSONPath:
    """A compiled path; :func:`find` evaluates it."""

    text: str
    steps: tuple[_Step, ...]


_TERMINATORS = frozenset(" \t\r\n.,[]$@{}")
_SLICE = re.compile(r"^(-?\d*)(:-?\d*)?(:-?\d*)?$")
_DICT_KEY = re.compile(r"^'([^']*)'$")
_CONDITION = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$", re.DOTALL)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_OPERATORS = frozenset({"==", "!=", "<", ">", "<=", ">="})


def compile_path(text: str) -> JSONPath:
    """Parse the inside of a ``{...}`` JSONPath template such as ``.status.phase``.

    Raises:
        JSONPathError: for syntax client-go rejects or this subset does not support.
    """
    steps: list[_Step] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char in " \t\r\n$@":
            position += 1
        elif text.startswith("..", position):
            steps.append(_Recursive())
            position = _read_field(text, position + 2, steps)
        elif char == ".":
            position = _read_field(text, position + 1, steps)
        elif text.startswith("[?(", position):
            position = _read_filter(text, position, steps)
        elif char == "[":
            position = _read_brackets(text, position, steps)
        else:
            raise JSONPathError(f"unrecognized character in action: {char!r}")
    return JSONPath(text, tuple(steps))


def _read_field(text: str, position: int, steps: list[_Step]) -> int:
    start = position
    while position < len(text) and text[position] not in _TERMINATORS:
        # A backslash makes the next character part of the name; client-go then drops
        # every backslash from the name.
        position += 2 if text[position] == "\\" else 1
    field = text[start:position].replace("\\", "")
    if field == "*":
        steps.append(_Wildcard())
    elif field:
        steps.append(_Field(field))
    return position


def _read_brackets(text: str, position: int, steps: list[_Step]) -> int:
    end = text.find("]", position)
    if end < 0:
        raise JSONPathError("unterminated array")
    inner = text[position + 1 : end]
    if inner == "*":
        inner = ":"
    if "," in inner:
        raise JSONPathError("unions are not supported")
    key = _DICT_KEY.match(inner)
    if key:
        # client-go re-parses ['a.b'] as .a.b, so dots inside the quotes still separate fields.
        steps.extend(compile_path("." + key.group(1)).steps)
        return end + 1
    match = _SLICE.match(inner)
    if match is None:
        raise JSONPathError(f"invalid array index {inner}")
    first, second, third = match.group(1), match.group(2), match.group(3)
    start = _Param(_atoi(first), True) if first else _Param()
    if second is None:
        stop = _Param(start.value + 1, True, True)  # a bare index selects one element
    else:
        stop = _Param(_atoi(second[1:]), True) if second[1:] else _Param()
    step = _Param(_atoi(third[1:]), True) if third and third[1:] else _Param()
    steps.append(_Slice(start, stop, step))
    return end + 1


def _atoi(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise JSONPathError(f"array index {text} is not a number") from None


def _read_filter(text: str, position: int, steps: list[_Step]) -> int:
    index = position + 3
    quote = ""
    opened = closed = False
    while True:
        if index >= len(text) or text[index] == "\n":
            raise JSONPathError("unterminated filter")
        char = text[index]
        index += 1
        if char in "\"'":
            if not opened:
                opened, quote = True, char
            elif char == quote and text[index - 2] != "\\":
                closed = True
        elif char == ")" and opened == closed:
            break
    if index >= len(text) or text[index] != "]":
        raise JSONPathError("unclosed array expect ]")
    condition = text[position + 3 : index - 1]
    match = _CONDITION.match(condition)
    if match is None:
        steps.append(_Filter(compile_path(condition.strip()), "exists", None))
    else:
        operator = match.group(2)
        if operator not in _OPERATORS:
            raise JSONPathError(f"unrecognized filter operator {operator}")
        steps.append(_Filter(compile_path(match.group(1).strip()), operator, _operand(match.group(3).strip())))
    return index + 1


def _operand(text: str) -> JSONPath | _Literal:
    if len(text) >= 2 and text[0] in "\"'" and text[-1] == text[0]:
        return _Literal(text[1:-1])
    if _NUMBER.match(text):
        return _Literal(float(text) if "." in text else int(text))
    if text in ("true", "false"):
        return _Literal(text == "true")
    return compile_path(text)


def find(path: JSONPath, data: Any) -> list[Any]:
    """All values ``path`` selects in ``data`` (missing keys select nothing).

    Raises:
        JSONPathError: where client-go's evaluation returns an error.
    """
    values = [data]
    for step in path.steps:
        values = _apply(step, values)
    return values


def _apply(step: _Step, values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if value is None:
            continue  # a JSON null yields nothing, as a nil interface does in Go
        if isinstance(step, _Field):
            if isinstance(value, Mapping) and step.name in value:
                out.append(value[step.name])
        elif isinstance(step, _Wildcard):
            if isinstance(value, Mapping):
                out.extend(value.values())
        elif isinstance(step, _Recursive):
            out.extend(_descend(value))
        elif isinstance(step, _Slice):
            out.extend(_slice(step, value))
        else:
            out.extend(_filter(step, value))
    return out


def _descend(value: Any) -> list[Any]:
    children = list(value.values()) if isinstance(value, Mapping) else value if isinstance(value, list) else []
    if not children:
        return []
    found = [value]
    for child in children:
        if child is not None:
            found.extend(_descend(child))
    return found


def _slice(step: _Slice, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise JSONPathError(f"{type(value).__name__} is not array or slice")
    length = len(value)
    start = step.start.value if step.start.known else 0
    if start < 0:
        start += length
    stop = step.end.value if step.end.known else length
    if step.end.known and (stop < 0 or (stop == 0 and step.end.derived)):
        stop += length
    if stop == start:
        return []
    if start >= length or start < 0:
        raise JSONPathError(f"array index out of bounds: index {start}, length {length}")
    if stop > length or stop < 0:
        raise JSONPathError(f"array index out of bounds: index {stop - 1}, length {length}")
    if start > stop:
        raise JSONPathError(f"starting index {start} is greater than ending index {stop}")
    stride = 1
    if step.step.known:
        if step.step.value <= 0:
            raise JSONPathError("step must be > 0")
        stride = step.step.value
    return value[start:stop:stride]


def _filter(step: _Filter, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise JSONPathError(f"{type(value).__name__} is not array or slice and cannot be filtered")
    kept: list[Any] = []
    for item in value:
        if step.operator == "exists":
            try:
                exists = bool(find(step.left, item))
            except JSONPathError:
                # client-go hands back the failing step's (non-empty) input along with the
                # error, and an existence test only looks at that: the element is kept.
                exists = True
            if exists:
                kept.append(item)
            continue
        lefts = find(step.left, item)
        if not lefts:
            continue
        if len(lefts) > 1:
            raise JSONPathError("can only compare one element at a time")
        right = step.right
        rights = [right.value] if isinstance(right, _Literal) else find(right, item) if right else []
        if not rights:
            continue
        if len(rights) > 1:
            raise JSONPathError("can only compare one element at a time")
        if _compare(step.operator, lefts[0], rights[0]):
            kept.append(item)
    return kept


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    raise JSONPathError("invalid type for comparison")


def _compare(operator: str, left: Any, right: Any) -> bool:
    # text/template's eq/lt...: both sides of one basic kind, no int/float mixing.
    kind = _kind(left)
    if kind != _kind(right):
        raise JSONPathError("incompatible types for comparison")
    if operator == "==":
        return bool(left == right)
    if operator == "!=":
        return bool(left != right)
    if kind == "bool":
        raise JSONPathError("invalid type for comparison")
    if operator == "<":
        return bool(left < right)
    if operator == ">":
        return bool(left > right)
    if operator == "<=":
        return bool(left <= right)
    return bool(left >= right)


def to_text(value: Any) -> str:
    """One result as client-go's JSONPath printer writes it.

    Strings as they are, other scalars as Go's ``fmt`` prints them, maps and lists as compact
    JSON, and a JSON null as ``<no value>`` (text/template's rendering of an invalid value).
    """
    if value is None:
        return "<no value>"
    if isinstance(value, Mapping | list):
        return go_json(value)
    return go_sprint(value)
