"""The built-in resources kubeedge-apiserver serves, with their discovery facts and strategies.

Names, short names, categories, verbs and subresources are kube-apiserver's, so that kubectl's
discovery-driven behaviour (``kubectl get po``, ``kubectl get all``, ``kubectl scale``) is the same.
"""

from __future__ import annotations

from kubeedge.apiserver.registry.resources import ALL_VERBS, ResourceInfo
from kubeedge.apiserver.registry.strategy import Strategy
from kubeedge.apiserver.schema.model import REF_PREFIX, SchemaSet, TypedSchema

__all__ = ["SUBRESOURCE_KINDS", "builtin_resources", "builtin_strategies"]

_NO_COLLECTION = tuple(v for v in ALL_VERBS if v != "deletecollection")


def _info(
    group: str,
    version: str,
    kind: str,
    plural: str,
    *,
    namespaced: bool,
    short: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    subresources: tuple[str, ...] = (),
    verbs: tuple[str, ...] = ALL_VERBS,
    definition: str,
    schemas: SchemaSet | None,
) -> ResourceInfo:
    schema = TypedSchema(schemas, {"$ref": REF_PREFIX + definition}) if schemas is not None else None
    return ResourceInfo(
        group=group,
        version=version,
        kind=kind,
        plural=plural,
        singular=kind.lower(),
        namespaced=namespaced,
        short_names=short,
        categories=categories,
        verbs=verbs,
        subresources=frozenset(subresources),
        schema=schema,
        definition=definition,
    )


def builtin_resources(schemas: SchemaSet | None) -> list[ResourceInfo]:
    core = "io.k8s.api.core.v1."
    apps = "io.k8s.api.apps.v1."
    return [
        _info(
            "",
            "v1",
            "Binding",
            "bindings",
            namespaced=True,
            verbs=("create",),
            definition=core + "Binding",
            schemas=schemas,
        ),
        _info(
            "",
            "v1",
            "ConfigMap",
            "configmaps",
            namespaced=True,
            short=("cm",),
            definition=core + "ConfigMap",
            schemas=schemas,
        ),
        _info(
            "",
            "v1",
            "Endpoints",
            "endpoints",
            namespaced=True,
            short=("ep",),
            definition=core + "Endpoints",
            schemas=schemas,
        ),
        _info(
            "",
            "v1",
            "Event",
            "events",
            namespaced=True,
            short=("ev",),
            definition=core + "Event",
            schemas=schemas,
        ),
        _info(
            "",
            "v1",
            "Namespace",
            "namespaces",
            namespaced=False,
            short=("ns",),
            verbs=_NO_COLLECTION,
            subresources=("status", "finalize"),
            definition=core + "Namespace",
            schemas=schemas,
        ),
        _info(
            "",
            "v1",
            "Node",
            "nodes",
            namespaced=False,
            short=("no",),
            subresources=("status", "proxy"),
            definition=core + "Node",
            schemas=schemas,
        ),
        _info(
            "",
            "v1",
            "Pod",
            "pods",
            namespaced=True,
            short=("po",),
            categories=("all",),
            subresources=(
                "status",
                "binding",
                "log",
                "exec",
                "attach",
                "portforward",
                "eviction",
                "ephemeralcontainers",
                "proxy",
            ),
            definition=core + "Pod",
            schemas=schemas,
        ),
        _info("", "v1", "Secret", "secrets", namespaced=True, definition=core + "Secret", schemas=schemas),
        _info(
            "",
            "v1",
            "ServiceAccount",
            "serviceaccounts",
            namespaced=True,
            short=("sa",),
            definition=core + "ServiceAccount",
            schemas=schemas,
        ),
        _info(
            "",
            "v1",
            "Service",
            "services",
            namespaced=True,
            short=("svc",),
            categories=("all",),
            subresources=("status", "proxy"),
            definition=core + "Service",
            schemas=schemas,
        ),
        _info(
            "apps",
            "v1",
            "ControllerRevision",
            "controllerrevisions",
            namespaced=True,
            definition=apps + "ControllerRevision",
            schemas=schemas,
        ),
        _info(
            "apps",
            "v1",
            "DaemonSet",
            "daemonsets",
            namespaced=True,
            short=("ds",),
            categories=("all",),
            subresources=("status",),
            definition=apps + "DaemonSet",
            schemas=schemas,
        ),
        _info(
            "apps",
            "v1",
            "Deployment",
            "deployments",
            namespaced=True,
            short=("deploy",),
            categories=("all",),
            subresources=("status", "scale"),
            definition=apps + "Deployment",
            schemas=schemas,
        ),
        _info(
            "apps",
            "v1",
            "ReplicaSet",
            "replicasets",
            namespaced=True,
            short=("rs",),
            categories=("all",),
            subresources=("status", "scale"),
            definition=apps + "ReplicaSet",
            schemas=schemas,
        ),
        _info(
            "apiextensions.k8s.io",
            "v1",
            "CustomResourceDefinition",
            "customresourcedefinitions",
            namespaced=False,
            short=("crd", "crds"),
            categories=("api-extensions",),
            subresources=("status",),
            definition="io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition",
            schemas=schemas,
        ),
        _info(
            "coordination.k8s.io",
            "v1",
            "Lease",
            "leases",
            namespaced=True,
            definition="io.k8s.api.coordination.v1.Lease",
            schemas=schemas,
        ),
        # Virtual create-only resources: questions a caller asks about itself (never stored).
        _info(
            "authorization.k8s.io",
            "v1",
            "SelfSubjectAccessReview",
            "selfsubjectaccessreviews",
            namespaced=False,
            verbs=("create",),
            definition="io.k8s.api.authorization.v1.SelfSubjectAccessReview",
            schemas=schemas,
        ),
        _info(
            "authentication.k8s.io",
            "v1",
            "SelfSubjectReview",
            "selfsubjectreviews",
            namespaced=False,
            verbs=("create",),
            definition="io.k8s.api.authentication.v1.SelfSubjectReview",
            schemas=schemas,
        ),
    ]


