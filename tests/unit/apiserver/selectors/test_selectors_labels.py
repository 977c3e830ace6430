"""Label selectors: parsing, canonical form, matching, metav1.LabelSelector, error wording."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.selectors import labels
from kubeedge.apiserver.selectors.labels import LabelSelector, Operator, Requirement

_KEY_SYNTAX = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
_VALUE_SYNTAX = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
    "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
_PREFIX_SYNTAX = (
    "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("", ""),
        ("a=b", "a=b"),
        ("a==b", "a==b"),
        ("a!=b", "a!=b"),
        ("a", "a"),
        ("!a", "!a"),
        ("a in (x,y)", "a in (x,y)"),
        ("a in (y,x,y)", "a in (x,y)"),
        ("a notin (x)", "a notin (x)"),
        ("a notin(x)", "a notin (x)"),
        ("a in ()", "a in ()"),
        ("a in (,)", "a in ()"),
        ("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
        ("a=", "a="),
        ("a=,b", "a=,b"),
        ("  a = b  ,  c  ", "a=b,c"),
        ("a=b\t,\nc!=d", "a=b,c!=d"),
        ("z=1,a=2,m", "a=2,m,z=1"),
        ("a>1", "a>1"),
        ("a<0", "a<0"),
        ("in in (in)", "in in (in)"),
        ("notin notin (notin)", "notin notin (notin)"),
        ("example.com/app=web", "example.com/app=web"),
        ("a=in", "a=in"),
        ("a=b\x00,c", "a=b,c"),
        ("a\x00", "a"),
    ],
)
def test_parse_valid(text: str, canonical: str) -> None:
    assert str(labels.parse(text)) == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
        ("a=b c", "found 'c', expected: ',' or 'end of string'"),
        ("a in (b", "unable to parse requirement: found '', expected: ',' or ')'"),
        ("a in (b c)", "unable to parse requirement: found 'c', expected: ',' or ')'"),
        ("a in b", "unable to parse requirement: found 'b' expected: '('"),
        ("a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
        ("a in (,=)", "unable to parse requirement: found '=', expected: ',', or identifier"),
        (",a", "found ',', expected: !, identifier, or 'end of string'"),
        ("=a", "found '=', expected: !, identifier, or 'end of string'"),
        ("a,", "found '', expected: identifier after ','"),
        ("a,,b", "found ',', expected: identifier after ','"),
        ("!a=b", "found '=', expected: ',' or 'end of string'"),
        ("!=a", "found '!=', expected: !, identifier, or 'end of string'"),
        ("!!a", "unable to parse requirement: found '!', expected: identifier"),
        # Two empty entries in a row are rejected by apimachinery too.
        ("a in (,,)", "unable to parse requirement: found ')', expected: ',', or identifier"),
        ("a!==b", "unable to parse requirement: found '=', expected: identifier"),
        ("a===b", "unable to parse requirement: found '=', expected: identifier"),
        ("a=(b)", "unable to parse requirement: found '(', expected: identifier"),
        ("a$=b", f'unable to parse requirement: <nil>: Invalid value: "a$": {_KEY_SYNTAX}'),
        ("-a", f'unable to parse requirement: <nil>: Invalid value: "-a": {_KEY_SYNTAX}'),
        ("/a", 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'),
        (
            "a/",
            f'unable to parse requirement: <nil>: Invalid value: "a/": name part must be non-empty; {_KEY_SYNTAX}',
        ),
        ("A.b/c", f'unable to parse requirement: <nil>: Invalid value: "A.b/c": {_PREFIX_SYNTAX}'),
        (
            "x/y/z",
            'unable to parse requirement: <nil>: Invalid value: "x/y/z": a qualified name must consist of '
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
            "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' "
            "(e.g. 'example.com/MyName')",
        ),
        (
            "k" * 64,
            f'unable to parse requirement: <nil>: Invalid value: "{"k" * 64}": '
            "name part must be no more than 63 characters",
        ),
        ("a=b$", f'unable to parse requirement: values[0][a]: Invalid value: "b$": {_VALUE_SYNTAX}'),
        (
            "a=" + "v" * 64,
            f'unable to parse requirement: values[0][a]: Invalid value: "{"v" * 64}": '
            "must be no more than 63 characters",
        ),
        (
            "k in (a,b$,c$)",
            f'unable to parse requirement: [values[1][k]: Invalid value: "b$": {_VALUE_SYNTAX}, '
            f'values[2][k]: Invalid value: "c$": {_VALUE_SYNTAX}]',
        ),
        (
            "a>x",
            "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, "
            "the value must be an integer",
        ),
        ("a>-5", f'unable to parse requirement: values[0][a]: Invalid value: "-5": {_VALUE_SYNTAX}'),
        ("a>=1", "unable to parse requirement: found '=', expected: identifier"),
        ("a\x00b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
    ],
)
def test_parse_invalid(text: str, message: str) -> None:
    with pytest.raises(StatusError) as caught:
        labels.parse(text)
    assert caught.value.code == 400
    assert caught.value.reason == "BadRequest"
    assert caught.value.message == message


def test_parse_keeps_requirements_sorted_by_key() -> None:
    selector = labels.parse("b=1,a=2,a!=3")
    assert [(r.key, r.operator) for r in selector.requirements] == [
        ("a", Operator.EQUALS),
        ("a", Operator.NOT_EQUALS),
        ("b", Operator.EQUALS),
    ]


@pytest.mark.parametrize(
    ("text", "present", "expected"),
    [
        ("", {}, True),
        ("", None, True),
        ("a=b", {"a": "b"}, True),
        ("a=b", {"a": "c"}, False),
        ("a=b", {}, False),
        ("a==b", {"a": "b", "x": "y"}, True),
        ("a!=b", {}, True),
        ("a!=b", {"a": "b"}, False),
        ("a!=b", {"a": "c"}, True),
        ("a in (x,y)", {"a": "y"}, True),
        ("a in (x,y)", {"a": "z"}, False),
        ("a in (x,y)", None, False),
        ("a notin (x,y)", {}, True),
        ("a notin (x,y)", {"a": "x"}, False),
        ("a", {"a": ""}, True),
        ("a", {"b": ""}, False),
        ("!a", {"b": ""}, True),
        ("!a", {"a": "x"}, False),
        ("a=", {"a": ""}, True),
        ("a=", {}, False),
        ("a in ()", {"a": ""}, True),
        ("a>1", {"a": "2"}, True),
        ("a>1", {"a": "1"}, False),
        ("a>1", {"a": "x"}, False),
        ("a>1", {}, False),
        ("a<10", {"a": "-3"}, True),
        ("a<10", {"a": "+3"}, True),
        ("a<10", {"a": "1_0"}, False),
        ("a>1", {"a": "9223372036854775808"}, False),
        ("a=b,c", {"a": "b", "c": "1"}, True),
        ("a=b,c", {"a": "b"}, False),
    ],
)
def test_matches(text: str, present: dict[str, str] | None, expected: bool) -> None:
    assert labels.parse(text).matches(present) is expected


def test_everything_and_nothing() -> None:
    assert LabelSelector.everything().is_empty
    assert LabelSelector.everything().matches({"a": "b"})
    assert not LabelSelector.nothing().is_empty
    assert not LabelSelector.nothing().matches({})
    assert str(LabelSelector.nothing()) == ""
    assert not labels.parse("a").is_empty


@pytest.mark.parametrize(
    ("obj", "canonical", "present", "expected"),
    [
        ({}, "", {"a": "b"}, True),
        ({"matchLabels": {}, "matchExpressions": []}, "", {}, True),
        ({"matchLabels": {"b": "2", "a": "1"}}, "a=1,b=2", {"a": "1", "b": "2"}, True),
        (
            {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["web", "api"]}]},
            "tier in (api,web)",
            {"tier": "api"},
            True,
        ),
        (
            {"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["web"]}]},
            "tier notin (web)",
            {},
            True,
        ),
        ({"matchExpressions": [{"key": "x", "operator": "Exists"}]}, "x", {"x": ""}, True),
        ({"matchExpressions": [{"key": "x", "operator": "DoesNotExist"}]}, "!x", {"x": ""}, False),
        (
            {"matchLabels": {"z": "1"}, "matchExpressions": [{"key": "a", "operator": "Exists"}]},
            "a,z=1",
            {"a": "", "z": "1"},
            True,
        ),
    ],
)
def test_from_label_selector(obj: dict[str, Any], canonical: str, present: dict[str, str], expected: bool) -> None:
    selector = labels.from_label_selector(obj)
    assert str(selector) == canonical
    assert selector.matches(present) is expected


def test_from_label_selector_none_matches_nothing() -> None:
    selector = labels.from_label_selector(None)
    assert selector.selects_nothing
    assert not selector.matches({})


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        (
            {"matchExpressions": [{"key": "a", "operator": "Equals", "values": ["b"]}]},
            '"Equals" is not a valid label selector operator',
        ),
        (
            {"matchExpressions": [{"key": "a", "operator": "In"}]},
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
        ),
        (
            {"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x", "y"]}]},
            'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist',
        ),
        ({"matchLabels": {"a$": "b"}}, f'key: Invalid value: "a$": {_KEY_SYNTAX}'),
        ({"matchLabels": {"a": "b c"}}, f'values[0][a]: Invalid value: "b c": {_VALUE_SYNTAX}'),
    ],
)
def test_from_label_selector_invalid(obj: dict[str, Any], message: str) -> None:
    with pytest.raises(StatusError) as caught:
        labels.from_label_selector(obj)
    assert caught.value.code == 400
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("selector", "key", "expected"),
    [
        (labels.parse("app=web"), "app", {"web"}),
        (labels.parse("app==web"), "app", {"web"}),
        (labels.parse("app in (a,b)"), "app", {"a", "b"}),
        (labels.parse("app in (a,b),app in (b,c)"), "app", {"b"}),
        (labels.parse("app!=web"), "app", None),
        (labels.parse("app"), "app", None),
        (labels.parse("tier=x"), "app", None),
        (LabelSelector.everything(), "app", None),
        (LabelSelector.nothing(), "app", set()),
    ],
)
def test_exact_match_values(selector: LabelSelector, key: str, expected: set[str] | None) -> None:
    assert labels.exact_match_values(selector, key) == expected


def test_selector_from_set() -> None:
    selector = labels.selector_from_set({"b": "2", "a": "1"})
    assert str(selector) == "a=1,b=2"
    assert labels.selector_from_set(None).is_empty


def test_requirement_string_sorts_values_without_changing_them() -> None:
    requirement = Requirement(key="k", operator=Operator.IN, values=("b", "a"))
    assert str(requirement) == "k in (a,b)"
    assert requirement.values == ("b", "a")


_label_keys = st.from_regex(r"[a-z]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_label_values = st.from_regex(r"([A-Za-z0-9]([A-Za-z0-9_.-]{0,6}[A-Za-z0-9])?)?", fullmatch=True)
_requirements = st.one_of(
    st.builds(lambda k, v: f"{k}={v}", _label_keys, _label_values),
    st.builds(lambda k, v: f"{k}!={v}", _label_keys, _label_values),
    st.builds(
        lambda k, vs: f"{k} in ({','.join(vs)})",
        _label_keys,
        st.lists(_label_values, min_size=1, max_size=3, unique=True),
    ),
    st.builds(
        lambda k, vs: f"{k} notin ({','.join(vs)})",
        _label_keys,
        st.lists(_label_values, min_size=1, max_size=3, unique=True),
    ),
    _label_keys,
    st.builds(lambda k: f"!{k}", _label_keys),
)


@given(st.lists(_requirements, max_size=5), st.dictionaries(_label_keys, _label_values, max_size=4))
def test_canonical_form_round_trips(parts: list[str], present: dict[str, str]) -> None:
    selector = labels.parse(",".join(parts))
    again = labels.parse(str(selector))
    assert str(again) == str(selector)
    assert again.matches(present) == selector.matches(present)


@pytest.mark.parametrize(
    ("key", "quoted"),
    [
        ("a\tb", '"a\\tb"'),
        ('a"b', '"a\\"b"'),
        ("a\x01", '"a\\x01"'),
        ("a\u0085", '"a\\u0085"'),
        ("a\U000e0001", '"a\\U000e0001"'),
        ("ключ", '"ключ"'),
    ],
)
def test_error_values_are_quoted_like_go(key: str, quoted: str) -> None:
    with pytest.raises(StatusError) as caught:
        labels.from_label_selector({"matchLabels": {key: "v"}})
    assert caught.value.message.startswith(f"key: Invalid value: {quoted}: ")


def test_nul_inside_an_operator_ends_it() -> None:
    assert str(labels.parse("a=\x00b")) == "a=b"


@pytest.mark.parametrize(
    "obj",
    [{"matchLabels": ["a"]}, {"matchExpressions": {"key": "a"}}, {"matchExpressions": ["a"]}],
)
def test_from_label_selector_malformed(obj: dict[str, Any]) -> None:
    with pytest.raises(StatusError) as caught:
        labels.from_label_selector(obj)
    assert caught.value.code == 400
