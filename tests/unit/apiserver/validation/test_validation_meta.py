"""ObjectMeta validation on create and update."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from kubeedge.apiserver.errors import FieldError, FieldErrorType
from kubeedge.apiserver.validation import meta, names
from kubeedge.apiserver.validation.gotext import GoValue

SUBDOMAIN_MSG = names.is_dns1123_subdomain("X")[0]
LABEL_MSG = names.is_dns1123_label("X")[0]
QUALIFIED_NAME_PART = names.is_qualified_name("-x")[0]
LABEL_VALUE_MSG = names.is_valid_label_value("-x")[0]


def valid_meta() -> dict[str, Any]:
    return {
        "name": "web",
        "namespace": "default",
        "labels": {"app": "web", "app.kubernetes.io/name": "web"},
        "annotations": {"Example.com/Note": "anything goes here"},
        "finalizers": ["example.com/cleanup"],
        "ownerReferences": [
            {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-1", "uid": "u1", "controller": True}
        ],
        "managedFields": [{"manager": "kubectl", "operation": "Update", "fieldsType": "FieldsV1"}],
    }


def create(m: dict[str, Any], *, namespaced: bool = True) -> list[FieldError]:
    return meta.validate_object_meta(m, namespaced=namespaced, name_validator=names.name_is_dns_subdomain)


Mutation = Callable[[dict[str, Any]], None]

CREATE_CASES: list[tuple[str, Mutation, list[FieldError]]] = [
    (
        "name missing",
        lambda m: m.pop("name"),
        [FieldError.required("metadata.name", "name or generateName is required")],
    ),
    (
        "name invalid",
        lambda m: m.update(name="Web"),
        [FieldError.invalid("metadata.name", "Web", SUBDOMAIN_MSG)],
    ),
    (
        "generateName checked as prefix",
        lambda m: m.update(generateName="Web-"),
        [FieldError.invalid("metadata.generateName", "Web-", SUBDOMAIN_MSG)],
    ),
    ("namespace missing", lambda m: m.pop("namespace"), [FieldError.required("metadata.namespace")]),
    (
        "namespace invalid",
        lambda m: m.update(namespace="a.b"),
        [FieldError.invalid("metadata.namespace", "a.b", "must not contain dots")],
    ),
    (
        "negative generation",
        lambda m: m.update(generation=-1),
        [FieldError.invalid("metadata.generation", -1, "must be greater than or equal to 0")],
    ),
    (
        "bad label key",
        lambda m: m["labels"].update({"-x": "v"}),
        [FieldError.invalid("metadata.labels", "-x", QUALIFIED_NAME_PART)],
    ),
    (
        "bad label value",
        lambda m: m["labels"].update({"x": "-v"}),
        [FieldError.invalid("metadata.labels", "-v", LABEL_VALUE_MSG.replace("-x", "-v"))],
    ),
    (
        "bad annotation key",
        lambda m: m["annotations"].update({"a/b/c": "v"}),
        [FieldError.invalid("metadata.annotations", "a/b/c", names.is_qualified_name("a/b/c")[0])],
    ),
    (
        "annotations over 256KiB",
        lambda m: m["annotations"].update({"big": "x" * (256 * 1024)}),
        [FieldError(FieldErrorType.TOO_LONG, "metadata.annotations", detail="may not be more than 262144 bytes")],
    ),
    (
        "owner reference without version, kind, name, uid",
        lambda m: m.update(ownerReferences=[{"apiVersion": "apps/"}]),
        [
            FieldError.invalid("metadata.ownerReferences.apiVersion", "apps/", "version must not be empty"),
            FieldError.invalid("metadata.ownerReferences.kind", "", "must not be empty"),
            FieldError.invalid("metadata.ownerReferences.name", "", "must not be empty"),
            FieldError.invalid("metadata.ownerReferences.uid", "", "must not be empty"),
        ],
    ),
    (
        "two controllers",
        lambda m: m["ownerReferences"].append(
            {"apiVersion": "v1", "kind": "Node", "name": "n1", "uid": "u2", "controller": True}
        ),
        [
            FieldError.invalid(
                "metadata.ownerReferences",
                GoValue(
                    '[]v1.OwnerReference{v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", '
                    'Name:"web-1", UID:"u1", Controller:&true, BlockOwnerDeletion:(*bool)(nil)}, '
                    'v1.OwnerReference{APIVersion:"v1", Kind:"Node", Name:"n1", UID:"u2", Controller:&true, '
                    "BlockOwnerDeletion:(*bool)(nil)}}"
                ),
                'Only one reference can have Controller set to true. Found "true" in references for '
                "ReplicaSet/web-1 and Node/n1",
            )
        ],
    ),
    (
        "event as owner",
        lambda m: m.update(ownerReferences=[{"apiVersion": "v1", "kind": "Event", "name": "e", "uid": "u"}]),
        [
            FieldError.invalid(
                "metadata.ownerReferences",
                GoValue(
                    'v1.OwnerReference{APIVersion:"v1", Kind:"Event", Name:"e", UID:"u", '
                    "Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}"
                ),
                "/v1, Kind=Event is disallowed from being an owner",
            )
        ],
    ),
    (
        "finalizer not qualified",
        lambda m: m.update(finalizers=["a/b/c"]),
        [FieldError.invalid("metadata.finalizers", "a/b/c", names.is_qualified_name("a/b/c")[0])],
    ),
    (
        "non-standard short finalizer",
        lambda m: m.update(finalizers=["cleanup"]),
        [
            FieldError.invalid(
                "metadata.finalizers[0]",
                "cleanup",
                "name is neither a standard finalizer name nor is it fully qualified",
            )
        ],
    ),
    (
        "orphan and foreground",
        lambda m: m.update(finalizers=["orphan", "foregroundDeletion"]),
        [
            FieldError.invalid(
                "metadata.finalizers",
                GoValue('[]string{"orphan", "foregroundDeletion"}'),
                "finalizer orphan and foregroundDeletion cannot be both set",
            )
        ],
    ),
    (
        "managed fields shape",
        lambda m: m.update(
            managedFields=[
                {
                    "manager": "x" * 129,
                    "operation": "Patch",
                    "fieldsType": "FieldsV2",
                    "subresource": "s" * 257,
                }
            ]
        ),
        [
            FieldError.invalid("metadata.managedFields[0].operation", "Patch", "must be `Apply` or `Update`"),
            FieldError.invalid("metadata.managedFields[0].fieldsType", "FieldsV2", "must be `FieldsV1`"),
            FieldError(
                FieldErrorType.TOO_LONG,
                "metadata.managedFields[0].manager",
                detail="may not be more than 128 bytes",
            ),
            FieldError(
                FieldErrorType.TOO_LONG,
                "metadata.managedFields[0].subresource",
                detail="may not be more than 256 bytes",
            ),
        ],
    ),
    (
        "unprintable manager",
        lambda m: m.update(managedFields=[{"manager": "a\x07", "operation": "Apply"}]),
        [FieldError.invalid("metadata.managedFields[0].manager", "a\x07", "invalid character U+0007 (at position 1)")],
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CREATE_CASES], ids=[c[0] for c in CREATE_CASES])
def test_object_meta_create(mutate: Mutation, expected: list[FieldError]) -> None:
    m = valid_meta()
    mutate(m)
    assert create(m) == expected


def test_valid_meta_has_no_errors() -> None:
    assert create(valid_meta()) == []


def test_cluster_scoped_forbids_namespace() -> None:
    assert create(valid_meta(), namespaced=False) == [
        FieldError.forbidden("metadata.namespace", "not allowed on this type")
    ]


def test_template_meta_checks_labels_and_annotations_only() -> None:
    assert meta.validate_template_meta({"name": "Bad_Name", "labels": {"x": "-v"}}, "spec.template") == [
        FieldError.invalid("spec.template.labels", "-v", LABEL_VALUE_MSG.replace("-x", "-v"))
    ]


def _stored() -> dict[str, Any]:
    m = valid_meta()
    m.update(uid="u-1", resourceVersion="5", generation=2, creationTimestamp="2024-01-02T03:04:05Z")
    return m


UPDATE_CASES: list[tuple[str, Mutation, list[FieldError]]] = [
    (
        "name changed",
        lambda m: m.update(name="other"),
        [FieldError.invalid("metadata.name", "other", "field is immutable")],
    ),
    (
        "uid changed",
        lambda m: m.update(uid="u-2"),
        [FieldError.invalid("metadata.uid", "u-2", "field is immutable")],
    ),
    (
        "namespace changed",
        lambda m: m.update(namespace="other"),
        [FieldError.invalid("metadata.namespace", "other", "field is immutable")],
    ),
    (
        "creation timestamp changed",
        lambda m: m.update(creationTimestamp="2025-01-01T00:00:00Z"),
        [
            FieldError.invalid(
                "metadata.creationTimestamp", GoValue("2025-01-01 00:00:00 +0000 UTC"), "field is immutable"
            )
        ],
    ),
    (
        "deletion timestamp set by update",
        lambda m: m.update(deletionTimestamp="2025-01-01T00:00:00Z"),
        [
            FieldError.invalid(
                "metadata.deletionTimestamp", GoValue("2025-01-01 00:00:00 +0000 UTC"), "field is immutable"
            )
        ],
    ),
    (
        "grace period set by update",
        lambda m: m.update(deletionGracePeriodSeconds=30),
        [FieldError.invalid("metadata.deletionGracePeriodSeconds", 30, "field is immutable")],
    ),
    (
        "resourceVersion missing",
        lambda m: m.pop("resourceVersion"),
        [FieldError.invalid("metadata.resourceVersion", "", "must be specified for an update")],
    ),
    (
        "generation decremented",
        lambda m: m.update(generation=1),
        [FieldError.invalid("metadata.generation", 1, "must not be decremented")],
    ),
    (
        "labels still validated",
        lambda m: m["labels"].update({"k": "-v"}),
        [FieldError.invalid("metadata.labels", "-v", LABEL_VALUE_MSG.replace("-x", "-v"))],
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in UPDATE_CASES], ids=[c[0] for c in UPDATE_CASES])
def test_object_meta_update(mutate: Mutation, expected: list[FieldError]) -> None:
    old = _stored()
    new = copy.deepcopy(old)
    mutate(new)
    assert meta.validate_object_meta_update(new, old) == expected


def test_finalizers_cannot_be_added_while_deleting_but_can_be_removed() -> None:
    old = _stored()
    old.update(deletionTimestamp="2025-01-01T00:00:00Z", deletionGracePeriodSeconds=0)
    new = copy.deepcopy(old)
    new["finalizers"] = ["example.com/cleanup", "example.com/b", "example.com/a"]
    assert meta.validate_object_meta_update(new, old) == [
        FieldError.forbidden(
            "metadata.finalizers",
            "no new finalizers can be added if the object is being deleted, found new finalizers "
            '[]string{"example.com/a", "example.com/b"}',
        )
    ]
    new["finalizers"] = []
    assert meta.validate_object_meta_update(new, old) == []


def test_label_selector() -> None:
    selector = {
        "matchLabels": {"app": "web"},
        "matchExpressions": [
            {"key": "tier", "operator": "In", "values": []},
            {"key": "x", "operator": "Exists", "values": ["a"]},
            {"key": "y", "operator": "Gt", "values": ["1"]},
            {"key": "z", "operator": "NotIn", "values": ["-bad"]},
        ],
    }
    assert meta.validate_label_selector(selector, "spec.selector") == [
        FieldError.required(
            "spec.selector.matchExpressions[0].values", "must be specified when `operator` is 'In' or 'NotIn'"
        ),
        FieldError.forbidden(
            "spec.selector.matchExpressions[1].values",
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        ),
        FieldError.invalid("spec.selector.matchExpressions[2].operator", "Gt", "not a valid selector operator"),
        FieldError.invalid(
            "spec.selector.matchExpressions[3].values[0]", "-bad", LABEL_VALUE_MSG.replace("-x", "-bad")
        ),
    ]
    assert meta.validate_label_selector(None, "spec.selector") == []
