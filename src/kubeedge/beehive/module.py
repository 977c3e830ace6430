"""The module contract: what CloudCore and EdgeCore components implement to run under beehive.

A module is a long-running component with a ``name`` (its address for ``send``), a ``group``
(its address for ``send_to_group``) and an ``enabled`` flag taken from its config section, as
in KubeEdge (spec §1.4). Unlike KubeEdge's ``Start()``, which cannot report failure,
``run(ctx)`` runs until it is cancelled and *raises* when it fails; it never returns quietly.
:class:`~kubeedge.beehive.core.Core` restarts it per its restart policy. Its inbox outlives a
restart, so messages queued meanwhile are not lost (the one being handled when it failed is).

Modules are plain objects built by the composition root with their dependencies passed in;
nothing registers itself at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

from kubeedge.beehive.envelope import Envelope

if TYPE_CHECKING:
    from kubeedge.beehive.context import Context

__all__ = ["Module"]

M = TypeVar("M", bound=Envelope)


class Module(Protocol[M]):
    """A beehive module."""

    @property
    def name(self) -> str:
        """Unique within a core; ``send(name, msg)`` reaches this module's inbox."""
        ...

    @property
    def group(self) -> str:
        """``send_to_group(group, msg)`` reaches every enabled module of this group."""
        ...

    @property
    def enabled(self) -> bool:
        """A disabled module is recorded but never run; messages to it are counted drops."""
        ...

    async def run(self, ctx: Context[M]) -> None:
        """Receive and handle messages (``await ctx.receive(self.name)``) until cancelled.

        Raises:
            Exception: any failure; the core logs it once per streak and restarts the module.
        """
        ...
