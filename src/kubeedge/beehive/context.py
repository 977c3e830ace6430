"""The in-process router: module inboxes, groups, requests and responses (spec §1.5).

Every enabled module has a bounded inbox (:class:`InboxConfig`: 1024 messages and policy
``block`` by default, as KubeEdge's buffered channels, but configurable per module). Messages
are addressed to a module by name (:meth:`Context.send`) or to every enabled module of a group
(:meth:`Context.send_to_group`, one copy each). A request (:meth:`Context.request`,
:meth:`Context.send_to_group_sync`) parks a future keyed by its ``msg_id``; a response reaches
it through :meth:`Context.respond` purely because its ``parent_msg_id`` names the request.

Where this behaves better than KubeEdge's channel context, on purpose:

- A message to an unknown or disabled module, or to an inbox closed because its module has
  stopped for good, is a *counted* drop, logged at WARNING once per destination; Go logs every
  one and keeps no count. ``request`` and ``send_to_group_sync`` raise
  :class:`ModuleUnavailable` at once instead of waiting out their timeout.
- A send to a full ``block`` inbox waits, but an inbox is closed when its module stops for
  good, so senders are released instead of blocking forever.
- ``send_to_group`` first hands a copy to every member with room, then waits for the full
  ones: one slow member delays only itself, and no task is spawned per member.
- ``send_to_group_sync`` returns the responses (Go only reports whether they came), and a
  timeout says how many members answered.
- Responses are delivered without blocking; late ones (their request timed out) and unmatched
  ones are counted apart (see :mod:`kubeedge.beehive.pending`).
- A timeout must be positive; ``None`` means the configured default (Go silently turns
  ``<= 0`` into 30 s). Messages are not modified: a caller that wants ``header.sync`` set
  builds its message that way.

A ``disconnect`` inbox that overflows cuts its module off: its next :meth:`Context.receive`
raises :class:`~kubeedge._aio.queues.QueueDisconnected` and a fresh inbox takes the old one's
place, so the module can resynchronise (or fail, be restarted, and start clean).
"""

from __future__ import annotations

import asyncio
import copy
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from kubeedge._aio import timeouts
from kubeedge._aio.queues import (
    BoundedQueue,
    BoundedQueueStatistics,
    OverflowPolicy,
    QueueClosed,
    QueueDisconnected,
    QueueFull,
)
from kubeedge.beehive.envelope import Envelope
from kubeedge.beehive.pending import PendingResponses, PendingStatistics
from kubeedge.errors import KedgeError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["Context", "ContextStatistics", "InboxConfig", "ModuleUnavailable"]

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Envelope)

_MAX_WARNED = 1024  # destinations remembered for log-once; past this, drops log at DEBUG only


class ModuleUnavailable(KedgeError):
    """A request was addressed to a module that is unknown, disabled or stopped."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InboxConfig:
    """The bound and overflow policy of a module's inbox."""

    size: int = 1024
    overflow: OverflowPolicy = OverflowPolicy.BLOCK


@dataclass(frozen=True, slots=True, kw_only=True)
class ContextStatistics:
    inboxes: Mapping[str, BoundedQueueStatistics]
    dropped_unknown: int
    """Messages to a module or group that does not exist."""
    dropped_disabled: int
    """Messages to a disabled module."""
    dropped_closed: int
    """Messages to an inbox that was closed (module stopped) or that overflowed (``disconnect``)."""
    timed_out: int
    """Requests (single or group) that timed out."""
    requests: PendingStatistics


@dataclass(slots=True, kw_only=True)
class _Slot(Generic[M]):
    name: str
    group: str
    config: InboxConfig
    inbox: BoundedQueue[M] | None  # None: disabled
    is_stopped: bool = False