def builtin_strategies() -> dict[str, Strategy]:
    """Strategy per storage prefix; anything absent uses the default strategy."""
    # kube's workload status strategies reset labels; the pod one keeps owner references.
    workload = Strategy(has_status=True, track_generation=True, status_keeps_old_metadata=("labels",))
    return {
        "/core/pods/": Strategy(
            has_status=True,
            return_deleted_object=True,
            graceful_delete=True,
            status_keeps_old_metadata=("ownerReferences",),
        ),
        "/core/nodes/": Strategy(has_status=True, reset_status_on_create=False),
        "/core/namespaces/": Strategy(has_status=True, return_deleted_object=True),
        "/core/services/": Strategy(has_status=True, return_deleted_object=True),
        "/core/endpoints/": Strategy(allow_create_on_update=True),
        "/core/events/": Strategy(allow_create_on_update=True),
        "/coordination.k8s.io/leases/": Strategy(allow_create_on_update=True),
        "/apps/deployments/": workload,
        "/apps/replicasets/": workload,
        "/apps/daemonsets/": workload,
        "/apiextensions.k8s.io/customresourcedefinitions/": Strategy(
            has_status=True, track_generation=True, return_deleted_object=True, status_keeps_old_metadata=None
        ),
    }


# Discovery entries of subresources: (group, plural, subresource) → (kind, verbs, group, version)
# where group/version differ from the parent's for Scale and TokenRequest.
SUBRESOURCE_KINDS: dict[str, tuple[str, tuple[str, ...], str | None, str | None]] = {
    "status": ("", ("get", "patch", "update"), None, None),
    "scale": ("Scale", ("get", "patch", "update"), "autoscaling", "v1"),
    "binding": ("Binding", ("create",), None, None),
    "log": ("Pod", ("get",), None, None),
    "exec": ("PodExecOptions", ("create", "get"), None, None),
    "attach": ("PodAttachOptions", ("create", "get"), None, None),
    "portforward": ("PodPortForwardOptions", ("create", "get"), None, None),
    "proxy": ("", ("create", "delete", "get", "patch", "update"), None, None),
    "eviction": ("Eviction", ("create",), "policy", "v1"),
    "ephemeralcontainers": ("Pod", ("get", "patch", "update"), None, None),
    "finalize": ("Namespace", ("update",), None, None),
}
