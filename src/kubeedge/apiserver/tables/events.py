"""The event table: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; wide SUBOBJECT, SOURCE, FIRST SEEN,
COUNT, NAME.

core/v1 and events.k8s.io/v1 events are one stored kind in kube-apiserver and print with one
printer; events.k8s.io names the fields differently (``regarding``, ``note``,
``deprecatedFirstTimestamp``...), so :func:`print_event` reads either shape. The timing rules are
kube's: FIRST SEEN falls back to ``eventTime``, LAST SEEN to FIRST SEEN, and an event series
supplies both LAST SEEN and COUNT; a singleton event without a count counts 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.tables import _docs
from kubeedge.apiserver.tables.columns import (
    Column,
    Printer,
    Row,
    as_int,
    as_map,
    as_str,
    name_column,
    parse_time,
    since,
)

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["EVENT_PRINTER", "PRINTERS", "print_event"]

COLUMNS = (
    Column(name="Last Seen", type="string", description=_docs.DOCS["Event.lastTimestamp"]),
    Column(name="Type", type="string", description=_docs.DOCS["Event.type"]),
    Column(name="Reason", type="string", description=_docs.DOCS["Event.reason"]),
    Column(name="Object", type="string", description=_docs.DOCS["Event.involvedObject"]),
    Column(name="Subobject", type="string", priority=1, description=_docs.DOCS["ObjectReference.fieldPath"]),
    Column(name="Source", type="string", priority=1, description=_docs.DOCS["Event.source"]),
    Column(name="Message", type="string", description=_docs.DOCS["Event.message"]),
    Column(name="First Seen", type="string", priority=1, description=_docs.DOCS["Event.firstTimestamp"]),
    Column(name="Count", type="string", priority=1, description=_docs.DOCS["Event.count"]),
    name_column(priority=1),
)


def _first(event: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = event.get(key)
        if value not in (None, ""):
            return value
    return None


def _is_set(value: Any) -> bool:
    # Go's Time.IsZero: absent, empty and 0001-01-01T00:00:00Z are all "not set".
    try:
        return parse_time(value) is not None
    except ValueError:
        return True  # a malformed time is not zero; since() prints it as <unknown>


def _source(event: Mapping[str, Any]) -> str:
    source = as_map(event.get("source") or event.get("deprecatedSource"))
    component = as_str(source.get("component")) or as_str(
        event.get("reportingComponent") or event.get("reportingController")
    )
    instance = as_str(source.get("host")) or as_str(event.get("reportingInstance"))
    return f"{component}, {instance}" if instance else component


def print_event(event: Mapping[str, Any], now: datetime) -> Row:
    """One core/v1 or events.k8s.io/v1 event as kube-apiserver prints it (all ten cells)."""
    metadata = as_map(event.get("metadata"))
    first_time = _first(event, "firstTimestamp", "deprecatedFirstTimestamp")
    first_seen = since(first_time, now) if _is_set(first_time) else since(event.get("eventTime"), now)
    last_time = _first(event, "lastTimestamp", "deprecatedLastTimestamp")
    last_seen = since(last_time, now) if _is_set(last_time) else first_seen
    series = event.get("series")
    count = as_int(_first(event, "count", "deprecatedCount"))
    if isinstance(series, Mapping):
        last_seen = since(series.get("lastObservedTime"), now)
        count = as_int(series.get("count"))
    elif count == 0:
        count = 1  # singleton events of the new API carry no count
    involved = as_map(event.get("involvedObject") or event.get("regarding"))
    kind = as_str(involved.get("kind")).lower()
    target = f"{kind}/{as_str(involved.get('name'))}" if involved.get("name") else kind
    message = as_str(event.get("message") if "message" in event else event.get("note"))
    return Row(
        cells=(
            last_seen,
            as_str(event.get("type")),
            as_str(event.get("reason")),
            target,
            as_str(involved.get("fieldPath")),
            _source(event),
            message.strip(),
            first_seen,
            count,
            as_str(metadata.get("name")),
        )
    )


EVENT_PRINTER = Printer(columns=COLUMNS, print_row=print_event)
PRINTERS = MappingProxyType({("", "events"): EVENT_PRINTER, ("events.k8s.io", "events"): EVENT_PRINTER})
