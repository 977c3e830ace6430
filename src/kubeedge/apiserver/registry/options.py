"""Options of the registry verbs, decoded from query parameters and bodies by the HTTP layer."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kubeedge.apiserver.storage.mvcc import Predicate

__all__ = [
    "DeleteOptions",
    "FieldValidation",
    "ListOptions",
    "Outcome",
    "Propagation",
    "WriteOptions",
]


class FieldValidation(enum.StrEnum):
    IGNORE = "Ignore"
    WARN = "Warn"
    STRICT = "Strict"


class Propagation(enum.StrEnum):
    ORPHAN = "Orphan"
    BACKGROUND = "Background"
    FOREGROUND = "Foreground"


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteOptions:
    user: str = ""
    groups: tuple[str, ...] = ()
    dry_run: bool = False
    field_manager: str = ""
    field_validation: FieldValidation = FieldValidation.WARN
    user_agent: str = ""
    force: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteOptions:
    propagation: Propagation | None = None
    grace_period: int | None = None
    precondition_uid: str | None = None
    precondition_rv: str | None = None
    dry_run: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOptions:
    label_selector: Predicate | None = None
    field_selector: Predicate | None = None
    has_selectors: bool = False
    limit: int = 0
    continue_token: str = ""
    resource_version: str | None = None
    resource_version_match: str = ""


@dataclass(slots=True)
class Outcome:
    """The result of a write: the object to answer with, its HTTP code, and warnings."""

    obj: dict[str, Any]
    code: int = 200
    warnings: list[str] = field(default_factory=list)
    # The stored bytes of ``obj`` when it was just written: answered as they are, not re-encoded.
    raw: bytes | None = None
