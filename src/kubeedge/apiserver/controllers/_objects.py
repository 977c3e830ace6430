"""Plain-JSON helpers and the shared actions of the built-in controllers.

Every controller core reads Kubernetes objects exactly as the API serves them (dicts) and
answers with frozen action values. What several of them need lives here: reading timestamps,
label selectors, pod readiness and availability (``podutil.IsPodReady``/``IsPodAvailable``),
controller references, the adopt/release rules of ``ClaimPods``/``ClaimReplicaSets``, and a
pod built from a template (``controller.GetPodFromTemplate``).

The pod and ownership actions are defined once here so that the ReplicaSet, DaemonSet and
Deployment cores emit the same types; each public module re-exports the ones it emits, so
``isinstance(action, replicas.CreatePod)`` and ``daemons.CreatePod`` are the same class.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "EMPTY",
    "Adopt",
    "Claim",
    "CreatePod",
    "DeletePod",
    "KubeObject",
    "ObjectRef",
    "RecordEvent",
    "Release",
    "claim",
    "controller_ref",
    "format_time",
    "is_pod_active",
    "is_pod_available",
    "is_pod_ready",
    "is_pod_terminal",
    "labels_of",
    "map_matches",
    "meta",
    "new_controller_ref",
    "parse_time",
    "pod_from_template",
    "pod_ready_condition",
    "selector_matches",
    "spec",
    "status",
]

KubeObject = dict[str, Any]
EMPTY: Mapping[str, Any] = {}


def meta(obj: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return (obj or EMPTY).get("metadata") or EMPTY


def spec(obj: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return (obj or EMPTY).get("spec") or EMPTY


def status(obj: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return (obj or EMPTY).get("status") or EMPTY


def labels_of(obj: Mapping[str, Any] | None) -> Mapping[str, str]:
    return meta(obj).get("labels") or EMPTY


# --- time -------------------------------------------------------------------------------------


def parse_time(text: str | None) -> datetime | None:
    """Read an RFC 3339 timestamp (``metav1.Time`` or ``MicroTime``) as an aware UTC datetime."""
    if not text:
        return None
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def format_time(moment: datetime) -> str:
    """Render ``metav1.Time`` as the API does: UTC, second precision."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- references -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectRef:
    """Which object an action targets; ``uid`` is the precondition the shell should send."""

    api_version: str
    kind: str
    namespace: str
    name: str
    uid: str

    @classmethod
    def of(cls, obj: Mapping[str, Any], *, api_version: str = "", kind: str = "") -> ObjectRef:
        metadata = meta(obj)
        return cls(
            api_version=obj.get("apiVersion") or api_version,
            kind=obj.get("kind") or kind,
            namespace=metadata.get("namespace") or "",
            name=metadata.get("name") or "",
            uid=metadata.get("uid") or "",
        )

    def as_object_reference(self) -> KubeObject:
        """The ``v1.ObjectReference`` form (events' ``involvedObject``, endpoints' ``targetRef``)."""
        ref: KubeObject = {"kind": self.kind, "name": self.name, "uid": self.uid}
        if self.api_version:
            ref["apiVersion"] = self.api_version
        if self.namespace:
            ref["namespace"] = self.namespace
        return ref


def controller_ref(obj: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """``metav1.GetControllerOf``: the owner reference with ``controller: true``, if any."""
    for ref in meta(obj).get("ownerReferences") or ():
        if ref.get("controller"):
            return ref  # type: ignore[no-any-return]
    return None


def new_controller_ref(owner: Mapping[str, Any], *, api_version: str, kind: str) -> KubeObject:
    """``metav1.NewControllerRef``: controller and blockOwnerDeletion both true."""
    return {
        "apiVersion": api_version,
        "kind": kind,
        "name": meta(owner).get("name", ""),
        "uid": meta(owner).get("uid", ""),
        "controller": True,
        "blockOwnerDeletion": True,
    }


# --- label selectors --------------------------------------------------------------------------


def selector_matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """``metav1.LabelSelectorAsSelector(selector).Matches(labels)``.

    A missing selector selects nothing and an empty one selects everything, as in kube.
    """
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or EMPTY).items():
        if labels.get(key) != value:
            return False
    for requirement in selector.get("matchExpressions") or ():
        key, operator = requirement.get("key", ""), requirement.get("operator", "")
        values = requirement.get("values") or ()
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def map_matches(selector: Mapping[str, str], labels: Mapping[str, str]) -> bool:
    """``labels.SelectorFromSet``: every key/value of the map is present (services, nodeSelector)."""
    return all(labels.get(key) == value for key, value in selector.items())


