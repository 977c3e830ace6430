"""Revision rules of the store, as pure functions (kine's and etcd's MVCC semantics).

* Every write gets the next global revision; ``resourceVersion`` is its decimal string.
* A watcher that filters by selector sees an object *enter* its view as ADDED, *leave* it as
  DELETED (carrying the previous state stamped with the new revision), and otherwise MODIFIED —
  the rule kube-apiserver's cacher applies.
* Revisions at or below the compaction point are gone: watching or listing from them is 410.
* Continue tokens pin a paginated LIST to the revision of its first page.
"""

from __future__ import annotations

import base64
import binascii
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import orjson

from kubeedge.apiserver.errors import StatusError

__all__ = [
    "Attrs",
    "ContinueToken",
    "Entry",
    "Event",
    "EventType",
    "decode_continue",
    "encode_continue",
    "parse_resource_version",
    "transition",
]


class EventType(enum.StrEnum):
    ADDED = "ADDED"
    MODIFIED = "MODIFIED"
    DELETED = "DELETED"


@dataclass(frozen=True, slots=True)
class Attrs:
    """What selectors look at, computed once when the object is written."""

    labels: Mapping[str, str]
    fields: Mapping[str, str]


EMPTY_ATTRS = Attrs({}, {})


@dataclass(frozen=True, slots=True)
class Entry:
    """The committed state of one key."""

    key: str
    rev: int
    value: bytes
    attrs: Attrs


@dataclass(frozen=True, slots=True)
class Event:
    """One committed change. For DELETED, ``value`` is the final state stamped with ``rev``."""

    type: EventType
    key: str
    rev: int
    value: bytes
    attrs: Attrs
    prev_value: bytes | None = None
    prev_attrs: Attrs | None = None


Predicate = Callable[[Attrs], bool]


def transition(event: Event, matches: Predicate | None) -> tuple[EventType, bytes] | None:
    """How ``event`` looks to a watcher whose filter is ``matches``; None if it sees nothing."""
    if matches is None:
        return event.type, event.value
    now = matches(event.attrs)
    if event.type is EventType.ADDED:
        return (EventType.ADDED, event.value) if now else None
    if event.type is EventType.DELETED:
        return (EventType.DELETED, event.value) if now else None
    before = event.prev_attrs is not None and matches(event.prev_attrs)
    if now and before:
        return EventType.MODIFIED, event.value
    if now:
        return EventType.ADDED, event.value
    if before and event.prev_value is not None:
        return EventType.DELETED, restamp(event.prev_value, event.rev)
    return None


def restamp(value: bytes, rev: int) -> bytes:
    """Return ``value`` (a serialised object) with ``metadata.resourceVersion`` set to ``rev``."""
    obj = orjson.loads(value)
    obj.setdefault("metadata", {})["resourceVersion"] = str(rev)
    return orjson.dumps(obj)


def parse_resource_version(value: str | None, *, what: str = "resourceVersion") -> int | None:
    """Parse a client-supplied resourceVersion; None when absent or empty."""
    if value is None or value == "":
        return None
    try:
        rev = int(value)
    except ValueError:
        raise StatusError.bad_request(f"invalid {what}: {value!r} is not a valid resource version") from None
    if rev < 0:
        raise StatusError.bad_request(f"invalid {what}: {value!r} must not be negative")
    return rev


@dataclass(frozen=True, slots=True)
class ContinueToken:
    """Where the next page of a LIST starts, and at which revision the list is consistent."""

    rev: int
    start_key: str


def encode_continue(token: ContinueToken) -> str:
    # Same shape as kube-apiserver's token so that it looks familiar when decoded.
    raw = orjson.dumps({"v": "meta.k8s.io/v1", "rv": token.rev, "start": token.start_key})
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_continue(value: str) -> ContinueToken:
    try:
        padded = value + "=" * (-len(value) % 4)
        data = orjson.loads(base64.urlsafe_b64decode(padded))
        if data.get("v") != "meta.k8s.io/v1" or not isinstance(data.get("rv"), int) or data["rv"] < 1:
            raise ValueError
        start = data["start"]
        if not isinstance(start, str):
            raise ValueError
    except (ValueError, TypeError, KeyError, binascii.Error, orjson.JSONDecodeError):
        raise StatusError.bad_request(f"continue key is not valid: {value!r}") from None
    return ContinueToken(data["rv"], start)
