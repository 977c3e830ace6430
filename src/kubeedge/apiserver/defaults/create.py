"""What kube adds to an object only when it is *created*: strategy ``PrepareForCreate`` effects and
the mutating admission plugins every cluster runs.

Pods:
* ``ServiceAccount`` admission: ``serviceAccountName: default`` (mirror pods excepted). The
  token volume it also mounts is *not* added: that needs a random suffix and the token
  controller's projected sources, which belong to the request path, not to this pure core.
* ``DefaultTolerationSeconds`` admission: tolerate ``node.kubernetes.io/not-ready`` and
  ``.../unreachable`` (``NoExecute``) for 300 s unless already tolerated.
* ``Priority`` admission: ``priority`` from the built-in ``system-*`` classes, 0 without a
  class, and ``preemptionPolicy: PreemptLowerPriority``. Other class names are left alone.
* status reset to ``phase: Pending`` with the computed ``qosClass`` (and the
  ``PodScheduled=False/SchedulingGated`` condition for gated pods).

Namespaces get the ``kubernetes`` finalizer and ``phase: Active``; CRDs record their storage
version in ``status.storedVersions``.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.defaults.crd import ensure_stored_version
from kubeedge.apiserver.defaults.fields import child_map
from kubeedge.apiserver.defaults.pod import compute_qos_class

__all__ = ["prepare_crd", "prepare_namespace", "prepare_pod"]

DEFAULT_TOLERATION_SECONDS = 300
_UNREADY_KEYS = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")
_SYSTEM_PRIORITIES = {"system-node-critical": 2000001000, "system-cluster-critical": 2000000000}
_MIRROR_ANNOTATION = "kubernetes.io/config.mirror"


def _tolerates(tolerations: list[dict[str, Any]], taint_key: str) -> bool:
    return any(
        t.get("key") in (taint_key, "", None) and t.get("effect") in ("NoExecute", "", None) for t in tolerations
    )


def prepare_pod(pod: dict[str, Any]) -> None:
    """Create-time changes to a Pod (after :func:`~kubeedge.apiserver.defaults.apply_defaults`)."""
    spec = child_map(pod, "spec")
    if spec is None:
        return
    annotations = child_map(child_map(pod, "metadata") or {}, "annotations") or {}
    if not spec.get("serviceAccountName") and _MIRROR_ANNOTATION not in annotations:
        spec["serviceAccountName"] = spec["serviceAccount"] = "default"
    tolerations = spec.get("tolerations")
    if not isinstance(tolerations, list):
        tolerations = []
    for taint_key in _UNREADY_KEYS:
        if not _tolerates([t for t in tolerations if isinstance(t, dict)], taint_key):
            tolerations.append(
                {
                    "key": taint_key,
                    "operator": "Exists",
                    "effect": "NoExecute",
                    "tolerationSeconds": DEFAULT_TOLERATION_SECONDS,
                }
            )
    spec["tolerations"] = tolerations
    class_name = spec.get("priorityClassName")
    if not class_name:
        spec.setdefault("priority", 0)
        spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
    elif class_name in _SYSTEM_PRIORITIES:
        spec["priority"] = _SYSTEM_PRIORITIES[class_name]
        spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
    status: dict[str, Any] = {"phase": "Pending", "qosClass": compute_qos_class(pod)}
    if spec.get("schedulingGates"):
        status["conditions"] = [
            {
                "type": "PodScheduled",
                "status": "False",
                "reason": "SchedulingGated",
                "message": "Scheduling is blocked due to non-empty scheduling gates",
                "lastProbeTime": None,
                "lastTransitionTime": None,
            }
        ]
    pod["status"] = status


def prepare_namespace(namespace: dict[str, Any]) -> None:
    spec = namespace.get("spec")
    if not isinstance(spec, dict):
        spec = namespace["spec"] = {}
    finalizers = spec.get("finalizers")
    if not isinstance(finalizers, list):
        finalizers = spec["finalizers"] = []
    if "kubernetes" not in finalizers:
        finalizers.append("kubernetes")
    namespace["status"] = {"phase": "Active"}


def prepare_crd(crd: dict[str, Any]) -> None:
    crd["status"] = {}
    ensure_stored_version(crd)
