"""Server-side apply: merging, pruning, ownership, conflicts, and the client-side apply upgrade."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from _ssa_schemas import CONFIGMAP, CRD_LIKE, DEPLOYMENT, POD
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.patch.apply import LAST_APPLIED_ANNOTATION, server_side_apply
from kubeedge.apiserver.patch.managedfields import update_managed_fields

T0, T1, T2, T3 = (f"2024-01-01T00:0{i}:00Z" for i in range(4))


def cm(data: dict[str, Any] | None = None, **metadata: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", **metadata}}
    if data is not None:
        obj["data"] = data
    return obj


def apply(live: dict[str, Any] | None, config: dict[str, Any], manager: str, now: str, **kw: Any) -> dict[str, Any]:
    kw.setdefault("schema", CONFIGMAP)
    kw.setdefault("api_version", config.get("apiVersion", "v1"))
    kw.setdefault("force", False)
    out = server_side_apply(live, config, manager=manager, now=now, **kw)
    out["metadata"].setdefault("uid", "u")  # stored: the object exists from now on
    return out


def update(old: dict[str, Any] | None, new: dict[str, Any], manager: str, now: str, **kw: Any) -> dict[str, Any]:
    kw.setdefault("schema", CONFIGMAP)
    kw.setdefault("api_version", new.get("apiVersion", "v1"))
    out = update_managed_fields(old, new, manager=manager, now=now, **kw)
    out["metadata"].setdefault("uid", "u")
    return out


def entries(obj: dict[str, Any]) -> list[dict[str, Any]]:
    managed: list[dict[str, Any]] = obj["metadata"].get("managedFields", [])
    return managed


def owners(obj: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["manager"]: e["fieldsV1"] for e in entries(obj)}


def conflict(call: Any) -> dict[str, Any]:
    with pytest.raises(StatusError) as caught:
        call()
    return caught.value.to_status()


# --- create and idempotency -----------------------------------------------------------------------


def test_apply_creates() -> None:
    created = server_side_apply(
        None,
        cm({"k": "v"}, labels={"a": "b"}),
        manager="m",
        force=False,
        api_version="v1",
        now=T0,
        schema=CONFIGMAP,
    )
    assert created == {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": "c",
            "labels": {"a": "b"},
            "managedFields": [
                {
                    "manager": "m",
                    "operation": "Apply",
                    "apiVersion": "v1",
                    "time": T0,
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {"f:data": {"f:k": {}}, "f:metadata": {"f:labels": {"f:a": {}}}},
                }
            ],
        },
        "data": {"k": "v"},
    }


def test_apply_twice_is_a_noop() -> None:
    config = cm({"k": "v"}, labels={"a": "b"})
    first = apply(None, config, "m", T0)
    second = apply(first, config, "m", T1)
    assert second == first  # nothing changed, so not even the time


def test_time_moves_only_when_the_object_changes() -> None:
    live = apply(None, cm({"k": "v"}), "m", T0)
    # another manager applying the same values: shared ownership, no change, no time
    shared = apply(live, cm({"k": "v"}), "other", T1)
    # (appliers sort by time, an entry without one first)
    assert [(e["manager"], e.get("time")) for e in entries(shared)] == [("other", None), ("m", T0)]
    changed = apply(shared, cm({"k": "v", "k2": "w"}), "other", T2)
    assert [(e["manager"], e.get("time")) for e in entries(changed)] == [("m", T0), ("other", T2)]


keys = st.text(alphabet="abcxyz-.", min_size=1, max_size=5)
configs = st.builds(
    lambda data, labels: cm(data, labels=labels),
    st.dictionaries(keys, st.text(max_size=3), max_size=4),
    st.dictionaries(keys, st.text(max_size=3), max_size=3),
)


@given(configs, configs)
def test_reapply_is_idempotent(first: dict[str, Any], second: dict[str, Any]) -> None:
    live = apply(None, first, "a", T0)
    once = apply(live, second, "a", T1)
    assert apply(once, second, "a", T2) == once
    # what the applier owns is exactly what it applied
    assert set(owners(once).get("a", {}).get("f:data", {})) == {f"f:{k}" for k in second.get("data", {})}


# --- merge semantics ------------------------------------------------------------------------------


def pod(spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", **metadata}, "spec": spec}


def pod_apply(live: dict[str, Any] | None, config: dict[str, Any], manager: str, now: str, **kw: Any) -> dict[str, Any]:
    return apply(live, config, manager, now, schema=POD, **kw)


def test_merge_semantics() -> None:
    live = update(
        None,
        pod(
            {
                "containers": [{"name": "a", "image": "1", "args": ["x", "y"]}, {"name": "b", "image": "1"}],
                "nodeSelector": {"zone": "1", "disk": "ssd"},
            },
            labels={"keep": "me"},
            finalizers=["f1"],
        ),
        "creator",
        T0,
        schema=POD,
    )
    config = pod(
        {
            "containers": [{"name": "a", "args": ["z"]}, {"name": "c", "image": "3"}],
            "nodeSelector": {"zone": "2"},
        },
        labels={"new": "label"},
        finalizers=["f2"],
    )
    merged = pod_apply(live, config, "applier", T1, force=True)
    assert merged["spec"] == {
        # keyed list merged item by item; new items after the shared ones; atomic args replaced
        "containers": [
            {"name": "a", "image": "1", "args": ["z"]},
            {"name": "b", "image": "1"},
            {"name": "c", "image": "3"},
        ],
        # atomic map replaced
        "nodeSelector": {"zone": "2"},
    }
    assert merged["metadata"]["labels"] == {"keep": "me", "new": "label"}
    assert merged["metadata"]["finalizers"] == ["f1", "f2"]


@pytest.mark.parametrize(
    ("live", "applied", "expected"),
    [
        (["a", "b", "c"], ["c", "a"], ["b", "c", "a"]),
        (["a", "b"], ["x", "b", "y"], ["a", "x", "b", "y"]),
        (["a"], ["b"], ["a", "b"]),
        ([], ["b"], ["b"]),
    ],
)
def test_merged_list_order(live: list[str], applied: list[str], expected: list[str]) -> None:
    def containers(names: list[str]) -> dict[str, Any]:
        return {"containers": [{"name": n} for n in names]}

    base = update(None, pod(containers(live)), "creator", T0, schema=POD)
    merged = pod_apply(base, pod(containers(applied)), "applier", T1)
    assert [c["name"] for c in merged["spec"]["containers"]] == expected


@pytest.mark.parametrize("empty", [None, {}])
def test_empty_or_null_map_in_config(empty: Any) -> None:
    live = apply(None, cm({"k": "v"}, labels={"a": "b"}), "m", T0)
    live = apply(live, cm(None, labels={"a": "b", "o": "x"}), "other", T1)
    # the merge keeps live entries, then the applier's dropped ones are pruned; the applier
    # now owns the (empty) map itself
    applied = apply(live, cm(None, labels=empty), "m", T2)
    assert applied["metadata"]["labels"] == {"a": "b", "o": "x"}
    assert owners(applied)["m"] == {"f:metadata": {"f:labels": {}}}
    alone = apply(apply(None, cm({"k": "v"}, labels={"a": "b"}), "m", T0), cm(None, labels=empty), "m", T1)
    assert alone["metadata"]["labels"] == empty
    assert "data" not in alone
    assert apply(alone, cm(None, labels=empty), "m", T2) == alone


def test_preserve_unknown_fields_are_granular() -> None:
    cr = {
        "apiVersion": "x.io/v1",
        "kind": "Thing",
        "metadata": {"name": "t"},
        "spec": {"deep": {"a": 1}, "tags": ["x"]},
    }
    live = apply(None, cr, "one", T0, schema=CRD_LIKE)
    other = copy.deepcopy(cr)
    other["spec"] = {"deep": {"b": 2}, "tags": ["y"]}
    merged = apply(live, other, "two", T1, schema=CRD_LIKE)
    assert merged["spec"] == {"deep": {"a": 1, "b": 2}, "tags": ["x", "y"]}


# --- pruning --------------------------------------------------------------------------------------


def test_dropped_fields_are_removed() -> None:
    live = apply(None, cm({"a": "1", "b": "2"}, labels={"x": "y"}), "m", T0)
    after = apply(live, cm({"a": "1"}), "m", T1)
    assert after["data"] == {"a": "1"}
    assert "labels" not in after["metadata"]
    assert owners(after) == {"m": {"f:data": {"f:a": {}}}}


def test_dropped_list_items_are_removed() -> None:
    config = pod({"containers": [{"name": "a", "image": "1"}, {"name": "b", "image": "2"}]})
    live = pod_apply(None, config, "m", T0)
    config["spec"]["containers"].pop()
    after = pod_apply(live, config, "m", T1)
    assert after["spec"]["containers"] == [{"name": "a", "image": "1"}]


def test_dropped_fields_owned_by_others_stay() -> None:
    live = apply(None, cm({"a": "1", "b": "2"}), "m", T0)
    live = update(live, cm({"a": "1", "b": "3"}, managedFields=entries(live)), "editor", T1)
    after = apply(live, cm({"a": "1"}), "m", T2)
    assert after["data"] == {"a": "1", "b": "3"}
    assert owners(after) == {"m": {"f:data": {"f:a": {}}}, "editor": {"f:data": {"f:b": {}}}}


def test_shared_field_survives_one_applier_dropping_it() -> None:
    live = apply(None, cm({"a": "1", "s": "x"}), "one", T0)
    live = apply(live, cm({"s": "x"}), "two", T1)
    assert owners(live)["two"] == {"f:data": {"f:s": {}}}
    after = apply(live, cm({"a": "1"}), "one", T2)
    assert after["data"] == {"a": "1", "s": "x"}
    assert owners(after) == {"one": {"f:data": {"f:a": {}}}, "two": {"f:data": {"f:s": {}}}}


def test_emptied_struct_is_removed_but_others_keep_theirs() -> None:
    config = pod({"containers": [{"name": "a", "resources": {"limits": {"cpu": "1"}}}]})
    live = pod_apply(None, config, "m", T0)
    config["spec"]["containers"][0] = {"name": "a"}
    after = pod_apply(live, config, "m", T1)
    assert after["spec"]["containers"] == [{"name": "a"}]


# --- conflicts ------------------------------------------------------------------------------------


def deployment(replicas: int, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {"replicas": replicas, **spec},
    }


def dep_apply(live: dict[str, Any] | None, config: dict[str, Any], manager: str, now: str, **kw: Any) -> dict[str, Any]:
    return apply(live, config, manager, now, schema=DEPLOYMENT, **kw)


def test_conflict_with_an_updater() -> None:
    live = update(None, deployment(1), "kubectl-client-side-apply", T0, schema=DEPLOYMENT)
    status = conflict(lambda: dep_apply(live, deployment(3), "mgr", T1))
    assert status == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": (
            'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas'
        ),
        "reason": "Conflict",
        "code": 409,
        "details": {
            "causes": [
                {
                    "reason": "FieldManagerConflict",
                    "message": 'conflict with "kubectl-client-side-apply" using apps/v1',
                    "field": ".spec.replicas",
                }
            ]
        },
    }


def test_equal_values_are_shared_not_conflicting() -> None:
    live = update(None, deployment(1), "creator", T0, schema=DEPLOYMENT)
    after = dep_apply(live, deployment(1), "mgr", T1)
    assert owners(after) == {
        "mgr": {"f:spec": {"f:replicas": {}}},
        "creator": {"f:spec": {".": {}, "f:replicas": {}}},
    }


def test_multiple_conflicts_message() -> None:
    live = dep_apply(None, deployment(1, paused=False), "b-applier", T0)
    live = update(live, {**live, "spec": {**live["spec"], "selector": {"x": "y"}}}, "a-updater", T1, schema=DEPLOYMENT)
    config = deployment(5, paused=True, selector={"x": "z"})
    status = conflict(lambda: dep_apply(live, config, "mine", T2))
    assert status["message"] == (
        "Apply failed with 3 conflicts: "
        'conflicts with "a-updater" using apps/v1:\n- .spec.selector\n'
        'conflicts with "b-applier":\n- .spec.paused\n- .spec.replicas'
    )
    assert [(c["message"], c["field"]) for c in status["details"]["causes"]] == [
        ('conflict with "a-updater" using apps/v1', ".spec.selector"),
        ('conflict with "b-applier"', ".spec.paused"),
        ('conflict with "b-applier"', ".spec.replicas"),
    ]


def test_conflict_with_an_applier_and_subresource() -> None:
    live = dep_apply(None, deployment(1), "one", T0)
    assert conflict(lambda: dep_apply(live, deployment(2), "two", T1))["message"] == (
        'Apply failed with 1 conflict: conflict with "one": .spec.replicas'
    )
    status_owner = update(
        live, {**live, "status": {"replicas": 1}}, "controller", T1, schema=DEPLOYMENT, subresource="status"
    )
    config = {**deployment(1), "status": {"replicas": 7}}
    assert conflict(lambda: dep_apply(status_owner, config, "two", T2, subresource="status"))["message"] == (
        'Apply failed with 1 conflict: conflict with "controller" with subresource "status" using apps/v1: '
        ".status.replicas"
    )


def test_force_takes_ownership() -> None:
    live = update(None, deployment(1, paused=True), "creator", T0, schema=DEPLOYMENT)
    after = dep_apply(live, deployment(3), "mgr", T1, force=True)
    assert after["spec"] == {"replicas": 3, "paused": True}
    assert owners(after) == {
        "mgr": {"f:spec": {"f:replicas": {}}},
        "creator": {"f:spec": {".": {}, "f:paused": {}}},
    }


def test_status_is_not_owned_through_the_main_resource() -> None:
    config = {**deployment(1), "status": {"replicas": 3}}
    created = dep_apply(None, config, "m", T0, ignore_status=True)
    assert owners(created) == {"m": {"f:spec": {"f:replicas": {}}}}


# --- before-first-apply and the client-side apply upgrade -----------------------------------------


def test_untracked_object_gets_a_before_first_apply_owner() -> None:
    live = {**deployment(1, paused=True), "metadata": {"name": "d", "uid": "u"}}
    status = conflict(lambda: dep_apply(live, deployment(2), "mgr", T1))
    assert status["message"] == (
        'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas'
    )
    after = dep_apply(live, deployment(1), "mgr", T1)
    assert owners(after) == {
        "mgr": {"f:spec": {"f:replicas": {}}},
        "before-first-apply": {"f:spec": {".": {}, "f:paused": {}, "f:replicas": {}}},
    }


def client_side_applied(replicas: int) -> dict[str, Any]:
    """What ``kubectl apply`` (client-side) creates: the object plus its last-applied annotation."""
    config = deployment(replicas)
    annotated = copy.deepcopy(config)
    annotated["metadata"]["annotations"] = {LAST_APPLIED_ANNOTATION: json.dumps(config)}
    return update(None, annotated, "kubectl-client-side-apply", T0, schema=DEPLOYMENT, builtin=True)


def test_kubectl_upgrades_from_client_side_apply_without_conflicts() -> None:
    live = client_side_applied(1)
    after = dep_apply(live, deployment(3), "kubectl", T1)
    assert after["spec"] == {"replicas": 3}
    assert after["metadata"]["annotations"][LAST_APPLIED_ANNOTATION] == (
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":3}}\n'
    )
    assert owners(after)["kubectl"] == {"f:spec": {"f:replicas": {}}}
    assert "f:replicas" not in owners(after)["kubectl-client-side-apply"].get("f:spec", {})


def test_upgrade_only_forgives_fields_still_as_last_applied() -> None:
    live = client_side_applied(1)
    live = update(live, {**live, "spec": {"replicas": 2}}, "scaler", T1, schema=DEPLOYMENT)
    assert conflict(lambda: dep_apply(live, deployment(3), "kubectl", T2))["message"] == (
        'Apply failed with 1 conflict: conflict with "scaler" using apps/v1: .spec.replicas'
    )


def test_other_managers_get_no_upgrade() -> None:
    live = client_side_applied(1)
    assert conflict(lambda: dep_apply(live, deployment(3), "helm", T1))["code"] == 409


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "code", "message"),
    [
        ({**deployment(1), "kind": "Pod"}, 400, "invalid object type: apps/v1, Kind=Pod"),
        ({**deployment(1), "apiVersion": "apps/v2"}, 400, "invalid object type: apps/v2, Kind=Deployment"),
        ({"metadata": {"name": "d"}}, 400, "invalid object type: /, Kind="),
        (
            {**deployment(1), "metadata": {"name": "d", "managedFields": []}},
            400,
            "metadata.managedFields must be nil",
        ),
        (
            deployment(1, template={"spec": {"containers": [{"name": "a", "env": [{"value": "v"}]}]}}),
            500,
            "failed to create typed patch object (/d; apps/v1, Kind=Deployment): "
            '.spec.template.spec.containers[name="a"].env: element 0: '
            "associative list with keys has an element that omits key field "
            '"name" (and doesn\'t have default value)',
        ),
        (
            deployment(1, template={"spec": {"containers": [{"name": "a"}, {"name": "a"}]}}),
            500,
            "failed to create typed patch object (/d; apps/v1, Kind=Deployment): "
            '.spec.template.spec.containers: duplicate entries for key [name="a"]',
        ),
    ],
)
def test_rejected_configs(config: dict[str, Any], code: int, message: str) -> None:
    status = conflict(
        lambda: server_side_apply(
            None,
            config,
            manager="m",
            force=False,
            api_version="apps/v1",
            kind="Deployment",
            now=T0,
            schema=DEPLOYMENT,
        )
    )
    assert (status["code"], status["message"]) == (code, message)


def test_key_defaults_fill_missing_keys() -> None:
    config = pod({"containers": [{"name": "a", "ports": [{"containerPort": 80}]}]})
    created = pod_apply(None, config, "m", T0)
    ports = owners(created)["m"]["f:spec"]["f:containers"]['k:{"name":"a"}']["f:ports"]
    assert ports == {'k:{"containerPort":80,"protocol":"TCP"}': {".": {}, "f:containerPort": {}}}


@pytest.mark.parametrize(
    ("config", "namespace", "message"),
    [
        (
            cm({"k": "v"}, name="other"),
            None,
            "the name of the object (other) does not match the name on the URL (c)",
        ),
        (
            {"apiVersion": "v1", "kind": "ConfigMap", "data": {}},
            None,
            "the name of the object (c based on URL) was undeterminable: name must be provided",
        ),
        (
            cm({"k": "v"}, namespace="x"),
            "y",
            "the namespace of the object (x) does not match the namespace on the request (y)",
        ),
    ],
)
def test_name_must_match_the_url(config: dict[str, Any], namespace: str | None, message: str) -> None:
    status = conflict(lambda: apply(None, config, "m", T0, name="c", namespace=namespace))
    assert (status["code"], status["message"]) == (400, message)


def test_inputs_are_not_modified() -> None:
    live = apply(None, cm({"a": "1", "b": "2"}), "m", T0)
    config = cm({"a": "1"})
    snapshot = copy.deepcopy((live, config))
    apply(live, config, "m", T1)
    assert (live, config) == snapshot


def test_apply_over_duplicated_live_items() -> None:
    live = update(
        None,
        pod({"containers": [{"name": "a", "image": "1"}, {"name": "a", "image": "2"}, {"name": "b"}]}),
        "creator",
        T0,
        schema=POD,
    )
    after = pod_apply(live, pod({"containers": [{"name": "a", "image": "3"}]}), "m", T1, force=True)
    # the duplicates collapse into the applied item
    assert after["spec"]["containers"] == [{"name": "a", "image": "3"}, {"name": "b"}]


def test_last_applied_annotation_in_the_config_is_not_copied_into_itself() -> None:
    live = client_side_applied(1)
    config = deployment(1)
    config["metadata"]["annotations"] = {LAST_APPLIED_ANNOTATION: "stale", "team": "a"}
    # (setting the annotation conflicts with the client-side applier that owns it)
    after = dep_apply(live, config, "kubectl", T1, force=True)
    assert after["metadata"]["annotations"][LAST_APPLIED_ANNOTATION] == (
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{"team":"a"},"name":"d"},'
        '"spec":{"replicas":1}}\n'
    )


def test_oversized_last_applied_annotation_is_dropped() -> None:
    live = client_side_applied(1)
    config = deployment(1)
    config["metadata"]["labels"] = {"big": "x" * 60}
    config["metadata"]["annotations"] = {"huge": "y" * (256 * 1024 - 100)}
    after = dep_apply(live, config, "kubectl", T1)
    assert LAST_APPLIED_ANNOTATION not in after["metadata"]["annotations"]


def test_several_invalid_lists_are_all_reported() -> None:
    config = deployment(1, template={"spec": {"containers": [{"name": "a", "env": [{"name": "x"}, {"name": "x"}]}]}})
    config["metadata"]["finalizers"] = ["f", "f"]
    status = conflict(lambda: dep_apply(None, config, "m", T0))
    assert status["message"] == (
        "failed to create typed patch object (/d; apps/v1, Kind=Deployment): errors:\n"
        '  .metadata.finalizers: duplicate entries for key [="f"]\n'
        '  .spec.template.spec.containers[name="a"].env: duplicate entries for key [name="x"]'
    )
