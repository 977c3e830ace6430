"""RFC 6902 JSON patch as kube-apiserver applies it (evanphx/json-patch v4 semantics)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.patch import MAX_JSON_PATCH_OPERATIONS, apply_json_patch
from kubeedge.apiserver.patch._status import PatchFailure

KUBE_422 = "the server rejected our request due to an error in our request"

# --- RFC 6902 appendix A -------------------------------------------------------------------

RFC6902_OK = [
    pytest.param(
        {"foo": "bar"},
        [{"op": "add", "path": "/baz", "value": "qux"}],
        {"baz": "qux", "foo": "bar"},
        id="A.1",
    ),
    pytest.param(
        {"foo": ["bar", "baz"]},
        [{"op": "add", "path": "/foo/1", "value": "qux"}],
        {"foo": ["bar", "qux", "baz"]},
        id="A.2",
    ),
    pytest.param({"baz": "qux", "foo": "bar"}, [{"op": "remove", "path": "/baz"}], {"foo": "bar"}, id="A.3"),
    pytest.param(
        {"foo": ["bar", "qux", "baz"]},
        [{"op": "remove", "path": "/foo/1"}],
        {"foo": ["bar", "baz"]},
        id="A.4",
    ),
    pytest.param(
        {"baz": "qux", "foo": "bar"},
        [{"op": "replace", "path": "/baz", "value": "boo"}],
        {"baz": "boo", "foo": "bar"},
        id="A.5",
    ),
    pytest.param(
        {"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}},
        [{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}],
        {"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}},
        id="A.6",
    ),
    pytest.param(
        {"foo": ["all", "grass", "cows", "eat"]},
        [{"op": "move", "from": "/foo/1", "path": "/foo/3"}],
        {"foo": ["all", "cows", "eat", "grass"]},
        id="A.7",
    ),
    pytest.param(
        {"baz": "qux", "foo": ["a", 2, "c"]},
        [{"op": "test", "path": "/baz", "value": "qux"}, {"op": "test", "path": "/foo/1", "value": 2}],
        {"baz": "qux", "foo": ["a", 2, "c"]},
        id="A.8",
    ),
    pytest.param(
        {"foo": "bar"},
        [{"op": "add", "path": "/child", "value": {"grandchild": {}}}],
        {"foo": "bar", "child": {"grandchild": {}}},
        id="A.10",
    ),
    pytest.param(
        {"foo": "bar"},
        [{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}],
        {"foo": "bar", "baz": "qux"},
        id="A.11",
    ),
    pytest.param({"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": 10}], {"/": 9, "~1": 10}, id="A.14"),
    pytest.param(
        {"foo": ["bar"]},
        [{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}],
        {"foo": ["bar", ["abc", "def"]]},
        id="A.16",
    ),
]


@pytest.mark.parametrize(("document", "patch", "expected"), RFC6902_OK)
def test_rfc6902_examples(document: Any, patch: Any, expected: Any) -> None:
    assert apply_json_patch(document, patch) == expected


RFC6902_FAIL = [
    pytest.param(
        {"baz": "qux"},
        [{"op": "test", "path": "/baz", "value": "bar"}],
        "testing value /baz failed",
        id="A.9",
    ),
    pytest.param(
        {"foo": "bar"},
        [{"op": "add", "path": "/baz/bat", "value": "qux"}],
        'add operation does not apply: doc is missing path: "/baz/bat"',
        id="A.12",
    ),
    pytest.param(
        {"/": 9, "~1": 10},
        [{"op": "test", "path": "/~01", "value": "10"}],
        "testing value /~01 failed",
        id="A.15",
    ),
]


@pytest.mark.parametrize(("document", "patch", "detail"), RFC6902_FAIL)
def test_rfc6902_failures_are_kube_422(document: Any, patch: Any, detail: str) -> None:
    with pytest.raises(StatusError) as caught:
        apply_json_patch(document, patch)
    error = caught.value
    assert (error.code, error.reason, error.message) == (422, "Invalid", KUBE_422)
    # The wire carries kube's fixed text; the operation-level reason rides along as the cause.
    assert isinstance(error.__cause__, PatchFailure)
    assert detail in str(error.__cause__)
    assert error.details == {}
    assert "causes" not in error.to_status().get("details", {})


RFC6901_DOC = {
    "foo": ["bar", "baz"],
    "": 0,
    "a/b": 1,
    "c%d": 2,
    "e^f": 3,
    "g|h": 4,
    "i\\j": 5,
    'k"l': 6,
    " ": 7,
    "m~n": 8,
}


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        ("/foo", ["bar", "baz"]),
        ("/foo/0", "bar"),
        ("/", 0),
        ("/a~1b", 1),
        ("/c%d", 2),
        ("/e^f", 3),
        ("/g|h", 4),
        ("/i\\j", 5),
        ('/k"l', 6),
        ("/ ", 7),
        ("/m~0n", 8),
    ],
)
def test_rfc6901_pointers(pointer: str, value: Any) -> None:
    assert apply_json_patch(RFC6901_DOC, [{"op": "test", "path": pointer, "value": value}]) == RFC6901_DOC


# --- where kube (evanphx v4) departs from the RFC, observably ---------------------------

KUBE_OK = [
    pytest.param({"a": [1, 2, 3]}, [{"op": "remove", "path": "/a/-1"}], {"a": [1, 2]}, id="negative-index-remove"),
    pytest.param(
        {"a": [1, 2]}, [{"op": "add", "path": "/a/-1", "value": 9}], {"a": [1, 2, 9]}, id="negative-index-add"
    ),
    pytest.param({"a": [1, 2]}, [{"op": "replace", "path": "/a/-2", "value": 0}], {"a": [0, 2]}, id="negative-replace"),
    pytest.param({"a": [1, 2]}, [{"op": "add", "path": "/a/2", "value": 3}], {"a": [1, 2, 3]}, id="add-at-length"),
    pytest.param({"a": [1, 2]}, [{"op": "add", "path": "/a/01", "value": 3}], {"a": [1, 3, 2]}, id="leading-zero"),
    pytest.param({"a": {}}, [{"op": "replace", "path": "/a/b", "value": 1}], {"a": {"b": 1}}, id="replace-adds-member"),
    pytest.param({"a": 1}, [{"op": "copy", "from": "/nope", "path": "/b"}], {"a": 1, "b": None}, id="copy-missing"),
    pytest.param({"a": 1}, [{"op": "test", "path": "/nope", "value": None}], {"a": 1}, id="test-missing-null"),
    pytest.param({"a": None}, [{"op": "test", "path": "/a"}], {"a": None}, id="test-null-no-value"),
    pytest.param({"a": 1}, [{"op": "add", "path": "/b"}], {"a": 1, "b": None}, id="add-without-value"),
    pytest.param({"a": 1}, [{"op": "replace", "path": "", "value": {"b": 2}}], {"b": 2}, id="replace-root"),
    pytest.param({"a": 1}, [{"op": "test", "path": "", "value": {"a": 1}}], {"a": 1}, id="test-root"),
    pytest.param({"a": 1}, None, {"a": 1}, id="null-body-is-empty"),
    pytest.param({"a": 1}, [], {"a": 1}, id="empty"),
    pytest.param(
        {"a": {"b": [1]}},
        [{"op": "copy", "from": "/a", "path": "/c"}, {"op": "add", "path": "/c/b/-", "value": 2}],
        {"a": {"b": [1]}, "c": {"b": [1, 2]}},
        id="copy-is-deep",
    ),
    pytest.param(
        {"metadata": {"labels": {"app.kubernetes.io/name": "x"}}},
        [{"op": "remove", "path": "/metadata/labels/app.kubernetes.io~1name"}],
        {"metadata": {"labels": {}}},
        id="label-with-slash",
    ),
]


@pytest.mark.parametrize(("document", "patch", "expected"), KUBE_OK)
def test_kube_semantics(document: Any, patch: Any, expected: Any) -> None:
    assert apply_json_patch(document, patch) == expected


KUBE_FAIL = [
    pytest.param({"a": 1}, [{"op": "add", "path": "", "value": {}}], 'doc is missing path: ""', id="add-root"),
    pytest.param({"a": 1}, [{"op": "remove", "path": ""}], "remove operation does not apply", id="remove-root"),
    pytest.param(
        {"a": 1}, [{"op": "remove", "path": "/b"}], "Unable to remove nonexistent key: b", id="remove-missing"
    ),
    pytest.param({"a": [1]}, [{"op": "remove", "path": "/a/1"}], "Unable to access invalid index: 1", id="index-range"),
    pytest.param({"a": [1]}, [{"op": "add", "path": "/a/3", "value": 0}], "invalid index referenced", id="add-beyond"),
    pytest.param({"a": [1]}, [{"op": "remove", "path": "/a/-2"}], "invalid index referenced", id="negative-range"),
    pytest.param({"a": [1]}, [{"op": "test", "path": "/a/-", "value": 1}], 'parsing "-": invalid syntax', id="dash"),
    pytest.param({"a": [1]}, [{"op": "add", "path": "/a/x", "value": 1}], "not a proper array index", id="bad-index"),
    pytest.param({"a": [1]}, [{"op": "replace", "path": "/a/5", "value": 1}], "missing key: /a/5", id="replace-index"),
    pytest.param({"a": 1}, [{"op": "replace", "path": "/b/c", "value": 1}], "missing path: /b/c", id="replace-parent"),
    pytest.param({"a": 1}, [{"op": "replace", "path": "", "value": 3}], "must be object or array", id="replace-root"),
    pytest.param({"a": 1}, [{"op": "move", "from": "/b", "path": "/c"}], "nonexistent key: b", id="move-missing"),
    pytest.param({"a": {}}, [{"op": "move", "from": "/a", "path": "/a/b"}], "missing destination", id="move-into-self"),
    pytest.param({"a": 1}, [{"op": "test", "path": "/a"}], "testing value /a failed", id="test-no-value"),
    pytest.param({"a": 1}, [{"op": "test", "path": "/a", "value": 1.0}], "testing value /a failed", id="test-typed"),
    pytest.param({"a": True}, [{"op": "test", "path": "/a", "value": 1}], "testing value /a failed", id="test-bool"),
    pytest.param({"a": {"b": 1}}, [{"op": "test", "path": "/a", "value": {}}], "testing value", id="test-object"),
    pytest.param({"a": 1}, [{"op": "frob", "path": "/a"}], "Unexpected kind: frob", id="unknown-op"),
    pytest.param({"a": 1}, [{"path": "/a"}], "Unexpected kind: unknown", id="missing-op"),
    pytest.param({"a": 1}, [None], "Unexpected kind: unknown", id="null-op"),
    pytest.param({"a": 1}, [{"op": "add", "value": 1}], "add operation failed to decode path", id="missing-path"),
    pytest.param({"a": 1}, [{"op": "move", "path": "/b"}], "missing from field", id="missing-from"),
    pytest.param({"a": 1}, [{"op": "test", "path": 5}], "cannot unmarshal number", id="path-not-string"),
    pytest.param(
        {"a": "x"},
        [{"op": "add", "path": "/a/b", "value": 1}],
        'doc is missing path: "/a/b"',
        id="through-scalar",
    ),
]


@pytest.mark.parametrize(("document", "patch", "detail"), KUBE_FAIL)
def test_kube_failures(document: Any, patch: Any, detail: str) -> None:
    with pytest.raises(StatusError) as caught:
        apply_json_patch(document, patch)
    assert (caught.value.code, caught.value.reason, caught.value.message) == (422, "Invalid", KUBE_422)
    assert detail in str(caught.value.__cause__)


def test_a_failed_operation_leaves_nothing_half_applied() -> None:
    document = {"a": 1}
    with pytest.raises(StatusError):
        apply_json_patch(document, [{"op": "add", "path": "/b", "value": 2}, {"op": "test", "path": "/a", "value": 9}])
    assert document == {"a": 1}


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"op": "add"}, "json: cannot unmarshal object into Go value of type jsonpatch.Patch"),
        ("x", "json: cannot unmarshal string into Go value of type jsonpatch.Patch"),
        ([1], "json: cannot unmarshal number into Go value of type jsonpatch.Operation"),
        ([[]], "json: cannot unmarshal array into Go value of type jsonpatch.Operation"),
    ],
)
def test_body_that_is_not_a_patch_is_400(patch: Any, message: str) -> None:
    with pytest.raises(StatusError) as caught:
        apply_json_patch({}, patch)
    assert (caught.value.code, caught.value.reason, caught.value.message) == (400, "BadRequest", message)


def test_operation_count_limit() -> None:
    within = [{"op": "test", "path": "/a", "value": 1}] * MAX_JSON_PATCH_OPERATIONS
    assert apply_json_patch({"a": 1}, within) == {"a": 1}
    with pytest.raises(StatusError) as caught:
        apply_json_patch({"a": 1}, [*within, within[0]])
    assert caught.value.code == 413
    assert caught.value.reason == "RequestEntityTooLarge"
    assert caught.value.message == (
        "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001"
    )


def test_copy_size_limit() -> None:
    document = {"blob": "x" * 100}
    patch = [{"op": "copy", "from": "/blob", "path": "/c1"}, {"op": "copy", "from": "/blob", "path": "/c2"}]
    assert set(apply_json_patch(document, patch, max_copy_bytes=300)) == {"blob", "c1", "c2"}
    with pytest.raises(StatusError) as caught:
        apply_json_patch(document, patch, max_copy_bytes=150)
    assert "exceeding the limit 150" in str(caught.value.__cause__)


def _nested(depth: int) -> Any:
    value: Any = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


def test_nesting_guard() -> None:
    deep_value = [{"op": "add", "path": "/x", "value": _nested(250)}]
    assert apply_json_patch({}, deep_value)["x"] == _nested(250)
    with pytest.raises(StatusError) as caught:
        apply_json_patch({}, [{"op": "add", "path": "/x", "value": _nested(300)}])
    assert caught.value.code == 400
    # Values that are fine alone can still build an object too deep to store.
    nested_doc = _nested(200)
    with pytest.raises(StatusError) as caught:
        apply_json_patch(nested_doc, [{"op": "add", "path": "/a" * 199 + "/b", "value": _nested(100)}])
    assert caught.value.code == 422


# --- properties ----------------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=3)
)
_json = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=12,
)
_documents = st.dictionaries(st.text(max_size=3), _json, max_size=4)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _pointers(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    found = [(prefix, value)]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _pointers(child, f"{prefix}/{_escape(key)}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _pointers(child, f"{prefix}/{index}")
    return found


@given(document=_documents, data=st.data())
def test_test_op_passes_on_every_present_value(document: dict[str, Any], data: st.DataObject) -> None:
    pointer, value = data.draw(st.sampled_from(_pointers(document)))
    snapshot = copy.deepcopy(document)
    operations = [{"op": "test", "path": pointer, "value": copy.deepcopy(value)}]
    assert apply_json_patch(document, operations) == document
    assert document == snapshot


@given(document=_documents, data=st.data(), other=_json)
def test_test_op_fails_on_any_other_value(document: dict[str, Any], data: st.DataObject, other: Any) -> None:
    pointer, value = data.draw(st.sampled_from(_pointers(document)))
    if _same(value, other):
        return
    with pytest.raises(StatusError) as caught:
        apply_json_patch(document, [{"op": "test", "path": pointer, "value": other}])
    assert caught.value.code == 422


def _same(left: Any, right: Any) -> bool:
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(_same(v, right[k]) for k, v in left.items())
    if isinstance(left, list):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


@given(document=_documents, key=st.text(max_size=3), value=_json)
def test_add_then_remove_restores_and_never_mutates(document: dict[str, Any], key: str, value: Any) -> None:
    if key in document:
        return
    snapshot, value_snapshot = copy.deepcopy(document), copy.deepcopy(value)
    pointer = "/" + _escape(key)
    added = apply_json_patch(document, [{"op": "add", "path": pointer, "value": value}])
    assert added[key] == value
    assert apply_json_patch(added, [{"op": "remove", "path": pointer}]) == document
    assert document == snapshot
    assert value == value_snapshot
    # The result owns its containers: changing it cannot reach the patch's value.
    if isinstance(added[key], dict | list):
        assert added[key] is not value
