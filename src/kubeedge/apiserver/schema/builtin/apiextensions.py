"""apiextensions.k8s.io/v1: CustomResourceDefinition, down to the recursive JSONSchemaProps.

JSONSchemaProps refers to itself through ``$ref`` (properties, items, allOf ...). The "either"
types of the Go API (JSONSchemaPropsOrArray, JSONSchemaPropsOrBool, JSONSchemaPropsOrStringArray)
and JSON (defaults, examples, enum values) hold any JSON value; they carry
``x-kubernetes-preserve-unknown-fields`` so that walkers keep their content unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.schema.builtin._dsl import (
    APIEXT,
    apiext,
    array,
    boolean,
    bytes_,
    double,
    int32,
    int64,
    kind,
    list_kind,
    meta,
    obj,
    string,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["DEFINITIONS"]


def _any_json(description: str) -> Schema:
    # No "type": the value may be an object, an array, a string, a number, a boolean or null.
    return {"description": description, "x-kubernetes-preserve-unknown-fields": True}


DEFINITIONS: dict[str, Schema] = {
    APIEXT + "CustomResourceColumnDefinition": obj(
        "CustomResourceColumnDefinition specifies a column for server side printing.",
        {
            "description": string(),
            "format": string(),
            "jsonPath": string(),
            "name": string(),
            "priority": int32(),
            "type": string(),
        },
        required=["jsonPath", "name", "type"],
    ),
    APIEXT + "CustomResourceConversion": obj(
        "CustomResourceConversion describes how to convert different versions of a CR.",
        {
            "strategy": string(),
            "webhook": apiext("WebhookConversion"),
        },
        required=["strategy"],
    ),
    APIEXT + "CustomResourceDefinition": kind(
        "Represents a resource served by the API server under a new name.",
        ("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": apiext("CustomResourceDefinitionSpec"),
            "status": apiext("CustomResourceDefinitionStatus"),
        },
        required=["spec"],
    ),
    APIEXT + "CustomResourceDefinitionCondition": obj(
        "The state of a CustomResourceDefinition at a point in time.",
        {
            "lastTransitionTime": meta("Time"),
            "message": string(),
            "observedGeneration": int64(),
            "reason": string(),
            "status": string(),
            "type": string(),
        },
        required=["status", "type"],
    ),
    APIEXT + "CustomResourceDefinitionList": list_kind(
        "CustomResourceDefinitionList is a list of CustomResourceDefinition objects.",
        ("apiextensions.k8s.io", "v1", "CustomResourceDefinitionList"),
        apiext("CustomResourceDefinition"),
    ),
    APIEXT + "CustomResourceDefinitionNames": obj(
        "The names under which a CustomResourceDefinition is served.",
        {
            "categories": array(string(), list_type="atomic"),
            "kind": string(),
            "listKind": string(),
            "plural": string(),
            "shortNames": array(string(), list_type="atomic"),
            "singular": string(),
        },
        required=["kind", "plural"],
    ),
    APIEXT + "CustomResourceDefinitionSpec": obj(
        "How a user wants their custom resource to appear.",
        {
            "conversion": apiext("CustomResourceConversion"),
            "group": string(),
            "names": apiext("CustomResourceDefinitionNames"),
            "preserveUnknownFields": boolean(),
            "scope": string(),
            "versions": array(apiext("CustomResourceDefinitionVersion"), list_type="atomic"),
        },
        required=["group", "names", "scope", "versions"],
    ),
    APIEXT + "CustomResourceDefinitionStatus": obj(
        "The observed state of a CustomResourceDefinition.",
        {
            "acceptedNames": apiext("CustomResourceDefinitionNames"),
            "conditions": array(apiext("CustomResourceDefinitionCondition"), keys=["type"]),
            "observedGeneration": int64(),
            "storedVersions": array(string(), list_type="atomic"),
        },
    ),
    APIEXT + "CustomResourceDefinitionVersion": obj(
        "CustomResourceDefinitionVersion describes a version for CRD.",
        {
            "additionalPrinterColumns": array(apiext("CustomResourceColumnDefinition"), list_type="atomic"),
            "deprecated": boolean(),
            "deprecationWarning": string(),
            "name": string(),
            "schema": apiext("CustomResourceValidation"),
            "selectableFields": array(apiext("SelectableField"), list_type="atomic"),
            "served": boolean(),
            "storage": boolean(),
            "subresources": apiext("CustomResourceSubresources"),
        },
        required=["name", "served", "storage"],
    ),
    APIEXT + "CustomResourceSubresourceScale": obj(
        "How to serve the scale subresource of a custom resource.",
        {
            "labelSelectorPath": string(),
            "specReplicasPath": string(),
            "statusReplicasPath": string(),
        },
        required=["specReplicasPath", "statusReplicasPath"],
    ),
    APIEXT + "CustomResourceSubresources": obj(
        "The status and scale subresources of a custom resource.",
        {
            "scale": apiext("CustomResourceSubresourceScale"),
            "status": apiext("CustomResourceSubresourceStatus"),
        },
    ),
    APIEXT + "CustomResourceSubresourceStatus": obj(
        "Enables the status subresource; has no fields.",
        {},
    ),
    APIEXT + "CustomResourceValidation": obj(
        "CustomResourceValidation is a list of validation methods for CustomResources.",
        {
            "openAPIV3Schema": apiext("JSONSchemaProps"),
        },
    ),
    APIEXT + "ExternalDocumentation": obj(
        "A reference to external documentation.",
        {
            "description": string(),
            "url": string(),
        },
    ),
    APIEXT + "JSON": _any_json("Any JSON value."),
    APIEXT + "JSONSchemaProps": obj(
        "A JSON-Schema (draft 4) with Kubernetes extensions.",
        {
            "$ref": string(),
            "$schema": string(),
            "additionalItems": apiext("JSONSchemaPropsOrBool"),
            "additionalProperties": apiext("JSONSchemaPropsOrBool"),
            "allOf": array(apiext("JSONSchemaProps")),
            "anyOf": array(apiext("JSONSchemaProps")),
            "default": apiext("JSON"),
            "definitions": {"type": "object", "additionalProperties": apiext("JSONSchemaProps")},
            "dependencies": {
                "type": "object",
                "additionalProperties": apiext("JSONSchemaPropsOrStringArray"),
            },
            "description": string(),
            "enum": array(apiext("JSON")),
            "example": apiext("JSON"),
            "exclusiveMaximum": boolean(),
            "exclusiveMinimum": boolean(),
            "externalDocs": apiext("ExternalDocumentation"),
            "format": string(),
            "id": string(),
            "items": apiext("JSONSchemaPropsOrArray"),
            "maxItems": int64(),
            "maxLength": int64(),
            "maxProperties": int64(),
            "maximum": double(),
            "minItems": int64(),
            "minLength": int64(),
            "minProperties": int64(),
            "minimum": double(),
            "multipleOf": double(),
            "not": apiext("JSONSchemaProps"),
            "nullable": boolean(),
            "oneOf": array(apiext("JSONSchemaProps")),
            "pattern": string(),
            "patternProperties": {"type": "object", "additionalProperties": apiext("JSONSchemaProps")},
            "properties": {"type": "object", "additionalProperties": apiext("JSONSchemaProps")},
            "required": array(string()),
            "title": string(),
            "type": string(),
            "uniqueItems": boolean(),
            "x-kubernetes-embedded-resource": boolean(),
            "x-kubernetes-int-or-string": boolean(),
            "x-kubernetes-list-map-keys": array(string(), list_type="atomic"),
            "x-kubernetes-list-type": string(),
            "x-kubernetes-map-type": string(),
            "x-kubernetes-preserve-unknown-fields": boolean(),
            "x-kubernetes-validations": array(apiext("ValidationRule"), keys=["rule"], merge="rule"),
        },
    ),
    APIEXT + "JSONSchemaPropsOrArray": _any_json("A JSONSchemaProps or an array of them."),
    APIEXT + "JSONSchemaPropsOrBool": _any_json("A JSONSchemaProps or a boolean."),
    APIEXT + "JSONSchemaPropsOrStringArray": _any_json("A JSONSchemaProps or an array of strings."),
    APIEXT + "SelectableField": obj(
        "The JSON path of a field usable with field selectors.",
        {
            "jsonPath": string(),
        },
        required=["jsonPath"],
    ),
    APIEXT + "ServiceReference": obj(
        "A reference to a Service.",
        {
            "name": string(),
            "namespace": string(),
            "path": string(),
            "port": int32(),
        },
        required=["name", "namespace"],
    ),
    APIEXT + "ValidationRule": obj(
        "ValidationRule describes a validation rule written in the CEL expression language.",
        {
            "fieldPath": string(),
            "message": string(),
            "messageExpression": string(),
            "optionalOldSelf": boolean(),
            "reason": string(),
            "rule": string(),
        },
        required=["rule"],
    ),
    APIEXT + "WebhookClientConfig": obj(
        "WebhookClientConfig contains the information to make a TLS connection with the webhook.",
        {
            "caBundle": bytes_(),
            "service": apiext("ServiceReference"),
            "url": string(),
        },
    ),
    APIEXT + "WebhookConversion": obj(
        "How to call a conversion webhook.",
        {
            "clientConfig": apiext("WebhookClientConfig"),
            "conversionReviewVersions": array(string(), list_type="atomic"),
        },
        required=["conversionReviewVersions"],
    ),
}
