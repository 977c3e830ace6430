"""In-memory indexes the controller shells share: who owns what, what lives where.

Store observers run synchronously on every commit, so they must not scan: an event on a pod has
to find "the ReplicaSets that may want this pod" or "the Services that select it" in a few
dictionary lookups, with 10,000 pods in a namespace. :class:`ResourceIndex` keeps, per object,
the handful of facts the shells route on (namespace, uid, labels, controller reference,
selector, node) and indexes them by namespace, owner uid, uid and node; subscribers receive the
facts before and after each change, which is what routing on a *change* (a pod relabelled away
from a Service, a pod released by its owner) needs. Objects themselves are read from the store
at reconcile time, parsed at most once per revision and then shared, as informer caches are:
parsing dominated a ReplicaSet pass over thousands of pods. Shared objects are read-only; the
planners copy what they change.

:class:`NodeCache` holds parsed Node objects: the scheduler, the DaemonSet controller and the node
lifecycle controller all read every node on every pass, and nodes are few and small.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from kubeedge.apiserver.controllers._objects import EMPTY, controller_ref, meta, selector_matches, spec, status
from kubeedge.apiserver.storage.mvcc import EventType

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers.runtime import InternalClient
    from kubeedge.apiserver.registry.resources import ResourceInfo
    from kubeedge.apiserver.storage.mvcc import Event

__all__ = ["Facts", "NodeCache", "Owner", "ResourceIndex", "facts_of", "observe_raw", "owners_to_wake"]

logger = logging.getLogger(__name__)

Subscriber = Callable[["Facts | None", "Facts | None"], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class Owner:
    """A controller reference, reduced to what routing needs."""

    kind: str
    name: str
    uid: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """What the shells route on for one object (copied: never shared with the registry)."""

    key: str
    namespace: str
    name: str
    uid: str
    labels: Mapping[str, str] = field(default_factory=dict)
    controller: Owner | None = None
    # spec.selector as served: a LabelSelector for workloads, a plain map for Services.
    selector: Mapping[str, Any] | None = None
    node: str = ""
    deleting: bool = False
    phase: str = ""


def facts_of(obj: Mapping[str, Any]) -> Facts:
    metadata = meta(obj)
    namespace = metadata.get("namespace") or ""
    name = metadata.get("name") or ""
    ref = controller_ref(obj)
    selector = spec(obj).get("selector")
    return Facts(
        key=f"{namespace}/{name}" if namespace else name,
        namespace=namespace,
        name=name,
        uid=metadata.get("uid") or "",
        labels=dict(metadata.get("labels") or EMPTY),
        controller=None
        if ref is None
        else Owner(kind=ref.get("kind", ""), name=ref.get("name", ""), uid=ref.get("uid", "")),
        selector=orjson.loads(orjson.dumps(selector)) if isinstance(selector, dict) else None,
        node=spec(obj).get("nodeName") or "",
        deleting=bool(metadata.get("deletionTimestamp")),
        phase=status(obj).get("phase") or "",
    )


def observe_raw(client: InternalClient, resource: ResourceInfo, callback: Callable[[Event], None]) -> None:
    """Observe committed changes as raw store events (``event.value`` parses to a private copy)."""
    client.registry.store.add_observer(resource.storage_prefix(), lambda event, _obj: callback(event))


class ResourceIndex:
    """Facts of every object of one resource, indexed several ways, kept current by the store."""

    def __init__(self, client: InternalClient, resource: ResourceInfo) -> None:
        self.client = client
        self.resource = resource
        self.facts: dict[str, Facts] = {}
        self._by_namespace: defaultdict[str, set[str]] = defaultdict(set)
        self._orphans: defaultdict[str, set[str]] = defaultdict(set)
        self._by_controller: defaultdict[str, set[str]] = defaultdict(set)
        self._by_node: defaultdict[str, set[str]] = defaultdict(set)
        self._by_uid: dict[str, str] = {}
        # Parsed objects by key, with the revision they were parsed at (kube's informer cache).
        self._parsed: dict[str, tuple[int, dict[str, Any]]] = {}
        self._subscribers: list[Subscriber] = []
        self._started = False

    def subscribe(self, subscriber: Subscriber) -> None:
        """``subscriber(old, new)`` after each change; it must be quick and must not raise."""
        self._subscribers.append(subscriber)

    def start(self) -> None:
        """Load what is stored and follow changes (no await in between: nothing is missed)."""
        if self._started:
            return
        self._started = True
        for obj in self.client.list(self.resource):
            self._put(facts_of(obj))
        self.client.observe(self.resource, self._on_event)

    def _on_event(self, kind: EventType, obj: dict[str, Any]) -> None:
        new = facts_of(obj)
        old = self.facts.get(new.key)
        if kind is EventType.DELETED:
            self._drop(new.key)
            self._parsed.pop(new.key, None)
            new_or_none = None
        else:
            if old is not None:
                self._drop(old.key)
            self._put(new)
            new_or_none = new
        for subscriber in self._subscribers:
            try:
                subscriber(old, new_or_none)
            except Exception:
                logger.exception("Index subscriber failed on %s %s", self.resource.plural, new.key)

    def _put(self, facts: Facts) -> None:
        self.facts[facts.key] = facts
        self._by_namespace[facts.namespace].add(facts.key)
        if facts.controller is None:
            self._orphans[facts.namespace].add(facts.key)
        else:
            self._by_controller[facts.controller.uid].add(facts.key)
        if facts.node:
            self._by_node[facts.node].add(facts.key)
        if facts.uid:
            self._by_uid[facts.uid] = facts.key

    def _drop(self, key: str) -> None:
        facts = self.facts.pop(key, None)
        if facts is None:
            return
        _discard(self._by_namespace, facts.namespace, key)
        if facts.controller is None:
            _discard(self._orphans, facts.namespace, key)
        else:
            _discard(self._by_controller, facts.controller.uid, key)
        if facts.node:
            _discard(self._by_node, facts.node, key)
        if self._by_uid.get(facts.uid) == key:
            del self._by_uid[facts.uid]

    # --- lookups (keys) -----------------------------------------------------------------------

    def in_namespace(self, namespace: str) -> Iterator[Facts]:
        for key in tuple(self._by_namespace.get(namespace, ())):
            yield self.facts[key]

    def controlled_by(self, uid: str) -> Iterator[Facts]:
        for key in tuple(self._by_controller.get(uid, ())):
            yield self.facts[key]

    def orphans_in(self, namespace: str) -> Iterator[Facts]:
        for key in tuple(self._orphans.get(namespace, ())):
            yield self.facts[key]

    def on_node(self, node: str) -> Iterator[Facts]:
        for key in tuple(self._by_node.get(node, ())):
            yield self.facts[key]

    def nodes(self) -> list[str]:
        return [node for node, keys in self._by_node.items() if keys]

    def key_of_uid(self, uid: str) -> str | None:
        return self._by_uid.get(uid)

    # --- reads (objects, parsed from the store) -----------------------------------------------

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored object, parsed once per revision and shared: callers must not mutate it."""
        entry = self.client.registry.store.get(self.resource.storage_prefix() + key)
        if entry is None:
            return None
        cached = self._parsed.get(key)
        if cached is not None and cached[0] == entry.rev:
            return cached[1]
        obj: dict[str, Any] = orjson.loads(entry.value)
        self._parsed[key] = (entry.rev, obj)
        return obj

    def objects(self, facts: Iterator[Facts] | list[Facts]) -> list[dict[str, Any]]:
        found = []
        for item in facts:
            obj = self.get(item.key)
            if obj is not None:
                found.append(obj)
        return found

    def candidates(self, owner_uid: str, namespace: str) -> list[dict[str, Any]]:
        """What an owner may claim: what it controls plus the orphans of its namespace.

        ``claim`` ignores objects another controller owns, so this is what passing "every
        object of the namespace" would decide, without reading the others.
        """
        keys = {f.key for f in self.controlled_by(owner_uid)} | {f.key for f in self.orphans_in(namespace)}
        return self.objects([self.facts[key] for key in sorted(keys)])


