"""Strategic merge patch against small local schemas shaped like the real Kubernetes ones.

Cases marked "kube:" reproduce apimachinery's own strategicpatch test vectors (current object +
server-applied patch -> result) or documented kube-apiserver behaviour.
"""

from __future__ import annotations

import copy
import textwrap
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.patch import apply_merge_patch, apply_strategic_merge_patch
from kubeedge.apiserver.schema.model import REF_PREFIX, SchemaSet, TypedSchema


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": REF_PREFIX + name}


def _array(items: dict[str, Any], *, strategy: str | None = None, key: str | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "array", "items": items}
    if strategy:
        node["x-kubernetes-patch-strategy"] = strategy
    if key:
        node["x-kubernetes-patch-merge-key"] = key
    return node


def _obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


S: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
STRING_MAP: dict[str, Any] = {"type": "object", "additionalProperties": {"type": "string"}}

DEFINITIONS: dict[str, Any] = {
    "Pod": _obj(apiVersion=S, kind=S, metadata=_ref("ObjectMeta"), spec=_ref("PodSpec")),
    "ObjectMeta": _obj(
        name=S,
        labels=STRING_MAP,
        annotations=STRING_MAP,
        finalizers=_array(S, strategy="merge"),
        ownerReferences=_array(_ref("OwnerReference"), strategy="merge", key="uid"),
    ),
    "OwnerReference": _obj(uid=S, kind=S, name=S),
    "PodSpec": _obj(
        containers=_array(_ref("Container"), strategy="merge", key="name"),
        initContainers=_array(_ref("Container"), strategy="merge", key="name"),
        tolerations=_array(_ref("Toleration")),
        volumes=_array(_ref("Volume"), strategy="merge,retainKeys", key="name"),
        nodeSelector=STRING_MAP,
        securityContext=_ref("PodSecurityContext"),
        hostAliases=_array(_ref("HostAlias"), strategy="merge", key="ip"),
    ),
    "Container": _obj(
        name=S,
        image=S,
        args=_array(S),
        env=_array(_ref("EnvVar"), strategy="merge", key="name"),
        ports=_array(_ref("ContainerPort"), strategy="merge", key="containerPort"),
        volumeMounts=_array(_ref("VolumeMount"), strategy="merge", key="mountPath"),
        resources=_obj(limits=STRING_MAP, requests=STRING_MAP),
    ),
    "EnvVar": _obj(name=S, value=S, valueFrom=_obj(fieldRef=_obj(fieldPath=S))),
    "ContainerPort": _obj(containerPort=INT, protocol=S, name=S),
    "VolumeMount": _obj(mountPath=S, name=S),
    "Toleration": _obj(key=S, operator=S, value=S, effect=S),
    "Volume": _obj(name=S, emptyDir=_obj(medium=S), configMap=_obj(name=S), secret=_obj(secretName=S)),
    "PodSecurityContext": _obj(runAsUser=INT, runAsGroup=INT, fsGroup=INT),
    "HostAlias": _obj(ip=S, hostnames=_array(S)),
    "Deployment": _obj(apiVersion=S, kind=S, metadata=_ref("ObjectMeta"), spec=_ref("DeploymentSpec")),
    "DeploymentSpec": _obj(
        replicas=INT,
        # As kube-openapi prints a reference that carries extensions: allOf + siblings.
        strategy={"allOf": [_ref("DeploymentStrategy")], "x-kubernetes-patch-strategy": "retainKeys"},
        template=_ref("PodTemplateSpec"),
    ),
    "DeploymentStrategy": _obj(type=S, rollingUpdate=_ref("RollingUpdateDeployment")),
    "RollingUpdateDeployment": _obj(maxSurge={"x-kubernetes-int-or-string": True}, maxUnavailable=S),
    "PodTemplateSpec": _obj(metadata=_ref("ObjectMeta"), spec=_ref("PodSpec")),
    # The shape of apimachinery's own test struct (MergeItem), for its test vectors.
    "MergeItem": _obj(
        name=S,
        value=S,
        other=S,
        mergingList=_array(_ref("MergeItem"), strategy="merge", key="name"),
        nonMergingList=_array(_ref("MergeItem")),
        mergingIntList=_array(INT, strategy="merge"),
        nonMergingIntList=_array(INT),
        mergeItemPtr=_array(_ref("MergeItem"), strategy="merge", key="name"),
        simpleMap=STRING_MAP,
    ),
    # Test-only shapes: a replace-strategy object, an opaque blob, bad metadata.
    "Widget": _obj(
        config={"allOf": [_ref("WidgetConfig")], "x-kubernetes-patch-strategy": "replace"},
        blob={"type": "object", "x-kubernetes-preserve-unknown-fields": True},
        keyless=_array(_obj(a=S), strategy="merge"),
        matrix=_array(_array(S), strategy="merge"),
        mixed=_array(S, strategy="merge"),
        odd=_array(S, strategy="merge,replace"),
    ),
    "WidgetConfig": _obj(a=S, b=S, nested=_obj(x=S, y=S)),
}
SCHEMAS = SchemaSet(definitions=DEFINITIONS)


