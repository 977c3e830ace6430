"""Field sets: path elements, set algebra, the FieldsV1 codec, and the fields of typed objects."""

from __future__ import annotations

import json

import pytest
from _ssa_schemas import CONFIGMAP, CRD_LIKE, DEPLOYMENT, POD
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.patch.fieldset import (
    FieldSet,
    FieldSetError,
    PathElement,
    TypedValueError,
    Typer,
    fields_of,
    go_json,
    go_quote,
    path_string,
    with_named_members,
)


def f(*names: str) -> tuple[PathElement, ...]:
    return tuple(PathElement.of_field(n) for n in names)


def fs(*paths: tuple[PathElement, ...]) -> FieldSet:
    return FieldSet.of(paths)


K_NGINX = PathElement.of_key({"name": "nginx"})
PORT_80 = PathElement.of_key({"protocol": "TCP", "containerPort": 80})


# --- encoding -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (fs(), "{}"),
        (fs(f("metadata", "labels", "app")), '{"f:metadata":{"f:labels":{"f:app":{}}}}'),
        # a node that is also a member gets "." first
        (
            fs(f("data"), f("data", "a"), f("data", "b")),
            '{"f:data":{".":{},"f:a":{},"f:b":{}}}',
        ),
        # fields, then keys, then values, then indexes
        (
            fs(
                (*f("x"), PathElement.of_index(1)),
                (*f("x"), PathElement.of_value("v")),
                (*f("x"), K_NGINX),
                f("x", "z"),
            ),
            '{"f:x":{"f:z":{},"k:{\\"name\\":\\"nginx\\"}":{},"v:\\"v\\"":{},"i:1":{}}}',
        ),
        # key fields sorted by name, compact JSON
        (
            fs((*f("ports"), PORT_80)),
            '{"f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{}}}',
        ),
        # field names sorted bytewise
        (fs(f("b"), f("B"), f("a")), '{"f:B":{},"f:a":{},"f:b":{}}'),
        # Go's HTML-safe escaping inside the v:/k: JSON, then again for the key itself
        (
            fs((*f("s"), PathElement.of_value("a<b&c>"))),
            '{"f:s":{"v:\\"a\\\\u003cb\\\\u0026c\\\\u003e\\"":{}}}',
        ),
        (fs(f("a<b")), '{"f:a\\u003cb":{}}'),
    ],
)
def test_to_json_matches_smd(fields: FieldSet, expected: str) -> None:
    assert fields.to_json() == expected
    assert FieldSet.from_fields_v1(expected) == fields


def test_to_fields_v1_orders_like_kube() -> None:
    fields = fs(
        f("spec", "replicas"),
        (*f("spec", "template", "spec", "containers"), K_NGINX),
        (*f("spec", "template", "spec", "containers"), K_NGINX, *f("image")),
        f("metadata", "labels"),
        f("metadata", "labels", "app"),
    )
    doc = fields.to_fields_v1()
    assert list(doc) == ["f:metadata", "f:spec"]
    assert list(doc["f:metadata"]["f:labels"]) == [".", "f:app"]
    assert doc["f:spec"]["f:template"]["f:spec"]["f:containers"] == {'k:{"name":"nginx"}': {".": {}, "f:image": {}}}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({}, fs()),
        ({"f:a": {}}, fs(f("a"))),
        ({"f:a": {"f:b": {}}}, fs(f("a", "b"))),
        ({"f:a": {".": {}, "f:b": {}}}, fs(f("a"), f("a", "b"))),
        # unknown element types are dropped (forward compatibility); a node left without known
        # children counts as a member
        ({"f:a": {"x:zz": {}}}, fs(f("a"))),
        ({"x:zz": {}}, fs()),
        ({"f:p": {'k:{"port":80}': {}}}, fs((*f("p"), PathElement.of_key({"port": 80})))),
        ({"f:s": {"v:1.5": {}}}, fs((*f("s"), PathElement.of_value(1.5)))),
        ({"f:l": {"i:3": {}}}, fs((*f("l"), PathElement.of_index(3)))),
    ],
)
def test_from_fields_v1(document: dict[str, object], expected: FieldSet) -> None:
    assert FieldSet.from_fields_v1(document) == expected


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"f:a": []},
        {"f": {}},
        {"fa": {}},
        {"k:[1]": {}},
        {"k:{bad": {}},
        {"i:x": {}},
        "not json",
    ],
)
def test_from_fields_v1_rejects(document: object) -> None:
    with pytest.raises(FieldSetError):
        FieldSet.from_fields_v1(document)


# --- values and paths ---------------------------------------------------------------------------


