"""CustomResourceDefinition validation (schema contents are checked elsewhere)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import crd, names
from kubeedge.apiserver.validation.gotext import GoValue

SCHEMA = {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}}
VERSIONS = GoValue("[]apiextensions.CustomResourceDefinitionVersion{...}")


def device_crd() -> dict[str, Any]:
    """The KubeEdge Device CRD after defaulting."""
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "devices.devices.kubeedge.io"},
        "spec": {
            "group": "devices.kubeedge.io",
            "names": {"plural": "devices", "singular": "device", "kind": "Device", "listKind": "DeviceList"},
            "scope": "Namespaced",
            "versions": [
                {
                    "name": "v1beta1",
                    "served": True,
                    "storage": True,
                    "schema": copy.deepcopy(SCHEMA),
                    "subresources": {"status": {}},
                }
            ],
            "conversion": {"strategy": "None"},
        },
        "status": {"storedVersions": ["v1beta1"]},
    }


Mutation = Callable[[dict[str, Any]], object]


def spec(c: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = c["spec"]
    return result


def version(c: dict[str, Any], i: int = 0) -> dict[str, Any]:
    result: dict[str, Any] = c["spec"]["versions"][i]
    return result


def second_version(c: dict[str, Any], **fields: Any) -> None:
    spec(c)["versions"].append(
        {"name": "v1", "served": True, "storage": False, "schema": copy.deepcopy(SCHEMA), **fields}
    )


CASES: list[tuple[str, Mutation, list[FieldError]]] = [
    (
        "name must be plural.group",
        lambda c: c["metadata"].update(name="device.devices.kubeedge.io"),
        [FieldError.invalid("metadata.name", "device.devices.kubeedge.io", 'must be spec.names.plural+"."+spec.group')],
    ),
    (
        "group needs a dot",
        lambda c: (spec(c).update(group="devices"), c["metadata"].update(name="devices.devices")),
        [FieldError.invalid("spec.group", "devices", "should be a domain with at least one dot")],
    ),
    (
        "scope",
        lambda c: spec(c).update(scope="Global"),
        [FieldError.not_supported("spec.scope", "Global", ["Cluster", "Namespaced"])],
    ),
    (
        "version name",
        lambda c: (version(c).update(name="V1"), c["status"].update(storedVersions=["V1"])),
        [FieldError.invalid("spec.versions[0].name", "V1", names.is_dns1035_label("V1")[0])],
    ),
    (
        "no storage version",
        lambda c: version(c).update(storage=False),
        [
            FieldError.invalid("spec.versions", VERSIONS, "must have exactly one version marked as storage version"),
        ],
    ),
    (
        "two storage versions",
        lambda c: second_version(c, storage=True),
        [
            FieldError.invalid("spec.versions", VERSIONS, "must have exactly one version marked as storage version"),
            FieldError.invalid(
                "status.storedVersions", GoValue('[]string{"v1beta1"}'), "must have the storage version v1"
            ),
        ],
    ),
    (
        "duplicate versions",
        lambda c: second_version(c, name="v1beta1"),
        [FieldError.invalid("spec.versions", VERSIONS, "must contain unique version names")],
    ),
    (
        "schema required (single version: reported at the folded path)",
        lambda c: version(c).pop("schema"),
        [FieldError.required("spec.versions[0].schema.openAPIV3Schema", "schemas are required")],
    ),
    (
        "names required",
        lambda c: spec(c).update(names={"plural": "devices"}),
        [
            FieldError.required("spec.names.singular"),
            FieldError.required("spec.names.kind"),
            FieldError.required("spec.names.listKind"),
        ],
    ),
    (
        "names format",
        lambda c: spec(c)["names"].update(kind="Device", listKind="Device", shortNames=["dev_1"], categories=["all"]),
        [
            FieldError.invalid("spec.names.shortNames[0]", "dev_1", names.is_dns1035_label("dev_1")[0]),
            FieldError.invalid("spec.names.listKind", "Device", "kind and listKind may not be the same"),
        ],
    ),
    (
        "kind may be mixed case but not punctuated",
        lambda c: spec(c)["names"].update(kind="Dev_ice"),
        [
            FieldError.invalid(
                "spec.names.kind",
                "Dev_ice",
                "may have mixed case, but should otherwise match: " + names.is_dns1035_label("dev_ice")[0],
            )
        ],
    ),
    (
        "scale paths (single version: folded)",
        lambda c: version(c)["subresources"].update(
            scale={"specReplicasPath": "spec.replicas", "statusReplicasPath": ".replicas"}
        ),
        [
            FieldError.invalid(
                "spec.subresources.scale.specReplicasPath",
                "spec.replicas",
                "must be a simple json path starting with .",
            ),
            FieldError.invalid(
                "spec.subresources.scale.statusReplicasPath",
                ".replicas",
                "should be a json path under .status",
            ),
        ],
    ),
    (
        "scale paths per version",
        lambda c: second_version(c, subresources={"scale": {"specReplicasPath": ".spec.r"}}),
        [FieldError.required("spec.versions[1].subresources.scale.statusReplicasPath")],
    ),
    (
        "printer columns",
        lambda c: version(c).update(
            additionalPrinterColumns=[{"name": "", "type": "text", "format": "uuid", "jsonPath": "status.x"}]
        ),
        [
            FieldError.required("spec.additionalPrinterColumns[0].name"),
            FieldError.invalid(
                "spec.additionalPrinterColumns[0].type",
                "text",
                "must be one of boolean,date,integer,number,string",
            ),
            FieldError.invalid(
                "spec.additionalPrinterColumns[0].format",
                "uuid",
                "must be one of byte,date,date-time,double,float,int32,int64,password",
            ),
            FieldError.invalid(
                "spec.additionalPrinterColumns[0].JSONPath",
                "status.x",
                "must be a simple json path starting with .",
            ),
        ],
    ),
    (
        "webhook conversion",
        lambda c: spec(c).update(
            conversion={
                "strategy": "Webhook",
                "webhook": {"clientConfig": {"url": "http://x?y=1"}, "conversionReviewVersions": ["v2"]},
            }
        ),
        [
            FieldError.invalid(
                "spec.conversion.webhookClientConfig.url",
                "http",
                "'https' is the only allowed URL scheme; desired format: https://host[/path]",
            ),
            FieldError.invalid(
                "spec.conversion.webhookClientConfig.url",
                "y=1",
                "query parameters are not permitted in the URL",
            ),
            FieldError.invalid(
                "spec.conversion.conversionReviewVersions",
                GoValue('[]string{"v2"}'),
                "must include at least one of v1, v1beta1",
            ),
        ],
    ),
    (
        "webhook service",
        lambda c: spec(c).update(
            conversion={
                "strategy": "Webhook",
                "webhook": {
                    "clientConfig": {"service": {"name": "conv", "namespace": "x", "path": "/Bad", "port": 443}},
                    "conversionReviewVersions": ["v1"],
                },
            }
        ),
        [
            FieldError.invalid(
                "spec.conversion.webhookClientConfig.service.path",
                "/Bad",
                "segment[0]: " + names.is_dns1123_subdomain("Bad")[0],
            )
        ],
    ),
    (
        "None conversion with webhook settings",
        lambda c: spec(c).update(conversion={"strategy": "None", "webhook": {"conversionReviewVersions": ["v1"]}}),
        [
            FieldError.forbidden(
                "spec.conversion.conversionReviewVersions",
                "should not be set when strategy is not set to Webhook",
            )
        ],
    ),
    (
        "stored versions must be served",
        lambda c: c["status"].update(storedVersions=["v1beta1", "v1alpha1"]),
        [
            FieldError.invalid(
                "status.storedVersions[1]",
                "v1alpha1",
                "missing from spec.versions; v1alpha1 was previously a storage version, and must remain in "
                "spec.versions until a storage migration ensures no data remains persisted in v1alpha1 and removes "
                "v1alpha1 from status.storedVersions",
            )
        ],
    ),
    (
        "no stored versions",
        lambda c: c.pop("status"),
        [
            FieldError.invalid(
                "status.storedVersions", GoValue("[]string(nil)"), "must have at least one stored version"
            )
        ],
    ),
    (
        "preserveUnknownFields true",
        lambda c: spec(c).update(preserveUnknownFields=True),
        [
            FieldError.invalid(
                "spec.preserveUnknownFields",
                True,
                "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in "
                "spec.versions[*].schema instead",
            )
        ],
    ),
    (
        "protected group needs approval",
        lambda c: (
            spec(c).update(group="devices.k8s.io"),
            c["metadata"].update(name="devices.devices.k8s.io"),
        ),
        [
            FieldError.required(
                "metadata.annotations[api-approved.kubernetes.io]",
                'protected groups must have approval annotation "api-approved.kubernetes.io", '
                "see https://github.com/kubernetes/enhancements/pull/1111",
            )
        ],
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_crd(mutate: Mutation, expected: list[FieldError]) -> None:
    c = device_crd()
    mutate(c)
    assert crd.validate_crd(c) == expected


def test_valid_crd() -> None:
    assert crd.validate_crd(device_crd()) == []


def test_schema_errors_are_placed_where_kube_reports_them() -> None:
    c = device_crd()
    assert crd.schema_path(c, 0) == "spec.validation.openAPIV3Schema"
    second_version(c, schema={"openAPIV3Schema": {"type": "object"}})
    assert crd.schema_path(c, 1) == "spec.versions[1].schema.openAPIV3Schema"
    problem = FieldError.required("spec.versions[1].schema.openAPIV3Schema.properties[spec].type", "must not be empty")
    assert crd.validate_crd(c, schema_errors=[problem]) == [problem]


def test_update_immutables() -> None:
    old = device_crd()
    old["metadata"].update(uid="u", resourceVersion="2")
    old["status"]["conditions"] = [{"type": "Established", "status": "True"}]
    new = copy.deepcopy(old)
    spec(new)["scope"] = "Cluster"
    spec(new)["names"].update(kind="Gadget", listKind="GadgetList", singular="gadget")
    assert crd.validate_crd_update(new, old) == [
        FieldError.invalid("spec.scope", "Cluster", "field is immutable"),
        FieldError.invalid("spec.names.kind", "Gadget", "field is immutable"),
    ]
    new_version = copy.deepcopy(old)
    second_version(new_version, schema={"openAPIV3Schema": {"type": "object"}})
    assert crd.validate_crd_update(new_version, old) == []


def test_status_update_checks_accepted_names() -> None:
    old = device_crd()
    old["metadata"].update(uid="u", resourceVersion="2")
    new = copy.deepcopy(old)
    new["status"]["acceptedNames"] = {"plural": "Devices", "kind": "Device"}
    assert crd.validate_crd_status_update(new, old) == [
        FieldError.invalid("status.acceptedNames.plural", "Devices", names.is_dns1035_label("Devices")[0])
    ]
