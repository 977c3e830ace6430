"""Which objects belong to which node: the facts the node authorizer decides on.

kube-apiserver keeps a graph (node <- pod <- secret/configmap/...) fed by informers and walks it
for every kubelet request. We need only two questions answered, so the port is small:

- :meth:`NodeGraph.pod_node`: which node is this pod bound to?
- :meth:`NodeGraph.node_references`: does a pod bound to this node reference this secret or
  configmap?

:class:`PodReferenceIndex` answers them from pod objects alone, in memory; the apiserver feeds it
from its pod watch stream (``upsert`` on ADDED/MODIFIED, ``remove`` on DELETED, ``replace`` after
a relist). Like kube's graph, only pods with ``spec.nodeName`` are indexed, and a pod stays in the
index until it is deleted, whatever its phase. The index is not thread-safe: feed and query it from
one thread (the event loop).

:func:`pod_references` lists the same sources as kube's ``VisitPodSecretNames`` and
``VisitPodConfigmapNames``: image pull secrets, ``env``/``envFrom`` of every container (init and
ephemeral ones too), and the volume types that name a secret or configmap, projected ones included.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = [
    "NodeGraph",
    "PodReferenceIndex",
    "PodReferences",
    "ReferenceKind",
    "pod_references",
]


class ReferenceKind(enum.StrEnum):
    """Kinds of namespaced objects a pod can give its node access to (named by their resource)."""

    CONFIGMAP = "configmaps"
    SECRET = "secrets"


class NodeGraph(Protocol):
    """The node authorizer's view of pod placement; the storage layer implements it too."""

    def pod_node(self, namespace: str, name: str) -> str | None:
        """The node the pod is bound to, or ``None`` if the pod is unknown or unscheduled."""
        ...

    def node_references(self, node: str, kind: ReferenceKind, namespace: str, name: str) -> bool:
        """Whether a pod bound to ``node`` references the object ``kind`` ``namespace/name``."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class PodReferences:
    """Names of the secrets and configmaps (in the pod's namespace) a pod spec references."""

    secrets: frozenset[str] = frozenset()
    configmaps: frozenset[str] = frozenset()

    def names(self, kind: ReferenceKind) -> frozenset[str]:
        return self.secrets if kind is ReferenceKind.SECRET else self.configmaps


# Volume sources whose secret reference is ``<source>.secretRef.name``.
_SECRET_REF_VOLUMES = ("cephfs", "cinder", "flexVolume", "iscsi", "rbd", "scaleIO", "storageos")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping):
                yield item


def _name(value: Any, key: str = "name") -> str:
    name = _mapping(value).get(key)
    return name if isinstance(name, str) else ""


def _container_references(container: Mapping[str, Any], secrets: set[str], configmaps: set[str]) -> None:
    for source in _items(container.get("envFrom")):
        secrets.add(_name(source.get("secretRef")))
        configmaps.add(_name(source.get("configMapRef")))
    for variable in _items(container.get("env")):
        value_from = _mapping(variable.get("valueFrom"))
        secrets.add(_name(value_from.get("secretKeyRef")))
        configmaps.add(_name(value_from.get("configMapKeyRef")))


def _volume_references(volume: Mapping[str, Any], secrets: set[str], configmaps: set[str]) -> None:
    secrets.add(_name(volume.get("secret"), "secretName"))
    configmaps.add(_name(volume.get("configMap")))
    secrets.add(_name(volume.get("azureFile"), "secretName"))
    secrets.add(_name(_mapping(volume.get("csi")).get("nodePublishSecretRef")))
    for source in _SECRET_REF_VOLUMES:
        secrets.add(_name(_mapping(volume.get(source)).get("secretRef")))
    for projection in _items(_mapping(volume.get("projected")).get("sources")):
        secrets.add(_name(projection.get("secret")))
        configmaps.add(_name(projection.get("configMap")))


def pod_references(pod: Mapping[str, Any]) -> PodReferences:
    """The secrets and configmaps a pod object references (see the module docstring)."""
    spec = _mapping(pod.get("spec"))
    secrets: set[str] = set()
    configmaps: set[str] = set()
    for pull_secret in _items(spec.get("imagePullSecrets")):
        secrets.add(_name(pull_secret))
    for key in ("initContainers", "containers", "ephemeralContainers"):
        for container in _items(spec.get(key)):
            _container_references(container, secrets, configmaps)
    for volume in _items(spec.get("volumes")):
        _volume_references(volume, secrets, configmaps)
    secrets.discard("")
    configmaps.discard("")
    return PodReferences(secrets=frozenset(secrets), configmaps=frozenset(configmaps))