# --- pods -------------------------------------------------------------------------------------


def is_pod_terminal(pod: Mapping[str, Any]) -> bool:
    return status(pod).get("phase") in ("Succeeded", "Failed")


def is_pod_active(pod: Mapping[str, Any]) -> bool:
    """``controller.IsPodActive``: not terminal and not being deleted."""
    return not is_pod_terminal(pod) and not meta(pod).get("deletionTimestamp")


def pod_ready_condition(pod: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for condition in status(pod).get("conditions") or ():
        if condition.get("type") == "Ready":
            return condition  # type: ignore[no-any-return]
    return None


def is_pod_ready(pod: Mapping[str, Any]) -> bool:
    condition = pod_ready_condition(pod)
    return condition is not None and condition.get("status") == "True"


def is_pod_available(pod: Mapping[str, Any], min_ready_seconds: int, now: datetime) -> bool:
    """``podutil.IsPodAvailable``: ready for strictly longer than ``minReadySeconds``."""
    condition = pod_ready_condition(pod)
    if condition is None or condition.get("status") != "True":
        return False
    if min_ready_seconds == 0:
        return True
    since = parse_time(condition.get("lastTransitionTime"))
    return since is not None and since + timedelta(seconds=min_ready_seconds) < now


def pod_from_template(template: Mapping[str, Any], *, owner: Mapping[str, Any], owner_ref: KubeObject) -> KubeObject:
    """``controller.GetPodFromTemplate``: labels, annotations and finalizers of the template's
    metadata, ``generateName`` ``<owner>-``, the controller reference, and the template's spec.
    """
    template_meta = template.get("metadata") or EMPTY
    metadata: KubeObject = {
        "generateName": f"{meta(owner).get('name', '')}-",
        "namespace": meta(owner).get("namespace", ""),
        "ownerReferences": [owner_ref],
    }
    for key in ("labels", "annotations", "finalizers"):
        if template_meta.get(key):
            metadata[key] = copy.deepcopy(template_meta[key])
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": metadata,
        "spec": copy.deepcopy(template.get("spec") or {}),
    }


# --- actions shared by several controllers ----------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CreatePod:
    """POST the pod (it carries ``generateName`` and its namespace in metadata)."""

    pod: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class DeletePod:
    """DELETE the pod with a ``uid`` precondition."""

    target: ObjectRef


@dataclass(frozen=True, slots=True, kw_only=True)
class Adopt:
    """Add ``owner_reference`` (a controller reference) to an orphan, with a ``uid`` precondition."""

    target: ObjectRef
    owner_reference: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    """Remove the owner reference whose uid is ``owner_uid`` (the object no longer matches)."""

    target: ObjectRef
    owner_uid: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordEvent:
    """Emit a ``v1.Event`` about ``regarding`` (``kubectl describe`` shows these)."""

    regarding: ObjectRef
    type: str
    reason: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """Result of the ``ControllerRefManager`` rules: what the owner keeps, adopts and releases."""

    owned: list[Mapping[str, Any]] = field(default_factory=list)
    adopt: list[Adopt] = field(default_factory=list)
    release: list[Release] = field(default_factory=list)


def claim(
    owner: Mapping[str, Any],
    selector: Mapping[str, Any] | None,
    candidates: Iterable[Mapping[str, Any]],
    *,
    owner_ref: KubeObject,
    target_kind: str,
    target_api_version: str,
) -> Claim:
    """Apply ``ClaimObject``: keep controlled matches, release controlled mismatches, adopt
    matching orphans unless the owner or the orphan is being deleted; ignore objects that
    another controller owns.
    """
    result = Claim()
    owner_uid = meta(owner).get("uid")
    owner_deleting = bool(meta(owner).get("deletionTimestamp"))
    for candidate in candidates:
        if meta(candidate).get("namespace", "") != meta(owner).get("namespace", ""):
            continue
        matches = selector_matches(selector, labels_of(candidate))
        ref = controller_ref(candidate)
        target = ObjectRef.of(candidate, api_version=target_api_version, kind=target_kind)
        if ref is not None:
            if ref.get("uid") != owner_uid:
                continue
            if matches:
                result.owned.append(candidate)
            elif not owner_deleting:
                # kube does not release while the owner is being deleted: GC takes them.
                result.release.append(Release(target=target, owner_uid=str(owner_uid)))
            continue
        if owner_deleting or not matches or meta(candidate).get("deletionTimestamp"):
            continue
        result.adopt.append(Adopt(target=target, owner_reference=dict(owner_ref)))
        result.owned.append(candidate)
    return result