class Context(Generic[M]):
    """Routes messages between the modules of one process.

    Args:
        inbox: the default inbox bound and policy; :meth:`add_module` may override it.
        request_timeout: seconds a request waits when called with ``timeout=None``.
        copier: makes the per-member copy for group sends (``copy.copy``: a frozen message's
            shallow copy is a full one).
    """

    def __init__(
        self,
        *,
        inbox: InboxConfig | None = None,
        request_timeout: float = 30.0,
        copier: Callable[[M], M] = copy.copy,
    ) -> None:
        if request_timeout <= 0:
            raise ValueError(f"request_timeout must be positive, not {request_timeout}")
        self._default_inbox = inbox or InboxConfig()
        self._request_timeout = request_timeout
        self._copier = copier
        self._slots: dict[str, _Slot[M]] = {}
        self._pending: PendingResponses[M] = PendingResponses()
        self._drops = {"unknown": 0, "disabled": 0, "closed": 0}
        self._warned: set[tuple[str, str]] = set()
        self._timed_out = 0

    def add_module(self, name: str, group: str, *, enabled: bool = True, inbox: InboxConfig | None = None) -> None:
        """Record a module; an enabled one gets an inbox and joins its group.

        Raises:
            ValueError: ``name`` is already recorded, or the inbox size is below 1.
        """
        if name in self._slots:
            raise ValueError(f"module {name!r} is already added")
        config = inbox or self._default_inbox
        queue: BoundedQueue[M] | None = BoundedQueue(config.size, policy=config.overflow) if enabled else None
        self._slots[name] = _Slot(name=name, group=group, config=config, inbox=queue)

    def close_inbox(self, name: str) -> None:
        """Close the inbox of a module that has stopped for good.

        Waiting senders are released and later sends dropped; what was still queued is
        discarded. All of it is counted in ``dropped_closed``.
        """
        slot = self._slots.get(name)
        if slot is not None and slot.inbox is not None:
            slot.is_stopped = True
            lost = slot.inbox.close(discard=True)
            if lost:
                self._drops["closed"] += lost
                self._warn_once("closed", f"module {name}", "Discarded %d queued messages to module %s", lost, name)

    def members(self, group: str) -> tuple[str, ...]:
        """The enabled modules of ``group``, in the order they were added."""
        return tuple(s.name for s in self._slots.values() if s.group == group and s.inbox is not None)

    def is_awaiting(self, msg_id: str) -> bool:
        """Whether a request with this id is waiting (a hub uses it to spot responses)."""
        return msg_id in self._pending

    async def send(self, module: str, msg: M) -> None:
        """Queue ``msg`` for ``module``, waiting for room if its inbox is full and blocks.

        Unknown, disabled and stopped modules are counted drops (see the module docstring).
        """
        inbox = self._inbox_or_drop(module, msg)
        if inbox is not None:
            await self._put(module, inbox, msg)

    async def send_to_group(self, group: str, msg: M) -> None:
        """Queue a copy of ``msg`` for every enabled module of ``group``."""
        targets = self._group_or_drop(group, msg)
        await self._deliver_all([(name, inbox, self._copier(msg)) for name, inbox in targets])

    async def receive(self, module: str) -> M:
        """Wait for the next message for ``module``.

        Raises:
            ModuleUnavailable: ``module`` is unknown or disabled.
            QueueDisconnected: the inbox overflowed and its contents were dropped; resync.
            QueueClosed: the module was stopped and its inbox is drained.
        """
        slot = self._slots.get(module)
        if slot is None or slot.inbox is None:
            raise ModuleUnavailable(f"module {module!r} is {'disabled' if slot else 'unknown'}")
        inbox = slot.inbox
        try:
            return await inbox.get()
        except QueueDisconnected:
            if slot.inbox is inbox and not slot.is_stopped:
                slot.inbox = BoundedQueue(slot.config.size, policy=slot.config.overflow)
            raise

    # The timeout is part of beehive's contract (spec §1.5: a default, and two distinct errors
    # for queueing and answering), not something a caller's asyncio.timeout could express.
    async def request(self, module: str, msg: M, *, timeout: float | None = None) -> M:  # noqa: ASYNC109
        """Send ``msg`` to ``module`` and wait for the response whose parent is ``msg.msg_id``.

        Args:
            module: the destination module.
            msg: the request; its ``msg_id`` must not be waiting already.
            timeout: seconds for queueing and answering together; ``None``: the default.

        Returns:
            The response.

        Raises:
            TimeoutError: ``timeout to send message <id>`` (the inbox stayed full) or
                ``timeout to get response for message <id>``.
            ModuleUnavailable: ``module`` is unknown, disabled or stopped.
            ValueError: ``timeout`` is not positive, or the id is already waiting.
        """
        deadline = self._deadline(timeout)
        inbox = self._inbox_or_drop(module, msg)
        if inbox is None:
            raise ModuleUnavailable(f"cannot request {msg.msg_id} from module {module!r}: not running")
        waiter = self._pending.open(msg.msg_id)
        try:
            async with timeouts.fail_at(deadline, f"timeout to send message {msg.msg_id} to module {module}"):
                is_delivered = await self._put(module, inbox, msg)
            if not is_delivered:
                raise ModuleUnavailable(f"cannot request {msg.msg_id} from module {module!r}: inbox closed")
            async with timeouts.fail_at(deadline, f"timeout to get response for message {msg.msg_id}"):
                responses = await waiter.future
        except TimeoutError:
            self._timed_out += 1
            raise
        finally:
            self._pending.close(waiter)
        return responses[0]

    async def send_to_group_sync(
        self,
        group: str,
        msg: M,
        *,
        timeout: float | None = None,  # noqa: ASYNC109 (see request)
    ) -> list[M]:
        """Send a copy of ``msg`` to every member of ``group``; wait for one response from each.

        Returns:
            The responses in arrival order; empty if the group has no enabled member.

        Raises:
            TimeoutError: ``timeout to send message <id>`` or ``timeout to get response for
                message <id>`` with how many members answered.
            ModuleUnavailable: a member's inbox was closed.
            ValueError: ``timeout`` is not positive, or the id is already waiting.
        """
        deadline = self._deadline(timeout)
        targets = self._group_or_drop(group, msg)
        if not targets:
            return []
        waiter = self._pending.open(msg.msg_id, expected=len(targets))
        try:
            async with timeouts.fail_at(deadline, f"timeout to send message {msg.msg_id} to group {group}"):
                undelivered = await self._deliver_all([(name, inbox, self._copier(msg)) for name, inbox in targets])
            if undelivered:
                raise ModuleUnavailable(f"cannot request {msg.msg_id} from {', '.join(undelivered)}: inbox closed")
            timer = asyncio.timeout_at(deadline)
            try:
                async with timer:
                    return await waiter.future
            except TimeoutError as exc:
                if not timer.expired():
                    raise
                raise TimeoutError(
                    f"timeout to get response for message {msg.msg_id}"
                    f" ({len(waiter.responses)} of {len(targets)} members of group {group} answered)"
                ) from exc
        except TimeoutError:
            self._timed_out += 1
            raise
        finally:
            self._pending.close(waiter)

    def respond(self, msg: M) -> bool:
        """Hand a response to the request named by its ``parent_msg_id``; never blocks.

        Returns:
            Whether a waiting request took it; if not, it is counted as late or unmatched.
        """
        return self._pending.deliver(msg)

    def statistics(self) -> ContextStatistics:
        return ContextStatistics(
            inboxes={s.name: s.inbox.statistics() for s in self._slots.values() if s.inbox is not None},
            dropped_unknown=self._drops["unknown"],
            dropped_disabled=self._drops["disabled"],
            dropped_closed=self._drops["closed"],
            timed_out=self._timed_out,
            requests=self._pending.statistics(),
        )

    def _deadline(self, timeout: float | None) -> float:
        if timeout is None:
            timeout = self._request_timeout
        if timeout <= 0:
            raise ValueError(f"a request timeout must be positive, not {timeout}")
        return asyncio.get_running_loop().time() + timeout

    def _inbox_or_drop(self, module: str, msg: M) -> BoundedQueue[M] | None:
        slot = self._slots.get(module)
        if slot is None:
            self._drop("unknown", f"module {module}", msg)
            return None
        if slot.inbox is None:
            self._drop("disabled", f"module {module}", msg)
            return None
        return slot.inbox

    def _group_or_drop(self, group: str, msg: M) -> list[tuple[str, BoundedQueue[M]]]:
        targets = [(s.name, s.inbox) for s in self._slots.values() if s.group == group and s.inbox is not None]
        if not targets:
            self._drop("unknown", f"group {group}", msg, why="it has no enabled member")
        return targets

    async def _deliver_all(self, items: list[tuple[str, BoundedQueue[M], M]]) -> list[str]:
        """Queue each message; wait only for full inboxes, after the others. Returns the names dropped."""
        full: list[tuple[str, BoundedQueue[M], M]] = []
        undelivered: list[str] = []
        for name, inbox, msg in items:
            try:
                self._put_nowait(name, inbox, msg)
            except QueueFull:
                full.append((name, inbox, msg))
            except QueueClosed:
                undelivered.append(name)
        for name, inbox, msg in full:
            if not await self._put(name, inbox, msg):
                undelivered.append(name)
        return undelivered

    async def _put(self, name: str, inbox: BoundedQueue[M], msg: M) -> bool:
        """Queue into an inbox, waiting if it is full and blocks; a closed inbox is a counted drop."""
        try:
            self._put_nowait(name, inbox, msg)
        except QueueClosed:
            return False
        except QueueFull:
            return await self._put_waiting(name, inbox, msg)
        return True

    async def _put_waiting(self, name: str, inbox: BoundedQueue[M], msg: M) -> bool:
        try:
            await inbox.put(msg)
        except QueueClosed:
            self._drop("closed", f"module {name}", msg)
            return False
        return True

    def _put_nowait(self, name: str, inbox: BoundedQueue[M], msg: M) -> None:
        """``put_nowait`` that counts and logs drops; re-raises QueueFull and QueueClosed."""
        dropped_before = inbox.dropped
        try:
            inbox.put_nowait(msg)
        except QueueDisconnected:
            self._drop("closed", f"module {name}", msg, why="its inbox overflowed; the module was cut off")
            raise
        except QueueClosed:
            self._drop("closed", f"module {name}", msg)
            raise
        if inbox.dropped > dropped_before:
            self._warn_once("evicted", name, "Inbox of module %s is full; evicting its oldest messages", name)

    def _drop(self, reason: str, destination: str, msg: M, *, why: str | None = None) -> None:
        self._drops[reason] += 1
        why = why or {"unknown": "it does not exist", "disabled": "it is disabled", "closed": "it has stopped"}[reason]
        self._warn_once(reason, destination, "Dropped message %s to %s: %s", msg.msg_id, destination, why)

    def _warn_once(self, reason: str, destination: str, text: str, *args: object) -> None:
        key = (reason, destination)
        if key in self._warned or len(self._warned) >= _MAX_WARNED:
            logger.debug(text, *args)
            return
        self._warned.add(key)
        logger.warning(text + " (further ones are counted and logged at DEBUG)", *args)
