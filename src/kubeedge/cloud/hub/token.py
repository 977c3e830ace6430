"""The join token Secret: written at start, rewritten every ``tokenRefreshDuration`` hours.

A token expires 2 x ``tokenRefreshDuration`` after it is written, so whatever token an operator
reads (``keadm gettoken``) stays valid for at least one refresh period (spec §4.2). The Secret
is ``kubeedge/tokensecret``, key ``tokendata``.

Better than KubeEdge, whose refresh goroutine stops for good after one failed write: a failed
write is retried with capped exponential backoff, and the refresh continues.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from kubeedge._aio import clock as aioclock
from kubeedge.cloud.hub import pki
from kubeedge.cloud.kube import KubeAPIError
from kubeedge.errors import ConfigError
from kubeedge.wire import join

if TYPE_CHECKING:
    from collections.abc import Callable

    from kubeedge.cloud.kube import KubeClient

__all__ = ["TokenWriter", "build_token"]

logger = logging.getLogger(__name__)


def build_token(ca: pki.KeyPair, *, refresh_hours: int, now: float) -> str:
    """A join token for ``ca`` that expires ``2 x refresh_hours`` after ``now`` (Unix seconds)."""
    return join.create_token(ca_der=ca.cert_der, ca_key_der=ca.key_der, expires_at=int(now) + 2 * refresh_hours * 3600)


class TokenWriter:
    """Keeps ``kubeedge/tokensecret`` holding a fresh join token.

    Args:
        kube: the cluster client.
        ca: the CA whose hash and key make the token.
        refresh_hours: ``cloudHub.tokenRefreshDuration``.
        clock: where waiting happens (a ``ManualClock`` in tests).
        wall_time: the current Unix time, for the token's ``exp``.
        retry_initial: first delay after a failed write, in seconds.
        retry_max: cap of the retry delay, in seconds.

    Raises:
        ConfigError: ``refresh_hours`` is not positive.
    """

    def __init__(
        self,
        kube: KubeClient,
        ca: pki.KeyPair,
        *,
        refresh_hours: int,
        clock: aioclock.Clock | None = None,
        wall_time: Callable[[], float] = time.time,
        retry_initial: float = 1.0,
        retry_max: float = 60.0,
    ) -> None:
        if refresh_hours <= 0:
            raise ConfigError(f"cloudHub.tokenRefreshDuration must be a positive number of hours, not {refresh_hours}")
        self._kube = kube
        self._ca = ca
        self._refresh_hours = refresh_hours
        self._clock = clock or aioclock.LoopClock()
        self._wall_time = wall_time
        self._retry_initial = retry_initial
        self._retry_max = retry_max
        self.writes = 0

    async def write_once(self) -> str:
        """Write a new token to the Secret and return it.

        Raises:
            KubeAPIError: the Secret could not be written.
        """
        token = build_token(self._ca, refresh_hours=self._refresh_hours, now=self._wall_time())
        await pki.save_secret(self._kube, pki.TOKEN_SECRET, {pki.TOKEN_DATA: token.encode()})
        self.writes += 1
        return token

    async def _write_with_retry(self) -> None:
        delay = self._retry_initial
        while True:
            try:
                await self.write_once()
                return
            except KubeAPIError as exc:
                logger.warning("Writing the join token failed (%s); retrying in %.0fs", exc, delay)
            await self._clock.sleep(delay)
            delay = min(delay * 2, self._retry_max)

    async def run(self) -> None:
        """Write a token now, then again every ``refresh_hours``, until cancelled."""
        while True:
            await self._write_with_retry()
            logger.info("Join token written to Secret %s/%s", pki.NAMESPACE, pki.TOKEN_SECRET)
            await self._clock.sleep(self._refresh_hours * 3600)
