"""The beehive core: run a set of explicitly built modules under one supervisor.

Composition roots (``cloudcore.py``, ``edgecore.py``) build every module with its
dependencies and hand the list over::

    core = Core([MetaManager(...), EdgeHub(...), Edged(...)], CoreConfig(...))
    await core.run()

There is no registration at import time and no global context: the :class:`Core` owns its
:class:`~kubeedge.beehive.context.Context` (``core.context``) and its
:class:`~kubeedge._aio.supervise.Supervisor`. Every module is recorded; disabled ones get no
inbox and are never run (messages to them are counted drops). Enabled modules run as
supervised children: a failure is logged once per streak and the module restarted with backoff
while the others keep running; a module given up (policy exhausted) with no hook stops the
whole core, which then raises :class:`~kubeedge._aio.supervise.ChildGaveUp` so the process
exits and its service manager can restart it. When a module stops for good its inbox is
closed, so nobody blocks forever sending to it.

Cancelling :meth:`Core.run`, or calling :meth:`Core.aclose`, stops every module and waits for
them (bounded by ``grace_period``), leaving no task behind.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from kubeedge._aio.supervise import RestartPolicy, Supervisor, SupervisorStatistics
from kubeedge.beehive.context import Context, ContextStatistics, InboxConfig
from kubeedge.beehive.envelope import Envelope

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from kubeedge._aio.clock import Clock
    from kubeedge.beehive.module import Module

__all__ = ["Core", "CoreConfig", "CoreStatistics"]

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Envelope)


@dataclass(frozen=True, slots=True, kw_only=True)
class CoreConfig:
    """How the core runs its modules.

    Attributes:
        inbox: the default inbox for every module (1024 messages, policy ``block``).
        inboxes: per-module inbox overrides, by module name.
        request_timeout: seconds a request waits when given no timeout (KubeEdge: 30).
        restart: the default restart policy.
        restarts: per-module restart policy overrides, by module name.
        grace_period: seconds to wait for cancelled modules at shutdown before logging them.
    """

    inbox: InboxConfig = field(default_factory=InboxConfig)
    inboxes: Mapping[str, InboxConfig] = field(default_factory=dict)
    request_timeout: float = 30.0
    restart: RestartPolicy = field(default_factory=RestartPolicy)
    restarts: Mapping[str, RestartPolicy] = field(default_factory=dict)
    grace_period: float = 5.0


@dataclass(frozen=True, slots=True, kw_only=True)
class CoreStatistics:
    context: ContextStatistics
    supervisor: SupervisorStatistics | None
    """``None`` until :meth:`Core.run` has started the modules."""


class Core(Generic[M]):
    """Runs modules and routes their messages.

    Args:
        modules: every module of this process, enabled or not; names must be unique.
        config: inboxes, timeouts and restart policies.
        clock: drives restart backoff (a manual clock in tests).

    Raises:
        ValueError: two modules share a name.
    """

    def __init__(
        self, modules: Sequence[Module[M]], config: CoreConfig | None = None, *, clock: Clock | None = None
    ) -> None:
        self._config = config or CoreConfig()
        self._clock = clock
        self._modules = tuple(modules)
        self.context: Context[M] = Context(inbox=self._config.inbox, request_timeout=self._config.request_timeout)
        for module in self._modules:
            self.context.add_module(
                module.name, module.group, enabled=module.enabled, inbox=self._config.inboxes.get(module.name)
            )
        self._supervisor: Supervisor | None = None
        self._is_started = False
        self._is_closing = False

    @property
    def modules(self) -> tuple[Module[M], ...]:
        return self._modules

    @property
    def enabled(self) -> tuple[str, ...]:
        return tuple(m.name for m in self._modules if m.enabled)

    @property
    def disabled(self) -> tuple[str, ...]:
        return tuple(m.name for m in self._modules if not m.enabled)

    async def run(self) -> None:
        """Run every enabled module until cancelled or :meth:`aclose`.

        Raises:
            ChildGaveUp: a module exhausted a restart policy that has no give-up hook.
            RuntimeError: the core was already run.
        """
        if self._is_started:
            raise RuntimeError("a Core runs only once")
        self._is_started = True
        config = self._config
        async with Supervisor(
            name="beehive", policy=config.restart, grace_period=config.grace_period, clock=self._clock
        ) as supervisor:
            self._supervisor = supervisor
            for module in self._modules:
                if module.enabled:
                    supervisor.start_soon(
                        module.name,
                        functools.partial(module.run, self.context),
                        policy=config.restarts.get(module.name),
                        on_stop=functools.partial(self.context.close_inbox, module.name),
                    )
            logger.info(
                "Beehive started modules: %s; disabled: %s",
                ", ".join(self.enabled) or "none",
                ", ".join(self.disabled) or "none",
            )
            if self._is_closing:
                await supervisor.aclose()
            await supervisor.wait_stopped()
        logger.info("Beehive stopped")

    async def aclose(self) -> None:
        """Stop every module (bounded by the grace period); :meth:`run` then returns."""
        self._is_closing = True
        if self._supervisor is not None:
            await self._supervisor.aclose()

    def statistics(self) -> CoreStatistics:
        return CoreStatistics(
            context=self.context.statistics(),
            supervisor=None if self._supervisor is None else self._supervisor.statistics(),
        )
