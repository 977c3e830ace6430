"""Objects for the field-tracking tests: realistic bases and random edits of them.

The edits are the ones that exercise SMD's corner cases: values replaced by scalars of another
type (``true`` for ``1``, ``1.0`` for ``1``), emptied or nulled containers, list items
duplicated or stripped of their keys, unknown fields.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from _ssa_schemas import CONFIGMAP, CRD_LIKE, DEPLOYMENT, POD

from kubeedge.apiserver.registry.builtin import builtin_resources
from kubeedge.apiserver.schema.builtin import builtin_schemas

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Iterator

    from kubeedge.apiserver.schema.model import TypedSchema

__all__ = ["CASES", "mutate"]


def _pod() -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "namespace": "d", "labels": {"app": "a"}, "uid": "u"},
        "spec": {
            "nodeName": "n",
            "containers": [
                {
                    "name": "app",
                    "image": "img",
                    "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 81, "name": "x"}],
                    "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                    "resources": {"requests": {"cpu": "1"}, "limits": {"memory": "1Gi"}},
                }
            ],
            "tolerations": [{"key": "k", "operator": "Exists"}],
        },
        "status": {"phase": "Pending", "conditions": [{"type": "Ready", "status": "True"}]},
    }


def _deployment() -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "d", "labels": {"app": "web"}, "finalizers": ["a/b"]},
        "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}]}]},
            },
        },
    }


def _configmap() -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1", "b": "2"}}


def _custom() -> dict[str, Any]:
    return {
        "apiVersion": "x/v1",
        "kind": "X",
        "metadata": {"name": "x"},
        "spec": {"a": 1, "items": [{"name": "a", "v": 1}], "tags": ["a", "b"], "free": {"k": [1, {"z": None}]}},
    }


def _builtin(group: str, plural: str) -> TypedSchema:
    for resource in builtin_resources(builtin_schemas()):
        if (resource.group, resource.plural) == (group, plural):
            assert resource.schema is not None
            return resource.schema
    raise LookupError(plural)


# (name, schema, whether the kind is built in, a base object)
CASES: list[tuple[str, TypedSchema | None, bool, Callable[[], dict[str, Any]]]] = [
    ("builtin pod", _builtin("", "pods"), True, _pod),
    ("builtin deployment", _builtin("apps", "deployments"), True, _deployment),
    ("builtin configmap", _builtin("", "configmaps"), True, _configmap),
    ("pod", POD, True, _pod),
    ("deployment", DEPLOYMENT, True, _deployment),
    ("configmap", CONFIGMAP, False, _configmap),
    ("custom", CRD_LIKE, False, _custom),
    ("untyped", None, False, _custom),
]

_SCALARS: list[Any] = [None, True, False, 0, 1, 1.0, 2.5, "", "x", "80", 80, 1e21, 10**21, "a<b&c>"]
_KEYS = ["name", "a", "port", "containerPort", "protocol", "key", "type", "x"]


def _value(rnd: random.Random, depth: int = 0) -> Any:
    roll = rnd.random()
    if depth > 2 or roll < 0.55:
        return rnd.choice(_SCALARS)
    if roll < 0.8:
        return {rnd.choice(_KEYS): _value(rnd, depth + 1) for _ in range(rnd.randint(0, 3))}
    return [_value(rnd, depth + 1) for _ in range(rnd.randint(0, 3))]


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _nodes(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _nodes(sub, (*path, index))


def mutate(rnd: random.Random, obj: dict[str, Any], edits: int) -> dict[str, Any]:
    """A deep copy of ``obj`` with ``edits`` random edits."""
    out = copy.deepcopy(obj)
    for _ in range(edits):
        path, node = rnd.choice(list(_nodes(out)))
        if not path:
            continue
        parent: Any = out
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        roll = rnd.random()
        if roll < 0.2:
            del parent[key]
        elif roll < 0.45:
            parent[key] = _value(rnd)
        elif roll < 0.6 and isinstance(node, dict):
            node[rnd.choice(_KEYS)] = _value(rnd)
        elif roll < 0.7 and isinstance(node, list) and node:
            node.append(copy.deepcopy(rnd.choice(node)))  # a duplicated item
        elif roll < 0.8 and isinstance(node, list):
            node.append(_value(rnd))
        elif roll < 0.9 and node is True:
            parent[key] = 1
        elif isinstance(node, int) and not isinstance(node, bool):
            parent[key] = float(node)
    return out