def _discard(index: defaultdict[str, set[str]], bucket: str, key: str) -> None:
    keys = index.get(bucket)
    if keys is not None:
        keys.discard(key)
        if not keys:
            del index[bucket]


class NodeCache:
    """Every Node, parsed once per change, for planners that read all nodes on each pass."""

    def __init__(self, client: InternalClient) -> None:
        self.client = client
        self.resource = client.resource("", "nodes")
        self._nodes: dict[str, dict[str, Any]] = {}
        self._subscribers: list[Callable[[str], None]] = []
        self._started = False

    def subscribe(self, subscriber: Callable[[str], None]) -> None:
        """``subscriber(node_name)`` after each change of a node (also deletion)."""
        self._subscribers.append(subscriber)

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        for node in self.client.list(self.resource):
            self._nodes[meta(node).get("name", "")] = node
        observe_raw(self.client, self.resource, self._on_event)

    def _on_event(self, event: Event) -> None:
        node: dict[str, Any] = orjson.loads(event.value)
        name = meta(node).get("name", "")
        if event.type is EventType.DELETED:
            self._nodes.pop(name, None)
        else:
            self._nodes[name] = node
        for subscriber in self._subscribers:
            try:
                subscriber(name)
            except Exception:
                logger.exception("Node subscriber failed on %s", name)

    def all(self) -> list[dict[str, Any]]:
        """The nodes; planners only read them."""
        return list(self._nodes.values())

    def names(self) -> list[str]:
        return list(self._nodes)

    def get(self, name: str) -> dict[str, Any] | None:
        return self._nodes.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._nodes


def owners_to_wake(old: Facts | None, new: Facts | None, *, kind: str, owners: ResourceIndex) -> Iterator[str]:
    """Keys of the ``kind`` owners a dependent's change concerns.

    Its controller, before and after the change; and while it has no controller, every owner in
    its namespace whose selector matches it (one of them may adopt it).
    """
    for facts in (old, new):
        if facts is None:
            continue
        owner = facts.controller
        if owner is not None:
            if owner.kind == kind:
                yield f"{facts.namespace}/{owner.name}"
        elif new is not None and not new.deleting:
            for candidate in owners.in_namespace(facts.namespace):
                if selector_matches(candidate.selector, facts.labels):
                    yield candidate.key