def test_key_equality_ignores_number_kind_and_field_order() -> None:
    assert PathElement.of_key({"a": 1, "b": "x"}) == PathElement.of_key({"b": "x", "a": 1.0})
    assert PathElement.of_value(True) != PathElement.of_value(1)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (f("spec", "replicas"), ".spec.replicas"),
        ((*f("spec", "containers"), K_NGINX, *f("image")), '.spec.containers[name="nginx"].image'),
        ((*f("ports"), PORT_80), '.ports[containerPort=80,protocol="TCP"]'),
        ((*f("finalizers"), PathElement.of_value("a/b")), '.finalizers[="a/b"]'),
        ((*f("l"), PathElement.of_index(2)), ".l[2]"),
        ((*f("s"), PathElement.of_value(1.5)), ".s[=1.5]"),
        ((*f("s"), PathElement.of_value(1e6)), ".s[=1e+06]"),
        ((*f("s"), PathElement.of_value(None)), ".s[=null]"),
    ],
)
def test_path_string(path: tuple[PathElement, ...], text: str) -> None:
    assert path_string(path) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"b": 1, "a": [1.0, 2.5, None, True]}, '{"a":[1,2.5,null,true],"b":1}'),
        ("<&>\u2028\n\b", '"\\u003c\\u0026\\u003e\\u2028\\n\\u0008"'),
        (1e21, "1e+21"),
        (1e-7, "1e-7"),
        (0.00001, "0.00001"),
        ("é", '"é"'),
    ],
)
def test_go_json(value: object, text: str) -> None:
    assert go_json(value) == text


def test_go_quote() -> None:
    assert go_quote('a"b\\c\n\x01é') == '"a\\"b\\\\c\\n\\x01é"'


# --- set algebra --------------------------------------------------------------------------------


def test_set_operations() -> None:
    a = fs(f("a"), f("a", "b"), f("c"))
    b = fs(f("a"), f("d"))
    assert a | b == fs(f("a"), f("a", "b"), f("c"), f("d"))
    assert a & b == fs(f("a"))
    # plain difference is path by path: removing a parent keeps its children
    assert a - b == fs(f("a", "b"), f("c"))
    # recursive difference removes everything below
    assert a.recursive_difference(fs(f("a"))) == fs(f("c"))
    assert fs().is_empty()
    assert not a.is_empty()
    assert f("a", "b") in a
    assert a.under(f("a")) == fs(f("a"), f("a", "b"))


def test_iteration_order_is_smds() -> None:
    fields = fs(f("b"), f("a", "z"), f("a", "y", "x"), f("a", "b"))
    assert [path_string(p) for p in fields] == [".b", ".a.b", ".a.z", ".a.y.x"]


# --- hypothesis: round trips and laws -----------------------------------------------------------

names = st.text(alphabet=st.sampled_from('ab.:"<>&\\é\n/ '), min_size=0, max_size=4)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.text(max_size=4),
    st.floats(allow_nan=False, allow_infinity=False),
)
elements = st.one_of(
    names.map(PathElement.of_field),
    st.dictionaries(names, scalars, min_size=1, max_size=2).map(PathElement.of_key),
    scalars.map(PathElement.of_value),
    st.integers(0, 20).map(PathElement.of_index),
)
field_sets = st.lists(st.lists(elements, min_size=1, max_size=4).map(tuple), max_size=8).map(FieldSet.of)


@given(field_sets)
def test_codec_round_trip(fields: FieldSet) -> None:
    assert FieldSet.from_fields_v1(fields.to_fields_v1()) == fields
    assert FieldSet.from_fields_v1(fields.to_json()) == fields
    assert json.loads(fields.to_json()) == fields.to_fields_v1()


@given(field_sets, field_sets)
def test_set_laws(a: FieldSet, b: FieldSet) -> None:
    assert (a | b) - b == a - b
    assert (a & b) | (a - b) == a
    assert a.recursive_difference(b).paths <= (a - b).paths


# --- fields of typed objects --------------------------------------------------------------------


def fields_json(obj: object, schema: object) -> dict[str, object]:
    return fields_of(obj, Typer(schema)).to_fields_v1()  # type: ignore[arg-type]


def test_fields_of_configmap() -> None:
    cm = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c", "labels": {}},
        "data": {"k": "v"},
    }
    assert fields_json(cm, CONFIGMAP) == {
        "f:apiVersion": {},
        "f:data": {"f:k": {}},
        "f:kind": {},
        "f:metadata": {"f:labels": {}, "f:name": {}},
    }


def test_fields_of_pod_lists() -> None:
    pod = {
        "spec": {
            "containers": [
                {
                    "name": "c",
                    "args": ["a", "b"],
                    "ports": [{"containerPort": 80}],
                    "env": [{"name": "E", "value": "1"}],
                }
            ],
            "nodeSelector": {"a": "b"},
            "tolerations": [{"key": "k"}],
        },
        "metadata": {"finalizers": ["x", "y"]},
    }
    assert fields_json(pod, POD) == {
        "f:metadata": {"f:finalizers": {'v:"x"': {}, 'v:"y"': {}}},
        "f:spec": {
            "f:containers": {
                'k:{"name":"c"}': {
                    ".": {},
                    "f:args": {},
                    "f:env": {'k:{"name":"E"}': {".": {}, "f:name": {}, "f:value": {}}},
                    "f:name": {},
                    "f:ports": {'k:{"containerPort":80,"protocol":"TCP"}': {".": {}, "f:containerPort": {}}},
                }
            },
            "f:nodeSelector": {},
            "f:tolerations": {},
        },
    }


