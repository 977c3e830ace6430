"""Field ownership of create/update/patch writes, and the managedFields wire format."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from _ssa_schemas import CONFIGMAP, DEPLOYMENT, POD

from kubeedge.apiserver.errors import FieldErrorType
from kubeedge.apiserver.patch.fieldset import FieldSet, PathElement, Typer
from kubeedge.apiserver.patch.managedfields import (
    ManagedFieldsError,
    ManagerEntry,
    Operation,
    compare,
    decode_managed_fields,
    default_manager,
    encode_managed_fields,
    update_managed_fields,
    validate_field_manager,
    validate_managed_fields,
)

T0, T1, T2 = "2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z", "2024-01-01T00:02:00Z"


def cm(data: dict[str, str] | None = None, **metadata: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c", "namespace": "d", **metadata},
    }
    if data is not None:
        obj["data"] = data
    return obj


def update(old: dict[str, Any] | None, new: dict[str, Any], manager: str, now: str, **kw: Any) -> dict[str, Any]:
    kw.setdefault("schema", CONFIGMAP)
    kw.setdefault("api_version", "v1")
    return update_managed_fields(old, new, manager=manager, now=now, **kw)


def entries(obj: dict[str, Any]) -> list[dict[str, Any]]:
    managed: list[dict[str, Any]] = obj["metadata"].get("managedFields", [])
    return managed


def owners(obj: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["manager"]: e["fieldsV1"] for e in entries(obj)}


def stored(obj: dict[str, Any]) -> dict[str, Any]:
    """What the registry would store: server-set metadata added after tracking."""
    out = copy.deepcopy(obj)
    out["metadata"].update(uid="u", resourceVersion="1", creationTimestamp=T0)
    return out


# --- create ---------------------------------------------------------------------------------------


def test_create_gives_everything_to_the_manager() -> None:
    created = update(None, cm({"k": "v"}, labels={"app": "x"}), "kubectl-create", T0)
    assert entries(created) == [
        {
            "manager": "kubectl-create",
            "operation": "Update",
            "apiVersion": "v1",
            "time": T0,
            "fieldsType": "FieldsV1",
            "fieldsV1": {"f:data": {".": {}, "f:k": {}}, "f:metadata": {"f:labels": {".": {}, "f:app": {}}}},
        }
    ]


def test_create_of_nothing_tracked_has_no_managed_fields() -> None:
    assert "managedFields" not in update(None, cm(), "m", T0)["metadata"]


@pytest.mark.parametrize(
    ("builtin", "spec"),
    [
        # the Go zero Deployment already has spec, template, strategy: only their fields are new
        (
            True,
            {
                "f:replicas": {},
                "f:template": {"f:spec": {"f:containers": {'k:{"name":"a"}': {".": {}, "f:name": {}}}}},
            },
        ),
        # a custom resource starts from {}: spec itself was added
        (
            False,
            {
                ".": {},
                "f:replicas": {},
                "f:template": {
                    ".": {},
                    "f:spec": {".": {}, "f:containers": {".": {}, 'k:{"name":"a"}': {".": {}, "f:name": {}}}},
                },
            },
        ),
    ],
)
def test_create_baseline(builtin: bool, spec: dict[str, Any]) -> None:
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}}
    deployment["spec"] = {"replicas": 1, "template": {"spec": {"containers": [{"name": "a"}]}}}
    created = update(None, deployment, "m", T0, schema=DEPLOYMENT, api_version="apps/v1", builtin=builtin)
    assert entries(created)[0]["fieldsV1"] == {"f:spec": spec}


# --- update ---------------------------------------------------------------------------------------


def test_update_moves_changed_fields_and_keeps_the_rest() -> None:
    live = stored(update(None, cm({"a": "1", "b": "2"}), "creator", T0))
    changed = cm({"a": "9", "b": "2", "c": "3"}, managedFields=entries(live))
    after = update(live, changed, "editor", T1)
    assert owners(after) == {
        "creator": {"f:data": {".": {}, "f:b": {}}},
        "editor": {"f:data": {"f:a": {}, "f:c": {}}},
    }
    assert [e["time"] for e in entries(after)] == [T0, T1]


def test_update_drops_managers_left_with_nothing() -> None:
    live = stored(update(None, cm({"a": "1"}), "creator", T0))
    after = update(live, cm({"a": "2"}), "editor", T1)
    after = update(stored(after), cm({"a": "3"}), "third", T2)
    # creator still owns data itself (a member without children is written as {})
    assert owners(after) == {"creator": {"f:data": {}}, "third": {"f:data": {"f:a": {}}}}


def test_removed_fields_leave_every_owner() -> None:
    live = stored(update(None, cm({"a": "1", "b": "2"}), "creator", T0))
    after = update(live, cm({"b": "2"}), "editor", T1)
    assert owners(after) == {"creator": {"f:data": {".": {}, "f:b": {}}}}


def test_same_manager_merges_into_its_entry_per_api_version() -> None:
    live = stored(update(None, cm({"a": "1"}), "m", T0))
    after = update(live, cm({"a": "1", "b": "2"}), "m", T1)
    assert [(e["manager"], e["apiVersion"], e["time"]) for e in entries(after)] == [("m", "v1", T1)]
    assert owners(after)["m"] == {"f:data": {".": {}, "f:a": {}, "f:b": {}}}
    other_version = update(stored(after), cm({"a": "1", "b": "2", "c": "3"}), "m", T2, api_version="v2")
    assert [(e["apiVersion"], e["time"]) for e in entries(other_version)] == [("v1", T1), ("v2", T2)]


def test_noop_update_keeps_entries_and_times() -> None:
    live = stored(update(None, cm({"a": "1"}), "m", T0))
    after = update(live, copy.deepcopy(live), "other", T1)
    assert entries(after) == entries(live)


def test_server_metadata_is_never_owned() -> None:
    live = stored(update(None, cm({"a": "1"}), "m", T0))
    bumped = copy.deepcopy(live)
    bumped["metadata"].update(resourceVersion="2", generation=3, uid="other", selfLink="/x", name="c")
    after = update(live, bumped, "other", T1)
    assert owners(after) == {"m": {"f:data": {".": {}, "f:a": {}}}}


def test_update_of_untracked_object_stays_untracked() -> None:
    live = cm({"a": "1"}, uid="u")
    assert "managedFields" not in update(live, cm({"a": "2"}), "m", T1)["metadata"]


# --- managedFields in the request -----------------------------------------------------------------


@pytest.mark.parametrize("reset", [[], [{}]])
def test_reset_clears_managed_fields(reset: list[Any]) -> None:
    live = stored(update(None, cm({"a": "1"}), "m", T0))
    after = update(live, cm({"a": "2"}, managedFields=reset), "other", T1)
    assert "managedFields" not in after["metadata"]


def test_reset_on_create_tracks_the_creator() -> None:
    created = update(None, cm({"a": "1"}, managedFields=[]), "m", T0)
    assert list(owners(created)) == ["m"]


def test_valid_list_is_taken_as_given() -> None:
    live = stored(update(None, cm({"a": "1", "b": "2"}), "m", T0))
    given = [
        {
            "manager": "x",
            "operation": "Apply",
            "apiVersion": "v1",
            "fieldsType": "FieldsV1",
            "fieldsV1": {"f:data": {"f:a": {}}},
        }
    ]
    after = update(live, cm({"a": "1", "b": "3"}, managedFields=given), "editor", T1)
    assert owners(after) == {"x": {"f:data": {"f:a": {}}}, "editor": {"f:data": {"f:b": {}}}}


@pytest.mark.parametrize(
    "bad",
    [
        [{"manager": "x", "operation": "Delete", "apiVersion": "v1", "fieldsType": "FieldsV1"}],
        [{"manager": "x", "operation": "Apply", "fieldsType": "FieldsV1"}],
        [{"manager": "x", "operation": "Apply", "apiVersion": "v1", "fieldsType": "FieldsV2"}],
        [
            {
                "manager": "x",
                "operation": "Apply",
                "apiVersion": "v1",
                "fieldsType": "FieldsV1",
                "fieldsV1": {"f:a": 1},
            }
        ],
        "garbage",
        None,
    ],
)
def test_unreadable_or_absent_list_falls_back_to_live(bad: Any) -> None:
    live = stored(update(None, cm({"a": "1", "b": "2"}), "m", T0))
    request = cm({"a": "1", "b": "3"})
    request["metadata"]["managedFields"] = bad
    after = update(live, request, "editor", T1)
    assert owners(after) == {"m": {"f:data": {".": {}, "f:a": {}}}, "editor": {"f:data": {"f:b": {}}}}


def test_unkeyable_list_item_keeps_live_managed_fields() -> None:
    live = stored(
        update(None, {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}}, "m", T0, schema=POD)
    )
    broken = {"metadata": {"name": "p"}, "spec": {"containers": [{"image": "no-name"}]}}
    after = update(live, broken, "other", T1, schema=POD)
    assert entries(after) == entries(live)


# --- subresources and reset fields ----------------------------------------------------------------


def deployment(replicas: int, ready: int | None = None) -> dict[str, Any]:
    obj: dict[str, Any] = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}}
    obj["spec"] = {"replicas": replicas}
    if ready is not None:
        obj["status"] = {"readyReplicas": ready}
    return obj


def dep_update(old: dict[str, Any] | None, new: dict[str, Any], manager: str, now: str, **kw: Any) -> dict[str, Any]:
    return update(old, new, manager, now, schema=DEPLOYMENT, api_version="apps/v1", ignore_status=True, **kw)


def test_main_resource_never_owns_status() -> None:
    created = dep_update(None, deployment(1, ready=0), "creator", T0)
    assert owners(created) == {"creator": {"f:spec": {".": {}, "f:replicas": {}}}}


def test_status_subresource_tracks_only_status() -> None:
    live = stored(dep_update(None, deployment(1), "creator", T0))
    new = deployment(5, ready=1)
    new["metadata"]["managedFields"] = [
        {"manager": "forged", "operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV1"}
    ]
    after = dep_update(live, new, "controller", T1, subresource="status")
    assert {e["manager"]: (e.get("subresource"), e["fieldsV1"]) for e in entries(after)} == {
        "creator": (None, {"f:spec": {".": {}, "f:replicas": {}}}),
        "controller": ("status", {"f:status": {".": {}, "f:readyReplicas": {}}}),
    }


# --- capping ----------------------------------------------------------------------------------------


def test_at_most_ten_update_managers() -> None:
    obj = stored(update(None, cm({"k0": "v"}), "m0", "2024-01-01T00:00:00Z"))
    data = {"k0": "v"}
    for i in range(1, 12):
        data = {**data, f"k{i}": "v"}
        obj = stored(update(obj, cm(data), f"m{i}", f"2024-01-01T00:{i:02d}:00Z"))
    managers = [e["manager"] for e in entries(obj)]
    assert len(managers) == 10
    assert "ancient-changes" in managers
    assert not {"m0", "m1"} & set(managers)
    ancient = next(e for e in entries(obj) if e["manager"] == "ancient-changes")
    assert ancient["fieldsV1"] == {"f:data": {".": {}, "f:k0": {}, "f:k1": {}, "f:k2": {}}}
    assert ancient["time"] == "2024-01-01T00:02:00Z"


# --- wire format ----------------------------------------------------------------------------------


def test_encode_order_apply_first_then_time() -> None:
    managed = {
        e.identifier: e
        for e in [
            ManagerEntry(manager="b", operation=Operation.UPDATE, api_version="v1", time=T0),
            ManagerEntry(manager="a", operation=Operation.UPDATE, api_version="v1", time=T1),
            ManagerEntry(manager="z", operation=Operation.APPLY, api_version="v1", time=T2),
            ManagerEntry(manager="a", operation=Operation.UPDATE, api_version="v1", subresource="status", time=T1),
        ]
    }
    assert [(e["manager"], e.get("subresource")) for e in encode_managed_fields(managed)] == [
        ("z", None),
        ("b", None),
        ("a", None),
        ("a", "status"),
    ]


def test_identifier_and_description() -> None:
    entry = ManagerEntry(manager="kubectl", operation=Operation.UPDATE, api_version="apps/v1", subresource="scale")
    assert entry.identifier == '{"manager":"kubectl","operation":"Update","apiVersion":"apps/v1","subresource":"scale"}'
    assert entry.describe() == '"kubectl" with subresource "scale" using apps/v1'
    applier = ManagerEntry(manager="kubectl", operation=Operation.APPLY, api_version="apps/v1")
    assert applier.identifier == '{"manager":"kubectl","operation":"Apply"}'
    assert applier.describe() == '"kubectl"'


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"operation": "Delete", "apiVersion": "v1", "fieldsType": "FieldsV1"},
            "operation must be `Apply` or `Update`",
        ),
        ({"operation": "Apply", "fieldsType": "FieldsV1"}, "apiVersion must not be empty"),
        ({"operation": "Apply", "apiVersion": "v1"}, "missing fieldsType in managed fields entry 0"),
        (
            {"operation": "Apply", "apiVersion": "v1", "fieldsType": "X"},
            'invalid fieldsType "X" in managed fields entry 0',
        ),
    ],
)
def test_decode_errors(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ManagedFieldsError, match=message):
        decode_managed_fields([entry])


def test_decode_round_trip() -> None:
    wire = [
        {
            "manager": "kubectl",
            "operation": "Apply",
            "apiVersion": "apps/v1",
            "time": T0,
            "fieldsType": "FieldsV1",
            "fieldsV1": {"f:spec": {"f:replicas": {}}},
        },
        {
            "manager": "kube-controller-manager",
            "operation": "Update",
            "apiVersion": "apps/v1",
            "time": T1,
            "fieldsType": "FieldsV1",
            "fieldsV1": {"f:status": {"f:replicas": {}}},
            "subresource": "status",
        },
    ]
    assert encode_managed_fields(decode_managed_fields(wire)) == wire


# --- validation and manager names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_agent", "manager"),
    [
        ("kubectl/v1.32.0 (linux/amd64) kubernetes/abc", "kubectl"),
        ("OpenAPI-Generator/31.0.0/python", "OpenAPI-Generator"),
        (
            "kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/abc/system:serviceaccount:x",
            "kube-controller-manager",
        ),
        ("", ""),
        ("a\x00b\tc/d", "abc"),
        ("é" * 100, "é" * 64),
    ],
)
def test_default_manager(user_agent: str, manager: str) -> None:
    assert default_manager(user_agent) == manager


def test_validate_managed_fields() -> None:
    errors = validate_managed_fields(
        [
            {"manager": "ok", "operation": "Apply", "fieldsType": "FieldsV1"},
            {"manager": "x" * 129, "operation": "Patch", "fieldsType": "FieldsV2", "subresource": "s" * 257},
        ]
    )
    assert [(e.type, e.field) for e in errors] == [
        (FieldErrorType.INVALID, "metadata.managedFields[1].operation"),
        (FieldErrorType.INVALID, "metadata.managedFields[1].fieldsType"),
        (FieldErrorType.TOO_LONG, "metadata.managedFields[1].manager"),
        (FieldErrorType.TOO_LONG, "metadata.managedFields[1].subresource"),
    ]
    assert str(errors[0]) == 'metadata.managedFields[1].operation: Invalid value: "Patch": must be `Apply` or `Update`'


def test_validate_field_manager_unprintable() -> None:
    (error,) = validate_field_manager("a\tb", "fieldManager")
    assert (error.field, error.detail) == ("fieldManager", "invalid character U+0009 (at position 1)")


# --- structured diff --------------------------------------------------------------------------------


def paths(fields: FieldSet) -> set[str]:
    return {"".join(str(pe) for pe in p) for p in fields.paths}


@pytest.mark.parametrize(
    ("old", "new", "added", "modified", "removed"),
    [
        ({"data": {"a": "1"}}, {"data": {"a": "2"}}, set(), {".data.a"}, set()),
        ({}, {"data": {"a": "1"}}, {".data", ".data.a"}, set(), set()),
        ({"data": {"a": "1"}}, {}, set(), set(), {".data", ".data.a"}),
        # empty and null containers compare as leaves
        ({"data": {}}, {"data": {}}, set(), set(), set()),
        ({"data": None}, {"data": {}}, set(), {".data"}, set()),
        ({}, {"data": {}}, {".data"}, set(), set()),
        # a null container on one side is empty, not absent
        ({"data": None}, {"data": {"a": "1"}}, {".data.a"}, set(), set()),
    ],
)
def test_compare(old: Any, new: Any, added: set[str], modified: set[str], removed: set[str]) -> None:
    diff = compare(old, new, Typer(CONFIGMAP))
    assert (paths(diff.added), paths(diff.modified), paths(diff.removed)) == (added, modified, removed)


def test_compare_lists() -> None:
    old = {"spec": {"containers": [{"name": "a", "image": "1"}], "tolerations": [{"k": 1}]}}
    new = {"spec": {"containers": [{"name": "a", "image": "2"}, {"name": "b"}], "tolerations": [{"k": 2}]}}
    diff = compare(old, new, Typer(POD))
    assert paths(diff.modified) == {'.spec.containers[name="a"].image', ".spec.tolerations"}
    assert paths(diff.added) == {'.spec.containers[name="b"]', '.spec.containers[name="b"].name'}


def test_compare_duplicates() -> None:
    dup = {"spec": {"containers": [{"name": "a", "image": "1"}, {"name": "a", "image": "2"}]}}
    single = {"spec": {"containers": [{"name": "a", "image": "1"}]}}
    typer = Typer(POD)
    assert paths(compare(dup, single, typer).removed) == {'.spec.containers[name="a"]'}
    assert paths(compare(single, dup, typer).added) == {'.spec.containers[name="a"]'}
    assert compare(dup, copy.deepcopy(dup), typer).is_same()


def test_inputs_are_not_modified() -> None:
    live = stored(update(None, cm({"a": "1"}), "m", T0))
    new = cm({"a": "2"}, managedFields=entries(live))
    snapshot = copy.deepcopy((live, new))
    update(live, new, "editor", T1)
    assert (live, new) == snapshot


def test_rejects_apply_operation() -> None:
    with pytest.raises(ValueError, match="Update"):
        update(None, cm(), "m", T0, operation="Apply")


def test_field_set_helpers_used_by_entries() -> None:
    entry = ManagerEntry(manager="m", operation=Operation.UPDATE, api_version="v1")
    assert entry.fields == FieldSet()
    assert PathElement.of_field("x").serialize() == "f:x"


def test_compare_duplicates_on_both_sides() -> None:
    first = {"spec": {"containers": [{"name": "a", "image": "1"}, {"name": "a", "image": "2"}]}}
    second = {"spec": {"containers": [{"name": "a", "image": "1"}, {"name": "a", "image": "3"}]}}
    assert paths(compare(first, second, Typer(POD)).modified) == {'.spec.containers[name="a"]'}


@pytest.mark.parametrize(
    "bad",
    [
        ["not an object"],
        [{"operation": "Apply", "apiVersion": 1, "fieldsType": "FieldsV1"}],
        [{"operation": "Apply", "apiVersion": "v1", "fieldsType": "FieldsV1", "time": "yesterday"}],
    ],
)
def test_decode_rejects_malformed_entries(bad: list[Any]) -> None:
    with pytest.raises(ManagedFieldsError):
        decode_managed_fields(bad)