def typed(kind: str) -> TypedSchema:
    return TypedSchema(schemas=SCHEMAS, root=_ref(kind))


def y(text: str) -> Any:
    return yaml.safe_load(textwrap.dedent(text))


POD = y(
    """
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
      labels: {app: web, tier: front}
      finalizers: [a, b]
    spec:
      containers:
      - name: app
        image: app:1
        args: [--x]
        env:
        - {name: A, value: "1"}
        - {name: B, value: "2"}
        ports:
        - {containerPort: 80, protocol: TCP}
        - {containerPort: 443, protocol: TCP}
      - name: sidecar
        image: side:1
      tolerations:
      - {key: k1, operator: Exists}
      securityContext: {runAsUser: 1000, fsGroup: 2000}
      volumes:
      - name: data
        emptyDir: {}
    """
)


def pod_with(**changes: Any) -> Any:
    """POD with dotted-path replacements: pod_with(**{"spec.tolerations": [...]})."""
    result = copy.deepcopy(POD)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = result
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if value is _DELETE:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return result


_DELETE = object()

POD_CASES = [
    pytest.param(
        {"metadata": {"labels": {"tier": None, "env": "prod"}}},
        pod_with(**{"metadata.labels": {"app": "web", "env": "prod"}}),
        id="labels-merge-and-null-deletes",
    ),
    pytest.param(
        {"spec": {"containers": [{"name": "app", "image": "app:2"}]}},
        pod_with(**{"spec.containers.0.image": "app:2"}),
        id="container-merged-by-name",
    ),
    pytest.param(
        # kube: a new element goes before the ones the patch does not mention (kubectl patch docs).
        {"spec": {"containers": [{"name": "log", "image": "log:1"}]}},
        pod_with(**{"spec.containers": [{"name": "log", "image": "log:1"}, *POD["spec"]["containers"]]}),
        id="new-container-prepended",
    ),
    pytest.param(
        {"spec": {"containers": [{"name": "app", "env": [{"name": "B", "value": "3"}, {"name": "C", "value": "4"}]}]}},
        pod_with(
            **{
                "spec.containers.0.env": [
                    {"name": "A", "value": "1"},
                    {"name": "B", "value": "3"},
                    {"name": "C", "value": "4"},
                ]
            }
        ),
        id="env-merged-by-name",
    ),
    pytest.param(
        {"spec": {"containers": [{"name": "app", "ports": [{"containerPort": 443, "name": "https"}]}]}},
        pod_with(**{"spec.containers.0.ports.1": {"containerPort": 443, "protocol": "TCP", "name": "https"}}),
        id="ports-merged-by-containerPort",
    ),
    pytest.param(
        {"spec": {"tolerations": [{"key": "k2", "operator": "Exists"}]}},
        pod_with(**{"spec.tolerations": [{"key": "k2", "operator": "Exists"}]}),
        id="tolerations-replaced",
    ),
    pytest.param(
        {"spec": {"containers": [{"name": "app", "args": ["--y"]}]}},
        pod_with(**{"spec.containers.0.args": ["--y"]}),
        id="args-replaced",
    ),
    pytest.param(
        {"metadata": {"finalizers": ["b", "c"]}},
        pod_with(**{"metadata.finalizers": ["a", "b", "c"]}),
        id="finalizers-union",
    ),
    pytest.param(
        {"metadata": {"finalizers": ["c"]}},
        pod_with(**{"metadata.finalizers": ["c", "a", "b"]}),
        id="finalizers-new-first",
    ),
    pytest.param(
        {"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}},
        pod_with(**{"metadata.finalizers": ["b"]}),
        id="deleteFromPrimitiveList-finalizers",
    ),
    pytest.param(
        {"metadata": {"$deleteFromPrimitiveList/finalizers": ["a", "b"], "finalizers": ["z"]}},
        pod_with(**{"metadata.finalizers": ["z"]}),
        id="delete-and-add-finalizers",
    ),
    pytest.param(
        {"metadata": {"$deleteFromPrimitiveList/ownerReferences": [{"uid": "x"}]}},
        POD,
        id="deleteFromPrimitiveList-absent-list",
    ),
    pytest.param(
        {"spec": {"containers": [{"name": "sidecar", "$patch": "delete"}]}},
        pod_with(**{"spec.containers": POD["spec"]["containers"][:1]}),
        id="element-patch-delete",
    ),
    pytest.param(
        {"spec": {"containers": [{"name": "ghost", "$patch": "delete"}]}},
        POD,
        id="element-patch-delete-absent",
    ),
    pytest.param(
        {"spec": {"containers": [{"$patch": "replace"}, {"name": "only", "image": "o:1"}]}},
        pod_with(**{"spec.containers": [{"name": "only", "image": "o:1"}]}),
        id="list-patch-replace",
    ),
    pytest.param(
        {"spec": {"securityContext": {"$patch": "replace", "runAsGroup": 5}}},
        pod_with(**{"spec.securityContext": {"runAsGroup": 5}}),
        id="map-patch-replace",
    ),
    pytest.param(
        {"spec": {"securityContext": {"$patch": "delete"}}},
        pod_with(**{"spec.securityContext": {}}),
        id="map-patch-delete-leaves-empty-object",
    ),
    pytest.param(
        # kube (removeDirectives): a directive object for a field the live object lacks is dropped.
        {"spec": {"nodeSelector": {"$patch": "replace", "disk": "ssd"}}},
        POD,
        id="directive-on-absent-map-dropped",
    ),
    pytest.param(
        {"spec": {"initContainers": [{"name": "init", "image": "i:1", "args": None, "env": [{"name": "X"}]}]}},
        pod_with(**{"spec.initContainers": [{"name": "init", "image": "i:1", "env": [{"name": "X"}]}]}),
        id="new-list-without-nulls",
    ),
    pytest.param(
        {"spec": {"containers": [{"name": "new", "image": "n:1", "env": [{"name": "E", "value": None}]}]}},
        pod_with(
            **{
                "spec.containers": [
                    {"name": "new", "image": "n:1", "env": [{"name": "E"}]},
                    *POD["spec"]["containers"],
                ]
            }
        ),
        id="new-element-without-nulls",
    ),
    pytest.param(
        {"spec": {"securityContext": None, "containers": [{"name": "app", "ports": None}]}},
        pod_with(**{"spec.securityContext": _DELETE, "spec.containers.0.ports": _DELETE}),
        id="null-deletes-fields",
    ),
    pytest.param(
        {"spec": {"containers": [{"name": "app", "resources": {"limits": {"cpu": "1"}}}]}},
        pod_with(**{"spec.containers.0.resources": {"limits": {"cpu": "1"}}}),
        id="map-of-quantities",
    ),
    pytest.param(
        {"spec": {"volumes": [{"name": "data", "$retainKeys": ["name", "configMap"], "configMap": {"name": "c"}}]}},
        pod_with(**{"spec.volumes": [{"name": "data", "configMap": {"name": "c"}}]}),
        id="volume-source-switch-retainKeys",
    ),
    pytest.param(
        {"kind": "Pod", "status": {"phase": "Running"}},
        pod_with(status={"phase": "Running"}),
        id="unknown-new-field-is-taken",
    ),
    pytest.param({}, POD, id="empty-patch"),
    pytest.param(None, POD, id="null-patch"),
]


@pytest.mark.parametrize(("patch", "expected"), POD_CASES)
def test_pod_patches(patch: Any, expected: Any) -> None:
    before = copy.deepcopy(patch)
    assert apply_strategic_merge_patch(POD, patch, typed("Pod")) == expected
    assert patch == before


def test_set_element_order_from_kubectl_apply() -> None:
    # kubectl apply sends the desired order of every merged list it touches.
    patch = {
        "spec": {
            "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "new"}, {"name": "app"}],
            "containers": [{"name": "new", "image": "n:1"}],
        }
    }
    result = apply_strategic_merge_patch(POD, patch, typed("Pod"))
    assert [c["name"] for c in result["spec"]["containers"]] == ["sidecar", "new", "app"]
    assert result["spec"]["containers"][0] == POD["spec"]["containers"][1]


def test_retain_keys_on_deployment_strategy_switch() -> None:
    deployment = y(
        """
        kind: Deployment
        spec:
          replicas: 2
          strategy:
            type: RollingUpdate
            rollingUpdate: {maxSurge: 1, maxUnavailable: "25%"}
        """
    )
    # What kubectl apply sends when the manifest switches to Recreate.
    patch = {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate", "rollingUpdate": None}}}
    result = apply_strategic_merge_patch(deployment, patch, typed("Deployment"))
    assert result == {"kind": "Deployment", "spec": {"replicas": 2, "strategy": {"type": "Recreate"}}}
    # Without the directive, rollingUpdate survives unless nulled.
    result = apply_strategic_merge_patch(deployment, {"spec": {"strategy": {"type": "Recreate"}}}, typed("Deployment"))
    assert result["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": "25%"}


def test_retain_keys_clears_fields_the_patch_does_not_name() -> None:
    deployment = {"spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}}}
    patch = {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}
    result = apply_strategic_merge_patch(deployment, patch, typed("Deployment"))
    assert result == {"spec": {"strategy": {"type": "Recreate"}}}


# --- apimachinery's own test vectors (MergeItem struct) -------------------------------------

KUBE_VECTORS = [
    pytest.param(
        "mergingIntList: [1, 2, 4]",
        "{$setElementOrder/mergingIntList: [1, 2, 3], mergingIntList: [3]}",
        "mergingIntList: [1, 2, 3, 4]",
        id="merge-lists-of-scalars",
    ),
    pytest.param("mergingIntList: [1, 2]", "mergingIntList: [2, 3]", "mergingIntList: [1, 2, 3]", id="scalar-union"),
    pytest.param(
        "mergingIntList: [1, 4, 2]",
        "{$setElementOrder/mergingIntList: [3, 1, 2], mergingIntList: [3]}",
        "mergingIntList: [3, 1, 4, 2]",
        id="add-primitive-preserve-order",
    ),
    pytest.param(
        "mergingIntList: [1, 2, 3]",
        "{$setElementOrder/mergingIntList: [2, 1], $deleteFromPrimitiveList/mergingIntList: [3]}",
        "mergingIntList: [2, 1]",
        id="delete-primitive-preserve-order",
    ),
    pytest.param(
        "mergingIntList: [1, 2, 3, 3]",
        "$deleteFromPrimitiveList/mergingIntList: [3]",
        "mergingIntList: [1, 2]",
        id="delete-all-duplicates",
    ),
    pytest.param("nonMergingIntList: [1, 2]", "nonMergingIntList: [2, 3]", "nonMergingIntList: [2, 3]", id="replace"),
    pytest.param(
        "mergingList: [{name: '1', other: a}, {name: '2', value: '2', other: b}]",
        "{$setElementOrder/mergingList: [{name: '3'}, {name: '1'}, {name: '2'}],"
        " mergingList: [{name: '3', value: '3'}]}",
        "mergingList: [{name: '3', value: '3'}, {name: '1', other: a}, {name: '2', value: '2', other: b}]",
        id="add-item-preserve-order",
    ),
    pytest.param(
        "mergingList: [{name: '1', other: a}, {name: '2', value: '2', other: b}]",
        """{$setElementOrder/mergingList: [{name: '1'}, {name: '4'}, {name: '2'}, {name: '3'}],
            mergingList: [{name: '4', value: '4'}, {name: '3', value: '3'}]}""",
        """mergingList: [{name: '1', other: a}, {name: '4', value: '4'}, {name: '2', value: '2', other: b},
                         {name: '3', value: '3'}]""",
        id="add-multiple-items-preserve-order",
    ),
    pytest.param(
        "mergingList: [{name: '1', other: a}, {name: '2', value: '2', other: b}, {name: '3', value: '3'}]",
        "{$setElementOrder/mergingList: [{name: '2'}, {name: '1'}], mergingList: [{name: '3', $patch: delete}]}",
        "mergingList: [{name: '2', value: '2', other: b}, {name: '1', other: a}]",
        id="delete-item-preserve-order",
    ),
    pytest.param(
        "mergingList: [{name: '1', other: a}, {name: '2', value: '2', other: b}, {name: '3', value: '3'}]",
        """{$setElementOrder/mergingList: [{name: '4'}, {name: '2'}, {name: '1'}],
            mergingList: [{name: '4', value: '4'}, {name: '3', $patch: delete}]}""",
        "mergingList: [{name: '4', value: '4'}, {name: '2', value: '2', other: b}, {name: '1', other: a}]",
        id="add-and-delete-item-preserve-order",
    ),
    pytest.param(
        "mergingList: [{name: '1', other: a}, {name: '3', value: '3'}, {name: '4', value: '4'},"
        " {name: '2'}, {name: '9'}]",
        "$setElementOrder/mergingList: [{name: '4'}, {name: '2'}, {name: '3'}, {name: '1'}]",
        "mergingList: [{name: '4', value: '4'}, {name: '2'}, {name: '3', value: '3'},"
        " {name: '1', other: a}, {name: '9'}]",
        id="set-order-with-server-only-items",
    ),
    pytest.param(
        """mergingList: [{name: '1', other: a}, {name: '2', value: '2'}, {name: '7'}, {name: '9'},
                        {name: '8'}, {name: '3', value: '3'}, {name: '4', value: '4'}]""",
        "$setElementOrder/mergingList: [{name: '2'}, {name: '1'}, {name: '4'}, {name: '3'}]",
        """mergingList: [{name: '2', value: '2'}, {name: '1', other: a}, {name: '7'}, {name: '9'},
                         {name: '8'}, {name: '4', value: '4'}, {name: '3', value: '3'}]""",
        id="set-order-with-server-only-items-3",
    ),
    pytest.param(
        """mergeItemPtr: [{name: '1', other: a,
                          mergeItemPtr: [{name: '1', value: a}, {name: '2', value: '2', other: b}]},
                         {name: '2', other: b}]""",
        """{$setElementOrder/mergeItemPtr: [{name: '1'}, {name: '2'}],
            mergeItemPtr: [{$setElementOrder/mergeItemPtr: [{name: '1'}, {name: '2'}], name: '1',
                            mergeItemPtr: [{name: '1', value: '1'}]}]}""",
        """mergeItemPtr: [{name: '1', other: a,
                           mergeItemPtr: [{name: '1', value: '1'}, {name: '2', value: '2', other: b}]},
                          {name: '2', other: b}]""",
        id="nested-set-order",
    ),
    pytest.param(
        "mergingList: [{name: hello2}]",
        "{$setElementOrder/mergingList: [{name: hello}, {name: doesntexist}], mergingList: [{name: hello}]}",
        "mergingList: [{name: hello}, {name: hello2}]",
        id="merge-with-delete-of-absent",
    ),
    pytest.param(
        "simpleMap: {key1: value1}",
        "simpleMap: {key2: value2, key1: null}",
        "simpleMap: {key2: value2}",
        id="simple-map",
    ),
]


@pytest.mark.parametrize(("current", "patch", "expected"), KUBE_VECTORS)
def test_apimachinery_vectors(current: str, patch: str, expected: str) -> None:
    assert apply_strategic_merge_patch(y(current), y(patch), typed("MergeItem")) == y(expected)


# --- directives and metadata edges -----------------------------------------------------------

WIDGET = {
    "config": {"a": "1", "nested": {"x": "1"}},
    "blob": {"keep": [1, 2], "deep": {"k": "v"}},
    "mixed": ["a"],
}

WIDGET_CASES = [
    pytest.param(
        {"config": {"b": "2", "nested": {"y": "2"}}},
        {**WIDGET, "config": {"b": "2", "nested": {"y": "2"}}},
        id="replace-strategy-object",
    ),
    pytest.param(
        {"blob": {"keep": [3], "deep": {"k": None, "n": 1}, "$setElementOrder/keep": [3]}},
        {**WIDGET, "blob": {"keep": [3], "deep": {"n": 1}}},
        id="unknown-subtree-merges-like-merge-patch",
    ),
    pytest.param(
        {"blob": {"deep": {"$patch": "replace", "z": 1}}},
        {**WIDGET, "blob": {"keep": [1, 2], "deep": {"z": 1}}},
        id="directives-still-honoured-in-unknown-subtree",
    ),
    pytest.param(
        {"extra": {"a": [{"b": None, "$patch": "delete"}, {"c": {"$retainKeys": ["x"], "x": 1}}]}},
        {**WIDGET, "extra": {"a": [{"c": {"x": 1}}]}},
        id="no-directive-leaks-from-new-values",
    ),
    pytest.param({"$patch": "delete"}, {}, id="top-level-delete"),
    pytest.param({"$patch": "replace", "mixed": ["z"], "gone": None}, {"mixed": ["z"]}, id="top-level-replace"),
    pytest.param({"mixed": "scalar-now"}, {**WIDGET, "mixed": "scalar-now"}, id="type-change-replaces"),
    pytest.param({"$retainKeys": ["config"]}, {"config": WIDGET["config"]}, id="retain-keys-top"),
]


@pytest.mark.parametrize(("patch", "expected"), WIDGET_CASES)
def test_widget_patches(patch: Any, expected: Any) -> None:
    assert apply_strategic_merge_patch(WIDGET, patch, typed("Widget")) == expected


ERRORS = [
    # 400: malformed directives (mergepatch.ErrBadPatchFormatFor*).
    pytest.param(
        "Pod",
        {"metadata": {"$deleteFromPrimitiveList": ["a"]}},
        400,
        "invalid patch format of primitive list",
        id="dfpl",
    ),
    pytest.param(
        "Pod",
        {"spec": {"$setElementOrderX/containers": []}},
        400,
        "invalid patch format of setElementOrder list",
        id="seo",
    ),
    pytest.param(
        "Deployment",
        {"spec": {"$retainKeys": "type"}},
        400,
        "invalid patch format of retainKeys",
        id="rk-type",
    ),
    pytest.param(
        "Deployment",
        {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate", "rollingUpdate": {"maxSurge": 2}}}},
        400,
        "invalid patch format of retainKeys",
        id="rk-content",
    ),
    pytest.param(
        "Pod",
        [],
        400,
        "json: cannot unmarshal array into Go value of type map[string]interface {}",
        id="body",
    ),
    # 422: lists of lists.
    pytest.param(
        "Widget",
        {"matrix": [["b"]]},
        422,
        "the server rejected our request due to an error in our request",
        id="lol",
    ),
    # 500 with kube's raw message: everything else.
    pytest.param(
        "Pod",
        {"spec": {"containers": [{"image": "x"}]}},
        500,
        "map: map[image:x] does not contain declared merge key: name",
        id="no-merge-key",
    ),
    pytest.param(
        "Pod",
        {"spec": {"containers": [{"$patch": "delete", "image": "x"}]}},
        500,
        "map: map[$patch:delete image:x] does not contain declared merge key: name",
        id="delete-without-key",
    ),
    pytest.param(
        "Pod",
        {"spec": {"containers": [{"$patch": "merge", "name": "app"}]}},
        500,
        "merging lists cannot yet be specified in the patch",
        id="list-patch-merge",
    ),
    pytest.param(
        "Pod",
        {"spec": {"securityContext": {"$patch": "merge"}}},
        500,
        "unknown patch type: merge in map: map[$patch:merge]",
        id="map-patch-merge",
    ),
    pytest.param(
        "Pod",
        {"spec": {"containers": [{"$patch": 1, "name": "app"}]}},
        500,
        "unknown patch type: %!s(int64=1) in map: map[$patch:1 name:app]",
        id="non-string-directive",
    ),
    pytest.param(
        "Pod",
        {"spec": {"containers": [{"$patch": "replace"}, {"image": "x"}]}},
        500,
        "map: map[image:x] does not contain declared merge key: name",
        id="replace-without-keys",
    ),
    pytest.param(
        "Widget",
        {"keyless": [{"a": "x"}]},
        500,
        "cannot merge lists without merge key for struct",
        id="keyless",
    ),
    pytest.param(
        "Widget",
        {"mixed": [1]},
        500,
        "list element types are not identical: [[a] [1]]",
        id="mixed-types",
    ),
    pytest.param("Widget", {"odd": ["x"]}, 500, "unexpected patch strategy: [merge replace]", id="bad-strategy"),
    pytest.param(
        "Pod",
        {"spec": {"$setElementOrder/containers": "app"}},
        500,
        "expected a []interface {}, but received a string",
        id="seo-not-list",
    ),
    pytest.param(
        "Pod",
        {
            "spec": {
                "$setElementOrder/containers": [{"name": "app"}],
                "containers": [{"name": "sidecar", "image": "s:2"}],
            }
        },
        500,
        "The order in patch list:\n[map[image:s:2 name:sidecar]]\n"
        " doesn't match $setElementOrder list:\n[map[name:app]]\n",
        id="seo-mismatch",
    ),
]


@pytest.mark.parametrize(("kind", "patch", "code", "message"), ERRORS)
def test_errors(kind: str, patch: Any, code: int, message: str) -> None:
    document = {**WIDGET, "matrix": [["a"]], "keyless": [{"a": "y"}], "odd": ["y"]} if kind == "Widget" else POD
    if kind == "Deployment":
        document = {"spec": {"strategy": {"type": "RollingUpdate"}}}
    with pytest.raises(StatusError) as caught:
        apply_strategic_merge_patch(document, patch, typed(kind))
    assert (caught.value.code, caught.value.message) == (code, message)
    expected_reason = {400: "BadRequest", 422: "Invalid", 500: ""}[code]
    assert caught.value.reason == expected_reason


def test_typed_equality_of_merge_keys() -> None:
    # Go compares merge keys by type and value: port 80 and port 80.0 are different elements.
    current = {"spec": {"containers": [{"name": "app", "ports": [{"containerPort": 80}]}]}}
    patch = {"spec": {"containers": [{"name": "app", "ports": [{"containerPort": 80.0, "name": "h"}]}]}}
    result = apply_strategic_merge_patch(current, patch, typed("Pod"))
    assert result["spec"]["containers"][0]["ports"] == [
        {"containerPort": 80.0, "name": "h"},
        {"containerPort": 80},
    ]


def test_deep_patch_is_handled_and_too_deep_is_400() -> None:
    deep: Any = "leaf"
    for _ in range(250):
        deep = {"a": deep}
    original: Any = "old"
    for _ in range(250):
        original = {"a": original}
    assert apply_strategic_merge_patch({"blob": original}, {"blob": deep}, typed("Widget")) == {"blob": deep}
    for _ in range(10):
        deep = {"a": deep}
    with pytest.raises(StatusError) as caught:
        apply_strategic_merge_patch({}, {"blob": deep}, typed("Widget"))
    assert caught.value.code == 400


# --- properties ----------------------------------------------------------------------------

_scalars = st.booleans() | st.integers(-5, 5) | st.text(alphabet="abc", max_size=3)
_keys = st.text(alphabet="abcxyz", max_size=3)
_values = st.recursive(
    _scalars | st.none(),
    lambda children: (
        st.lists(children.filter(lambda v: v is not None), max_size=3) | st.dictionaries(_keys, children, max_size=3)
    ),
    max_leaves=10,
)
_objects = st.dictionaries(_keys, _values, max_size=4)
_NO_SCHEMA = TypedSchema(schemas=SchemaSet(), root={"type": "object", "x-kubernetes-preserve-unknown-fields": True})


def _containers(value: Any) -> set[int]:
    found: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list):
            found.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
    return found


def _prune_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune_nulls(v) for v in value]
    return value


@given(document=_objects)
def test_empty_patch_is_identity(document: dict[str, Any]) -> None:
    assert apply_strategic_merge_patch(document, {}, _NO_SCHEMA) == document
    assert apply_strategic_merge_patch(POD, {}, typed("Pod")) == POD


@given(document=_objects, patch=_objects)
def test_without_schema_it_is_a_merge_patch(document: dict[str, Any], patch: dict[str, Any]) -> None:
    # No list metadata and no directives: strategic merge patch is JSON merge patch (with kube's
    # null-discarding for values the patch brings in).
    expected = apply_merge_patch(document, patch)
    assert apply_strategic_merge_patch(document, patch, _NO_SCHEMA) == _prune_nulls_in_patched(
        expected, document, patch
    )


def _prune_nulls_in_patched(expected: Any, document: dict[str, Any], patch: dict[str, Any]) -> Any:
    # merge patch keeps nulls inside arrays that replace objects; SMP discards them everywhere.
    result = dict(expected)
    for key, value in patch.items():
        if (
            value is not None
            and key in result
            and not (isinstance(value, dict) and isinstance(document.get(key), dict))
        ):
            result[key] = _prune_nulls(result[key])
    return result


_env_var: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {"name": st.sampled_from("ABC")}, optional={"value": st.text(max_size=2)}
)
_container: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {"name": st.sampled_from(["app", "sidecar", "x"])},
    optional={
        "image": st.text(alphabet="ab:1", max_size=4),
        "env": st.lists(_env_var, unique_by=lambda e: e["name"]),
    },
)
_pod_patches = st.fixed_dictionaries(
    {},
    optional={
        "metadata": st.fixed_dictionaries(
            {},
            optional={
                "labels": st.dictionaries(_keys, st.none() | st.text(max_size=2), max_size=2),
                "finalizers": st.lists(st.sampled_from("abcd"), max_size=3),
                "$deleteFromPrimitiveList/finalizers": st.lists(st.sampled_from("abcd"), max_size=2),
            },
        ),
        "spec": st.fixed_dictionaries(
            {},
            optional={
                "containers": st.lists(_container, max_size=3, unique_by=lambda c: c["name"]),
                "tolerations": st.lists(st.fixed_dictionaries({"key": st.text(max_size=2)}), max_size=2),
                "securityContext": st.none() | st.fixed_dictionaries({"runAsUser": st.integers(0, 9)}),
            },
        ),
    },
)


@given(patch=_pod_patches)
def test_pod_patches_never_mutate_nor_share(patch: dict[str, Any]) -> None:
    pod_before, patch_before = copy.deepcopy(POD), copy.deepcopy(patch)
    result = apply_strategic_merge_patch(POD, patch, typed("Pod"))
    assert (POD, patch) == (pod_before, patch_before)
    assert not _containers(result) & (_containers(POD) | _containers(patch))
    # Merged lists keep one element per merge key, and every patched container is there.
    names = [c["name"] for c in result["spec"]["containers"]]
    assert len(names) == len(set(names))
    assert {c["name"] for c in patch.get("spec", {}).get("containers", [])} <= set(names)
    # With no duplicate keys in the patch, applying it again changes nothing.
    assert apply_strategic_merge_patch(result, patch, typed("Pod")) == result