@dataclass(frozen=True, slots=True, kw_only=True)
class _IndexedPod:
    node: str
    uid: str
    references: PodReferences


_PodKey = tuple[str, str]  # (namespace, name)
_RefKey = tuple[str, ReferenceKind, str, str]  # (node, kind, namespace, name)


class PodReferenceIndex:
    """An in-memory :class:`NodeGraph` built from pod objects (see the module docstring)."""

    def __init__(self) -> None:
        self._pods: dict[_PodKey, _IndexedPod] = {}
        self._by_node: dict[str, set[_PodKey]] = {}
        # How many pods on a node reference an object: it stays readable until the last one goes.
        self._references: dict[_RefKey, int] = {}

    def __len__(self) -> int:
        return len(self._pods)

    def upsert(self, pod: Mapping[str, Any]) -> None:
        """Index a pod as added or modified. A pod without ``spec.nodeName`` is dropped from the index."""
        metadata = _mapping(pod.get("metadata"))
        key = (_name(metadata, "namespace"), _name(metadata))
        self._discard(key)
        node = _name(pod.get("spec"), "nodeName")
        if not node or not key[1]:
            return
        entry = _IndexedPod(node=node, uid=_name(metadata, "uid"), references=pod_references(pod))
        self._pods[key] = entry
        self._by_node.setdefault(node, set()).add(key)
        for ref_key in self._reference_keys(key, entry):
            self._references[ref_key] = self._references.get(ref_key, 0) + 1

    def holds(self, namespace: str, name: str, *, uid: str, node: str) -> bool:
        """Whether this very pod (same uid) is indexed on ``node``."""
        entry = self._pods.get((namespace, name))
        return entry is not None and bool(uid) and entry.uid == uid and entry.node == node

    def remove(self, pod: Mapping[str, Any]) -> None:
        """Forget a deleted pod. A stale delete (another ``uid`` under the same name) is ignored."""
        metadata = _mapping(pod.get("metadata"))
        key = (_name(metadata, "namespace"), _name(metadata))
        entry = self._pods.get(key)
        uid = _name(metadata, "uid")
        if entry is not None and (not uid or not entry.uid or uid == entry.uid):
            self._discard(key)

    def discard(self, namespace: str, name: str) -> None:
        """Forget a pod by name, if indexed."""
        self._discard((namespace, name))

    def replace(self, pods: Iterable[Mapping[str, Any]]) -> None:
        """Rebuild the index from a full list of pods (after a relist)."""
        self._pods.clear()
        self._by_node.clear()
        self._references.clear()
        for pod in pods:
            self.upsert(pod)

    def pods_on_node(self, node: str) -> frozenset[tuple[str, str]]:
        """``(namespace, name)`` of the pods bound to ``node``."""
        return frozenset(self._by_node.get(node, ()))

    # --- NodeGraph ------------------------------------------------------------------------

    def pod_node(self, namespace: str, name: str) -> str | None:
        entry = self._pods.get((namespace, name))
        return entry.node if entry is not None else None

    def node_references(self, node: str, kind: ReferenceKind, namespace: str, name: str) -> bool:
        return (node, kind, namespace, name) in self._references

    # --- internals ------------------------------------------------------------------------

    @staticmethod
    def _reference_keys(key: _PodKey, entry: _IndexedPod) -> Iterator[_RefKey]:
        for kind in ReferenceKind:
            for name in entry.references.names(kind):
                yield (entry.node, kind, key[0], name)

    def _discard(self, key: _PodKey) -> None:
        entry = self._pods.pop(key, None)
        if entry is None:
            return
        pods = self._by_node.get(entry.node)
        if pods is not None:
            pods.discard(key)
            if not pods:
                del self._by_node[entry.node]
        for ref_key in self._reference_keys(key, entry):
            count = self._references.get(ref_key, 0) - 1
            if count > 0:
                self._references[ref_key] = count
            else:
                self._references.pop(ref_key, None)
