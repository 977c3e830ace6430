"""gnostic's ``openapi.v2`` messages, transcribed from ``openapiv2/OpenAPIv2.proto``, keyed by JSON.

Four shapes cover the Swagger 2.0 document:

- :data:`STRUCTS`: messages with fixed JSON keys, each key mapped to its field number and kind,
  plus the field number of the message's ``vendor_extension`` (``NamedAny``) if it has one;
- :data:`MAPS`: JSON maps, sent as a wrapper whose field 1 repeats ``Named<X>`` pairs
  (name = 1, value = 2);
- :data:`MIXED_MAPS`: maps whose ``x-`` keys are vendor extensions (``Paths``, ``Responses``);
- :data:`ONEOFS`: messages with a ``oneof``, with the rule gnostic's compiler uses to pick the member.

Kinds: ``s`` string, ``b`` bool, ``i`` int64, ``d`` double, ``ss`` repeated string, ``any`` /
``anys`` (repeated) ``Any``, ``m:X`` message X, ``ms:X`` repeated message X. ``TypeItem``,
``ItemsItem``, ``StringArray`` and ``AdditionalPropertiesItem`` are handled by ``proto_v2`` itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["MAPS", "MIXED_MAPS", "ONEOFS", "STRUCTS"]

# message name → ({json key: (field number, kind)}, vendor-extension field number or None).
# Kinds: s string, b bool, i int64, d double, ss repeated string, any/anys (repeated) Any,
# "m:X" message X, "ms:X" repeated message X.
_Fields = dict[str, tuple[int, str]]
_PARAM_TAIL: tuple[str, ...] = ("maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength")
_PARAM_TAIL += ("minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf")
_VALUE_KINDS = {
    "default": "any",
    "maximum": "d",
    "exclusiveMaximum": "b",
    "minimum": "d",
    "exclusiveMinimum": "b",
    "maxLength": "i",
    "minLength": "i",
    "pattern": "s",
    "maxItems": "i",
    "minItems": "i",
    "uniqueItems": "b",
    "enum": "anys",
    "multipleOf": "d",
}


def _numbered(start: int, keys: tuple[str, ...]) -> _Fields:
    return {key: (start + offset, _VALUE_KINDS[key]) for offset, key in enumerate(keys)}


def _parameter_fields(*, allow_empty: bool) -> _Fields:
    # Query and formData sub-schemas have allowEmptyValue (5); header and path ones do not.
    head: _Fields = {"required": (1, "b"), "in": (2, "s"), "description": (3, "s"), "name": (4, "s")}
    start = 5
    if allow_empty:
        head["allowEmptyValue"] = (5, "b")
        start = 6
    head.update(
        {"type": (start, "s"), "format": (start + 1, "s"), "items": (start + 2, "m:PrimitivesItems")},
    )
    head["collectionFormat"] = (start + 3, "s")
    head["default"] = (start + 4, "any")
    head.update(_numbered(start + 5, _PARAM_TAIL))
    return head


def _primitive_fields() -> _Fields:
    fields: _Fields = {"type": (1, "s"), "format": (2, "s"), "items": (3, "m:PrimitivesItems")}
    fields["collectionFormat"] = (4, "s")
    fields["default"] = (5, "any")
    fields.update(_numbered(6, _PARAM_TAIL))
    return fields


_OPERATION = "m:Operation"
STRUCTS: dict[str, tuple[_Fields, int | None]] = {
    "Document": (
        {
            "swagger": (1, "s"),
            "info": (2, "m:Info"),
            "host": (3, "s"),
            "basePath": (4, "s"),
            "schemes": (5, "ss"),
            "consumes": (6, "ss"),
            "produces": (7, "ss"),
            "paths": (8, "m:Paths"),
            "definitions": (9, "m:Definitions"),
            "parameters": (10, "m:ParameterDefinitions"),
            "responses": (11, "m:ResponseDefinitions"),
            "security": (12, "ms:SecurityRequirement"),
            "securityDefinitions": (13, "m:SecurityDefinitions"),
            "tags": (14, "ms:Tag"),
            "externalDocs": (15, "m:ExternalDocs"),
        },
        16,
    ),
    "Info": (
        {
            "title": (1, "s"),
            "version": (2, "s"),
            "description": (3, "s"),
            "termsOfService": (4, "s"),
            "contact": (5, "m:Contact"),
            "license": (6, "m:License"),
        },
        7,
    ),
    "Contact": ({"name": (1, "s"), "url": (2, "s"), "email": (3, "s")}, 4),
    "License": ({"name": (1, "s"), "url": (2, "s")}, 3),
    "ExternalDocs": ({"description": (1, "s"), "url": (2, "s")}, 3),
    "Tag": ({"name": (1, "s"), "description": (2, "s"), "externalDocs": (3, "m:ExternalDocs")}, 4),
    "PathItem": (
        {
            "$ref": (1, "s"),
            "get": (2, _OPERATION),
            "put": (3, _OPERATION),
            "post": (4, _OPERATION),
            "delete": (5, _OPERATION),
            "options": (6, _OPERATION),
            "head": (7, _OPERATION),
            "patch": (8, _OPERATION),
            "parameters": (9, "ms:ParametersItem"),
        },
        10,
    ),
    "Operation": (
        {
            "tags": (1, "ss"),
            "summary": (2, "s"),
            "description": (3, "s"),
            "externalDocs": (4, "m:ExternalDocs"),
            "operationId": (5, "s"),
            "produces": (6, "ss"),
            "consumes": (7, "ss"),
            "parameters": (8, "ms:ParametersItem"),
            "responses": (9, "m:Responses"),
            "schemes": (10, "ss"),
            "deprecated": (11, "b"),
            "security": (12, "ms:SecurityRequirement"),
        },
        13,
    ),
    "BodyParameter": (
        {"description": (1, "s"), "name": (2, "s"), "in": (3, "s"), "required": (4, "b"), "schema": (5, "m:Schema")},
        6,
    ),
    "QueryParameterSubSchema": (_parameter_fields(allow_empty=True), 23),
    "FormDataParameterSubSchema": (_parameter_fields(allow_empty=True), 23),
    "PathParameterSubSchema": (_parameter_fields(allow_empty=False), 22),
    "HeaderParameterSubSchema": (_parameter_fields(allow_empty=False), 22),
    "PrimitivesItems": (_primitive_fields(), 18),
    "Header": ({**_primitive_fields(), "description": (18, "s")}, 19),
    "Response": (
        {
            "description": (1, "s"),
            "schema": (2, "m:SchemaItem"),
            "headers": (3, "m:Headers"),
            "examples": (4, "m:Examples"),
        },
        5,
    ),
    "Schema": (
        {
            "$ref": (1, "s"),
            "format": (2, "s"),
            "title": (3, "s"),
            "description": (4, "s"),
            "default": (5, "any"),
            "multipleOf": (6, "d"),
            "maximum": (7, "d"),
            "exclusiveMaximum": (8, "b"),
            "minimum": (9, "d"),
            "exclusiveMinimum": (10, "b"),
            "maxLength": (11, "i"),
            "minLength": (12, "i"),
            "pattern": (13, "s"),
            "maxItems": (14, "i"),
            "minItems": (15, "i"),
            "uniqueItems": (16, "b"),
            "maxProperties": (17, "i"),
            "minProperties": (18, "i"),
            "required": (19, "ss"),
            "enum": (20, "anys"),
            "additionalProperties": (21, "m:AdditionalPropertiesItem"),
            "type": (22, "m:TypeItem"),
            "items": (23, "m:ItemsItem"),
            "allOf": (24, "ms:Schema"),
            "properties": (25, "m:Properties"),
            "discriminator": (26, "s"),
            "readOnly": (27, "b"),
            "xml": (28, "m:Xml"),
            "externalDocs": (29, "m:ExternalDocs"),
            "example": (30, "any"),
        },
        31,
    ),
    "FileSchema": (
        {
            "format": (1, "s"),
            "title": (2, "s"),
            "description": (3, "s"),
            "default": (4, "any"),
            "required": (5, "ss"),
            "type": (6, "s"),
            "readOnly": (7, "b"),
            "externalDocs": (8, "m:ExternalDocs"),
            "example": (9, "any"),
        },
        10,
    ),
    "Xml": (
        {"name": (1, "s"), "namespace": (2, "s"), "prefix": (3, "s"), "attribute": (4, "b"), "wrapped": (5, "b")},
        6,
    ),
    "JsonReference": ({"$ref": (1, "s"), "description": (2, "s")}, None),
    "ApiKeySecurity": ({"type": (1, "s"), "name": (2, "s"), "in": (3, "s"), "description": (4, "s")}, 5),
    "BasicAuthenticationSecurity": ({"type": (1, "s"), "description": (2, "s")}, 3),
    "Oauth2ImplicitSecurity": (
        {
            "type": (1, "s"),
            "flow": (2, "s"),
            "scopes": (3, "m:Oauth2Scopes"),
            "authorizationUrl": (4, "s"),
            "description": (5, "s"),
        },
        6,
    ),
    "Oauth2PasswordSecurity": (
        {
            "type": (1, "s"),
            "flow": (2, "s"),
            "scopes": (3, "m:Oauth2Scopes"),
            "tokenUrl": (4, "s"),
            "description": (5, "s"),
        },
        6,
    ),
    "Oauth2ApplicationSecurity": (
        {
            "type": (1, "s"),
            "flow": (2, "s"),
            "scopes": (3, "m:Oauth2Scopes"),
            "tokenUrl": (4, "s"),
            "description": (5, "s"),
        },
        6,
    ),
    "Oauth2AccessCodeSecurity": (
        {
            "type": (1, "s"),
            "flow": (2, "s"),
            "scopes": (3, "m:Oauth2Scopes"),
            "authorizationUrl": (4, "s"),
            "tokenUrl": (5, "s"),
            "description": (6, "s"),
        },
        7,
    ),
}

# JSON maps: wrapper message → kind of the value of its Named<X> pairs (repeated field 1).
MAPS: dict[str, str] = {
    "Definitions": "m:Schema",
    "Properties": "m:Schema",
    "ParameterDefinitions": "m:Parameter",
    "ResponseDefinitions": "m:Response",
    "SecurityDefinitions": "m:SecurityDefinitionsItem",
    "SecurityRequirement": "m:StringArray",
    "Headers": "m:Header",
    "Examples": "any",
    "Oauth2Scopes": "s",
}
# Maps whose x- keys are vendor extensions: message → (pairs field, pair value kind, extensions field).
MIXED_MAPS: dict[str, tuple[int, str, int]] = {
    "Paths": (2, "m:PathItem", 1),
    "Responses": (1, "m:ResponseValue", 2),
}

_NON_BODY = {"header": 1, "formData": 2, "query": 3, "path": 4}
_OAUTH_FLOWS = {"implicit": 3, "password": 4, "application": 5, "accessCode": 6}
_SECURITY_KINDS = {1: "m:BasicAuthenticationSecurity", 2: "m:ApiKeySecurity", 3: "m:Oauth2ImplicitSecurity"}
_SECURITY_KINDS |= {4: "m:Oauth2PasswordSecurity", 5: "m:Oauth2ApplicationSecurity", 6: "m:Oauth2AccessCodeSecurity"}


def _non_body_choice(node: Mapping[str, Any]) -> int:
    location = node.get("in")
    if location not in _NON_BODY:
        raise ValueError(f"parameter {node.get('name')!r} has no valid 'in': {location!r}")
    return _NON_BODY[location]


def _security_choice(node: Mapping[str, Any]) -> int:
    kind = node.get("type")
    if kind == "basic":
        return 1
    if kind == "apiKey":
        return 2
    return _OAUTH_FLOWS.get(str(node.get("flow")), 3)


# gnostic's oneof messages: message → (chooser: node → field number, field number → kind).
ONEOFS: dict[str, tuple[Callable[[Mapping[str, Any]], int], dict[int, str]]] = {
    "ParametersItem": (lambda n: 2 if "$ref" in n else 1, {1: "m:Parameter", 2: "m:JsonReference"}),
    "Parameter": (lambda n: 1 if n.get("in") == "body" else 2, {1: "m:BodyParameter", 2: "m:NonBodyParameter"}),
    "NonBodyParameter": (
        _non_body_choice,
        {
            1: "m:HeaderParameterSubSchema",
            2: "m:FormDataParameterSubSchema",
            3: "m:QueryParameterSubSchema",
            4: "m:PathParameterSubSchema",
        },
    ),
    "SchemaItem": (lambda n: 2 if n.get("type") == "file" else 1, {1: "m:Schema", 2: "m:FileSchema"}),
    "ResponseValue": (lambda n: 2 if "$ref" in n else 1, {1: "m:Response", 2: "m:JsonReference"}),
    "SecurityDefinitionsItem": (_security_choice, _SECURITY_KINDS),
}
