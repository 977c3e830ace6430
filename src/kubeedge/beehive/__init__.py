"""Beehive: the in-process module runtime of CloudCore and EdgeCore (spec §1.5).

Modules (:class:`Module`) are built explicitly by a composition root and run by a :class:`Core`,
which supervises them and routes their messages through a :class:`Context`: per-module bounded
inboxes, groups, and requests whose responses are matched by ``parent_msg_id`` alone. Start
reading at :mod:`kubeedge.beehive.core`.
"""

from __future__ import annotations

from kubeedge.beehive.context import Context, ContextStatistics, InboxConfig, ModuleUnavailable
from kubeedge.beehive.core import Core, CoreConfig, CoreStatistics
from kubeedge.beehive.envelope import Envelope
from kubeedge.beehive.module import Module
from kubeedge.beehive.pending import PendingStatistics

__all__ = [
    "Context",
    "ContextStatistics",
    "Core",
    "CoreConfig",
    "CoreStatistics",
    "Envelope",
    "InboxConfig",
    "Module",
    "ModuleUnavailable",
    "PendingStatistics",
]
