"""Label selectors: the ``labelSelector`` query parameter and ``metav1.LabelSelector`` objects.

``parse`` accepts exactly what apimachinery's ``labels.Parse`` accepts (``a=b``, ``a==b``,
``a!=b``, ``a in (x,y)``, ``a notin (x)``, ``a``, ``!a``, ``a>1``, ``a<1``) and rejects the rest
with the same sentences, because kube-apiserver returns those sentences verbatim in its 400
responses and users read them. Both entry points compile to one immutable
:class:`LabelSelector` that storage and watch filters call ``matches`` on.

``metav1.LabelSelector`` has two special values that differ from every parsed string: an empty
object (``{}``) matches everything while an absent one (``None``) matches nothing. They map to
:meth:`LabelSelector.everything` and :meth:`LabelSelector.nothing`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.selectors import _lexer
from kubeedge.apiserver.validation.gotext import go_quote
from kubeedge.apiserver.validation.names import is_qualified_name as label_key_errors
from kubeedge.apiserver.validation.names import is_valid_label_value as label_value_errors

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "LabelSelector",
    "Operator",
    "Requirement",
    "exact_match_values",
    "from_label_selector",
    "parse",
    "selector_from_set",
]


class Operator(enum.StrEnum):
    """``selection.Operator``: the relation a requirement states between a key and its values."""

    IN = "in"
    NOT_IN = "notin"
    EQUALS = "="
    DOUBLE_EQUALS = "=="
    NOT_EQUALS = "!="
    EXISTS = "exists"
    DOES_NOT_EXIST = "!"
    GREATER_THAN = "gt"
    LESS_THAN = "lt"


_INT64 = re.compile(r"[+-]?[0-9]+")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _parse_int64(text: str) -> int | None:
    # strconv.ParseInt(s, 10, 64): optional sign and ASCII digits only, within int64.
    if not _INT64.fullmatch(text):
        return None
    value = int(text)
    return value if _INT64_MIN <= value <= _INT64_MAX else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement:
    """One clause of a selector; a selector matches when all its requirements do."""

    key: str
    operator: Operator
    values: tuple[str, ...] = ()

    def matches(self, labels: Mapping[str, str]) -> bool:
        op = self.operator
        if op in (Operator.IN, Operator.EQUALS, Operator.DOUBLE_EQUALS):
            return self.key in labels and labels[self.key] in self.values
        if op in (Operator.NOT_IN, Operator.NOT_EQUALS):
            return self.key not in labels or labels[self.key] not in self.values
        if op is Operator.EXISTS:
            return self.key in labels
        if op is Operator.DOES_NOT_EXIST:
            return self.key not in labels
        if self.key not in labels or len(self.values) != 1:
            return False
        actual = _parse_int64(labels[self.key])
        bound = _parse_int64(self.values[0])
        if actual is None or bound is None:
            return False
        return actual > bound if op is Operator.GREATER_THAN else actual < bound

    def __str__(self) -> str:
        op = self.operator
        prefix = "!" if op is Operator.DOES_NOT_EXIST else ""
        if op in (Operator.EXISTS, Operator.DOES_NOT_EXIST):
            return prefix + self.key
        symbol = {
            Operator.EQUALS: "=",
            Operator.DOUBLE_EQUALS: "==",
            Operator.NOT_EQUALS: "!=",
            Operator.IN: " in ",
            Operator.NOT_IN: " notin ",
            Operator.GREATER_THAN: ">",
            Operator.LESS_THAN: "<",
        }[op]
        # Canonical output sorts the values without changing the requirement itself.
        values = self.values[0] if len(self.values) == 1 else ",".join(sorted(self.values))
        if op in (Operator.IN, Operator.NOT_IN):
            values = f"({values})"
        return self.key + symbol + values


@dataclass(frozen=True, slots=True, kw_only=True)
class LabelSelector:
    """A compiled label selector: requirements sorted by key, or the match-nothing selector."""

    requirements: tuple[Requirement, ...] = ()
    selects_nothing: bool = False

    @classmethod
    def everything(cls) -> LabelSelector:
        return cls()

    @classmethod
    def nothing(cls) -> LabelSelector:
        return cls(selects_nothing=True)

    @property
    def is_empty(self) -> bool:
        """True when the selector does not restrict anything (``labels.Selector.Empty``)."""
        return not self.selects_nothing and not self.requirements

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        if self.selects_nothing:
            return False
        present: Mapping[str, str] = labels or {}
        return all(requirement.matches(present) for requirement in self.requirements)

    def __str__(self) -> str:
        return ",".join(str(requirement) for requirement in self.requirements)


def _go_string_slice(values: list[str] | None) -> str:
    # Go's %#v of a []string, as field.Invalid renders a slice value.
    if values is None:
        return "[]string(nil)"
    return "[]string{" + ", ".join(go_quote(v) for v in values) + "}"


def _aggregate(messages: list[str]) -> str:
    # utilerrors.Aggregate: one message as is, several deduplicated inside brackets.
    unique = list(dict.fromkeys(messages))
    return unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"


def _child(path: str | None, name: str) -> str:
    return name if path is None else f"{path}.{name}"


def _key_error(key: str, path: str) -> str | None:
    errors = label_key_errors(key)
    return f"{path}: Invalid value: {go_quote(key)}: {'; '.join(errors)}" if errors else None


def _new_requirement(key: str, operator: Operator, values: list[str] | None, *, path: str | None = None) -> Requirement:
    """``labels.NewRequirement``: build a requirement or raise with every violation found."""
    problems: list[str] = []
    key_problem = _key_error(key, _child(path, "key"))
    if key_problem:
        problems.append(key_problem)
    values_path = _child(path, "values")
    given = values or []
    invalid = f"{values_path}: Invalid value: {_go_string_slice(values)}: "
    if operator in (Operator.IN, Operator.NOT_IN):
        if not given:
            problems.append(invalid + "for 'in', 'notin' operators, values set can't be empty")
    elif operator in (Operator.EQUALS, Operator.DOUBLE_EQUALS, Operator.NOT_EQUALS):
        if len(given) != 1:
            problems.append(invalid + "exact-match compatibility requires one single value")
    elif operator in (Operator.EXISTS, Operator.DOES_NOT_EXIST):
        if given:
            problems.append(invalid + "values set must be empty for exists and does not exist")
    else:
        if len(given) != 1:
            problems.append(invalid + "for 'Gt', 'Lt' operators, exactly one value is required")
        for index, value in enumerate(given):
            if _parse_int64(value) is None:
                problems.append(
                    f"{values_path}[{index}]: Invalid value: {go_quote(value)}: "
                    "for 'Gt', 'Lt' operators, the value must be an integer"
                )
    for index, value in enumerate(given):
        errors = label_value_errors(value)
        if errors:
            problems.append(f"{values_path}[{index}][{key}]: Invalid value: {go_quote(value)}: {'; '.join(errors)}")
    if problems:
        raise _lexer.SelectorSyntaxError(_aggregate(problems))
    return Requirement(key=key, operator=operator, values=tuple(given))


def parse(text: str) -> LabelSelector:
    """Parse a ``labelSelector`` string as ``labels.Parse`` does.

    Raises:
        StatusError: 400 BadRequest with apimachinery's message for any syntax or validation error.
    """
    try:
        requirements = _Parser(text).parse()
    except _lexer.SelectorSyntaxError as exc:
        raise StatusError.bad_request(str(exc)) from exc
    # Sorted by key for a deterministic canonical form (Python's sort is stable, as Go's is
    # for the short inputs selectors are in practice).
    return LabelSelector(requirements=tuple(sorted(requirements, key=lambda r: r.key)))


class _Parser:
    """Recursive descent over the token list, with apimachinery's error sentences."""

    def __init__(self, text: str) -> None:
        self._items = _lexer.tokenize(text)
        self._position = 0

    def _peek(self, *, values: bool = True) -> tuple[_lexer.Token, str]:
        return _lexer.in_context(self._items[self._position], values=values)

    def _take(self, *, values: bool = True) -> tuple[_lexer.Token, str]:
        item = self._items[self._position]
        self._position += 1
        return _lexer.in_context(item, values=values)

    def parse(self) -> list[Requirement]:
        requirements: list[Requirement] = []
        while True:
            token, literal = self._peek()
            if token is _lexer.Token.END:
                return requirements
            if token not in (_lexer.Token.IDENTIFIER, _lexer.Token.NOT):
                raise _lexer.SelectorSyntaxError(f"found '{literal}', expected: !, identifier, or 'end of string'")
            try:
                requirements.append(self._requirement())
            except _lexer.SelectorSyntaxError as exc:
                raise _lexer.SelectorSyntaxError(f"unable to parse requirement: {exc}") from exc
            token, literal = self._take()
            if token is _lexer.Token.END:
                return requirements
            if token is not _lexer.Token.COMMA:
                raise _lexer.SelectorSyntaxError(f"found '{literal}', expected: ',' or 'end of string'")
            token, literal = self._peek()
            if token not in (_lexer.Token.IDENTIFIER, _lexer.Token.NOT):
                raise _lexer.SelectorSyntaxError(f"found '{literal}', expected: identifier after ','")

    def _requirement(self) -> Requirement:
        key, operator = self._key_and_inferred_operator()
        if operator is not None:
            return _new_requirement(key, operator, [])
        operator = self._operator()
        values = self._value_set() if operator in (Operator.IN, Operator.NOT_IN) else self._exact_value()
        return _new_requirement(key, operator, sorted(values))

    def _key_and_inferred_operator(self) -> tuple[str, Operator | None]:
        operator: Operator | None = None
        token, literal = self._take()
        if token is _lexer.Token.NOT:
            operator = Operator.DOES_NOT_EXIST
            token, literal = self._take()
        if token is not _lexer.Token.IDENTIFIER:
            raise _lexer.SelectorSyntaxError(f"found '{literal}', expected: identifier")
        # The parser validates the key without a field path: Go prints a nil path as "<nil>".
        problem = _key_error(literal, "<nil>")
        if problem:
            raise _lexer.SelectorSyntaxError(problem)
        following, _ = self._peek()
        if following in (_lexer.Token.END, _lexer.Token.COMMA) and operator is None:
            operator = Operator.EXISTS
        return literal, operator

    def _operator(self) -> Operator:
        token, literal = self._take(values=False)
        operator = _lexer.BINARY_OPERATORS.get(token)
        if operator is None:
            expected = ", ".join(str(op) for op in _BINARY_OPERATOR_ORDER)
            raise _lexer.SelectorSyntaxError(f"found '{literal}', expected: {expected}")
        return Operator(operator)

    def _value_set(self) -> set[str]:
        token, literal = self._take()
        if token is not _lexer.Token.OPEN_PAR:
            raise _lexer.SelectorSyntaxError(f"found '{literal}' expected: '('")
        token, literal = self._peek()
        if token in (_lexer.Token.IDENTIFIER, _lexer.Token.COMMA):
            values = self._identifier_list()
            closing, _ = self._take()
            if closing is not _lexer.Token.CLOSE_PAR:
                # apimachinery reports the token seen before the list here, not the bad one.
                raise _lexer.SelectorSyntaxError(f"found '{literal}', expected: ')'")
            return values
        if token is _lexer.Token.CLOSE_PAR:
            self._take()
            return {""}
        raise _lexer.SelectorSyntaxError(f"found '{literal}', expected: ',', ')' or identifier")

    def _identifier_list(self) -> set[str]:
        values: set[str] = set()
        while True:
            token, literal = self._take()
            if token is _lexer.Token.IDENTIFIER:
                values.add(literal)
                following, following_literal = self._peek()
                if following is _lexer.Token.COMMA:
                    continue
                if following is _lexer.Token.CLOSE_PAR:
                    return values
                raise _lexer.SelectorSyntaxError(f"found '{following_literal}', expected: ',' or ')'")
            if token is _lexer.Token.COMMA:
                # Empty entries ("(,a)", "(a,)", "(a,,b)") stand for the empty value.
                if not values:
                    values.add("")
                following, _ = self._peek()
                if following is _lexer.Token.CLOSE_PAR:
                    values.add("")
                    return values
                if following is _lexer.Token.COMMA:
                    self._take()
                    values.add("")
                continue
            raise _lexer.SelectorSyntaxError(f"found '{literal}', expected: ',', or identifier")

    def _exact_value(self) -> set[str]:
        token, _ = self._peek()
        if token in (_lexer.Token.END, _lexer.Token.COMMA):
            return {""}
        token, literal = self._take()
        if token is _lexer.Token.IDENTIFIER:
            return {literal}
        raise _lexer.SelectorSyntaxError(f"found '{literal}', expected: identifier")