def test_fields_of_untyped_and_preserve_unknown() -> None:
    obj = {"spec": {"size": 1, "tags": ["a"], "extra": {"deep": {"x": 1}}, "list": [{"a": 1}]}}
    assert fields_json(obj, CRD_LIKE) == {
        "f:spec": {
            "f:extra": {".": {}, "f:deep": {".": {}, "f:x": {}}},
            "f:list": {},
            "f:size": {},
            "f:tags": {'v:"a"': {}},
        }
    }
    # no schema at all: maps granular (every key a member), lists atomic
    assert fields_json({"a": {"b": [1]}}, None) == {"f:a": {".": {}, "f:b": {}}}


def test_fields_of_duplicates_are_owned_whole() -> None:
    pod = {"spec": {"containers": [{"name": "a", "image": "1"}, {"name": "a", "image": "2"}]}}
    assert fields_json(pod, POD) == {"f:spec": {"f:containers": {'k:{"name":"a"}': {}}}}


@pytest.mark.parametrize(
    ("containers", "message"),
    [
        (
            [{"image": "x"}],
            ".spec.containers: element 0: associative list with keys has an element that omits key "
            'field "name" (and doesn\'t have default value)',
        ),
        ([None], ".spec.containers: element 0: associative list with keys may not have a null element"),
        (["x"], ".spec.containers: element 0: associative list with keys may not have non-map elements"),
    ],
)
def test_fields_of_unkeyable_items(containers: list[object], message: str) -> None:
    with pytest.raises(TypedValueError) as caught:
        fields_of({"spec": {"containers": containers}}, Typer(POD))
    assert str(caught.value) == message


def test_fields_of_special_leaves() -> None:
    deployment = {"spec": {"strategy": {"rollingUpdate": {"maxSurge": 1}}, "selector": {"matchLabels": {"a": "b"}}}}
    limits = {"spec": {"containers": [{"name": "c", "resources": {"limits": {"cpu": "1"}}}]}}
    assert fields_json(deployment, DEPLOYMENT)["f:spec"] == {
        "f:selector": {},
        "f:strategy": {"f:rollingUpdate": {"f:maxSurge": {}}},
    }
    container = fields_json(limits, POD)["f:spec"]["f:containers"]['k:{"name":"c"}']  # type: ignore[index]
    # limits is a declared field: only its keys are members
    assert container["f:resources"] == {"f:limits": {"f:cpu": {}}}


def test_with_named_members_adds_struct_fields_not_map_keys() -> None:
    fields = fs(f("spec", "template", "metadata", "labels", "app"), f("data", "k"))
    named = with_named_members(fields, Typer(DEPLOYMENT))
    assert named - fields == fs(
        f("spec"),
        f("spec", "template"),
        f("spec", "template", "metadata"),
        f("spec", "template", "metadata", "labels"),
    )
    # data is not declared on a Deployment: treated as deduced, never named
    assert f("data") not in named


@pytest.mark.parametrize(
    ("finalizers", "message"),
    [
        ([{"a": 1}], "associative list without keys has an element that's a map type"),
        ([["a"]], "not supported: associative list with lists as elements"),
        ([None], "associative list without keys has an element that's an explicit null"),
    ],
)
def test_fields_of_unnameable_set_items(finalizers: list[object], message: str) -> None:
    with pytest.raises(TypedValueError, match=message):
        fields_of({"metadata": {"finalizers": finalizers}}, Typer(POD))


def test_typed_value_error_lists_several() -> None:
    error = TypedValueError([(".a", "x"), ("", "y")])
    assert str(error) == "errors:\n  .a: x\n  y"


def test_apimachinery_leaf_types_and_untyped_nodes() -> None:
    definitions = {
        "io.k8s.apimachinery.pkg.runtime.RawExtension": {"type": "object"},
        "io.k8s.apimachinery.pkg.api.resource.Quantity": {"type": "string"},
    }
    root = {
        "type": "object",
        "properties": {
            "raw": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.runtime.RawExtension"},
            "q": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity"}]},
            "any": {},
            "port": {"x-kubernetes-int-or-string": True},
        },
    }
    from kubeedge.apiserver.schema.model import SchemaSet, TypedSchema

    typer = Typer(TypedSchema(SchemaSet(definitions), root))
    obj = {"raw": {"a": {"b": 1}}, "q": {"odd": 1}, "any": {"x": {"y": [1]}}, "port": 80}
    assert fields_of(obj, typer).to_fields_v1() == {
        "f:any": {"f:x": {".": {}, "f:y": {}}},
        "f:port": {},
        "f:q": {},
        "f:raw": {},
    }
