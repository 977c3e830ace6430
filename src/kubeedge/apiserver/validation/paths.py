"""Field paths as kube-apiserver prints them: ``spec.containers[0].ports[1].name``.

apimachinery's ``field.Path`` renders children with dots, list positions as ``[i]`` and map keys
as ``[key]`` (unquoted). Clients match on these strings (``kubectl`` shows them verbatim), so
every validator builds its paths with these three helpers instead of formatting by hand.
"""

from __future__ import annotations

__all__ = ["child", "index", "key"]


def child(path: str, *names: str) -> str:
    """``path.name1.name2``; an empty ``path`` starts a new root."""
    if len(names) == 1:
        # The common case, without building a list (validators call this for every field).
        return path + "." + names[0] if path else "" + names[0]
    parts = [path, *names] if path else list(names)
    return ".".join(parts)


def index(path: str, position: int) -> str:
    """``path[position]`` for a list element."""
    return f"{path}[{position}]"


def key(path: str, map_key: str) -> str:
    """``path[map_key]`` for a map entry (kube does not quote the key)."""
    return f"{path}[{map_key}]"