_BINARY_OPERATOR_ORDER = (
    Operator.IN,
    Operator.NOT_IN,
    Operator.EQUALS,
    Operator.DOUBLE_EQUALS,
    Operator.NOT_EQUALS,
    Operator.GREATER_THAN,
    Operator.LESS_THAN,
)

_EXPRESSION_OPERATORS = {
    "In": Operator.IN,
    "NotIn": Operator.NOT_IN,
    "Exists": Operator.EXISTS,
    "DoesNotExist": Operator.DOES_NOT_EXIST,
}


def from_label_selector(obj: Mapping[str, Any] | None) -> LabelSelector:
    """``metav1.LabelSelectorAsSelector``: ``None`` matches nothing, ``{}`` matches everything.

    Raises:
        StatusError: 400 BadRequest with apimachinery's message when a key, value or operator is
        invalid.
    """
    if obj is None:
        return LabelSelector.nothing()
    match_labels = obj.get("matchLabels") or {}
    expressions = obj.get("matchExpressions") or []
    # A typed Go client cannot send these shapes; an unvalidated stored object could.
    if not isinstance(match_labels, Mapping) or not isinstance(expressions, list):
        raise StatusError.bad_request("invalid label selector: matchLabels must be a map, matchExpressions a list")
    if not all(isinstance(expression, Mapping) for expression in expressions):
        raise StatusError.bad_request("invalid label selector: each matchExpressions entry must be an object")
    if not match_labels and not expressions:
        return LabelSelector.everything()
    requirements: list[Requirement] = []
    try:
        # Go walks the map in random order; sorted keys make the first reported error stable.
        for key in sorted(match_labels):
            requirements.append(_new_requirement(key, Operator.EQUALS, [_text(match_labels[key])]))
        for expression in expressions:
            name = expression.get("operator") or ""
            operator = _EXPRESSION_OPERATORS.get(name)
            if operator is None:
                raise _lexer.SelectorSyntaxError(f"{go_quote(str(name))} is not a valid label selector operator")
            raw = expression.get("values")
            values = [_text(v) for v in raw] if isinstance(raw, list) and raw else None
            requirements.append(_new_requirement(_text(expression.get("key")), operator, values))
    except _lexer.SelectorSyntaxError as exc:
        raise StatusError.bad_request(str(exc)) from exc
    return LabelSelector(requirements=tuple(sorted(requirements, key=lambda r: r.key)))


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def selector_from_set(labels: Mapping[str, str] | None) -> LabelSelector:
    """``labels.SelectorFromSet``: ``key=value`` for each entry, unvalidated; empty matches all."""
    return LabelSelector(
        requirements=tuple(
            Requirement(key=k, operator=Operator.EQUALS, values=(v,)) for k, v in sorted((labels or {}).items())
        )
    )


def exact_match_values(selector: LabelSelector, key: str) -> set[str] | None:
    """The values ``key`` must take for ``selector`` to match, or None if it is not pinned.

    Storage may use it to read an index instead of scanning: ``app=web`` and ``app in (a,b)``
    pin ``app``; ``app!=web`` and ``app`` do not. An empty set means nothing can match.
    """
    if selector.selects_nothing:
        return set()
    pinned: set[str] | None = None
    for requirement in _requirements_for(selector.requirements, key):
        if requirement.operator in (Operator.IN, Operator.EQUALS, Operator.DOUBLE_EQUALS):
            values = set(requirement.values)
            pinned = values if pinned is None else pinned & values
    return pinned


def _requirements_for(requirements: Iterable[Requirement], key: str) -> Iterable[Requirement]:
    return (requirement for requirement in requirements if requirement.key == key)
