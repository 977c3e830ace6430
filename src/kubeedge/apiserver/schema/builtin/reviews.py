"""authorization.k8s.io/v1 SelfSubjectAccessReview and authentication.k8s.io/v1 SelfSubjectReview.

Create-only questions a caller asks about itself (``kubectl auth can-i``, ``kubectl auth whoami``);
nothing is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.schema.builtin._dsl import array, boolean, kind, meta, obj, ref, string

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["DEFINITIONS"]

AUTHZ = "io.k8s.api.authorization.v1."
AUTHN = "io.k8s.api.authentication.v1."

DEFINITIONS: dict[str, Schema] = {
    AUTHZ + "SelfSubjectAccessReview": kind(
        "SelfSubjectAccessReview checks whether or the current user can perform an action.",
        ("authorization.k8s.io", "v1", "SelfSubjectAccessReview"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": ref(AUTHZ + "SelfSubjectAccessReviewSpec"),
            "status": ref(AUTHZ + "SubjectAccessReviewStatus"),
        },
        required=["spec"],
    ),
    AUTHZ + "SelfSubjectAccessReviewSpec": obj(
        "A description of the access request.",
        {
            "nonResourceAttributes": ref(AUTHZ + "NonResourceAttributes"),
            "resourceAttributes": ref(AUTHZ + "ResourceAttributes"),
        },
    ),
    AUTHZ + "ResourceAttributes": obj(
        "The authorization attributes available for resource requests.",
        {
            "fieldSelector": ref(AUTHZ + "FieldSelectorAttributes"),
            "group": string(),
            "labelSelector": ref(AUTHZ + "LabelSelectorAttributes"),
            "name": string(),
            "namespace": string(),
            "resource": string(),
            "subresource": string(),
            "verb": string(),
            "version": string(),
        },
    ),
    AUTHZ + "NonResourceAttributes": obj(
        "The authorization attributes available for non-resource requests.",
        {"path": string(), "verb": string()},
    ),
    AUTHZ + "FieldSelectorAttributes": obj(
        "A field limited access.",
        {
            "rawSelector": string(),
            "requirements": array(ref(AUTHZ + "FieldSelectorRequirement"), list_type="atomic"),
        },
    ),
    AUTHZ + "FieldSelectorRequirement": obj(
        "A selector that contains values, a key, and an operator.",
        {"key": string(), "operator": string(), "values": array(string(), list_type="atomic")},
        required=["key", "operator"],
    ),
    AUTHZ + "LabelSelectorAttributes": obj(
        "A label limited access.",
        {
            "rawSelector": string(),
            "requirements": array(meta("LabelSelectorRequirement"), list_type="atomic"),
        },
    ),
    AUTHZ + "SubjectAccessReviewStatus": obj(
        "The result of an access review.",
        {"allowed": boolean(), "denied": boolean(), "evaluationError": string(), "reason": string()},
        required=["allowed"],
    ),
    AUTHN + "SelfSubjectReview": kind(
        "SelfSubjectReview contains the user information the apiserver has about the requester.",
        ("authentication.k8s.io", "v1", "SelfSubjectReview"),
        {"metadata": meta("ObjectMeta"), "status": ref(AUTHN + "SelfSubjectReviewStatus")},
    ),
    AUTHN + "SelfSubjectReviewStatus": obj(
        "The user information of the requester.",
        {"userInfo": ref(AUTHN + "UserInfo")},
    ),
    AUTHN + "UserInfo": obj(
        "The information about the user needed to implement the user.Info interface.",
        {
            "extra": {"type": "object", "additionalProperties": array(string())},
            "groups": array(string(), list_type="atomic"),
            "uid": string(),
            "username": string(),
        },
    ),
}
