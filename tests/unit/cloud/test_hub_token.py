"""The token Secret writer: token contents, refresh period, retry, on a manual clock.

The Kubernetes side is an in-memory fake here (this is the unit test of the scheduling); the same
writer runs against the real embedded apiserver in tests/integration/cloud/test_certserver.py.
"""

from __future__ import annotations

import asyncio
import base64
import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from kubeedge._aio.clock import ManualClock
from kubeedge.cloud.hub import pki
from kubeedge.cloud.hub.token import TokenWriter, build_token
from kubeedge.cloud.kube import GVR, KubeAPIError
from kubeedge.errors import ConfigError
from kubeedge.wire import join

T0 = 1_800_000_000.0
_KEY = ec.generate_private_key(ec.SECP256R1())
CA = pki.KeyPair.from_objects(pki.build_ca(_KEY, now=datetime.fromtimestamp(T0, UTC)), _KEY)


class FakeKube:
    """Secrets and namespaces in a dict, answering with the API server's status codes."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.failures = 0
        self.version = 0

    def _fail(self) -> None:
        if self.failures:
            self.failures -= 1
            raise KubeAPIError(0, "", "connection refused")

    async def get(self, gvr: GVR, name: str, namespace: str | None = None) -> dict[str, Any]:
        self._fail()
        try:
            return copy.deepcopy(self.objects[(gvr.resource, namespace or "", name)])
        except KeyError:
            raise KubeAPIError(404, "NotFound", f"{name} not found") from None

    async def create(self, gvr: GVR, obj: dict[str, Any], namespace: str | None = None) -> dict[str, Any]:
        self._fail()
        if namespace and ("namespaces", "", namespace) not in self.objects:
            raise KubeAPIError(404, "NotFound", f"namespace {namespace} not found")
        key = (gvr.resource, namespace or "", obj["metadata"]["name"])
        if key in self.objects:
            raise KubeAPIError(409, "AlreadyExists", "exists")
        self.version += 1
        stored = copy.deepcopy(obj)
        stored["metadata"]["resourceVersion"] = str(self.version)
        self.objects[key] = stored
        return stored

    async def update(self, gvr: GVR, obj: dict[str, Any], namespace: str | None = None) -> dict[str, Any]:
        self._fail()
        key = (gvr.resource, namespace or "", obj["metadata"]["name"])
        if self.objects[key]["metadata"]["resourceVersion"] != obj["metadata"].get("resourceVersion"):
            raise KubeAPIError(409, "Conflict", "stale")
        self.version += 1
        stored = copy.deepcopy(obj)
        stored["metadata"]["resourceVersion"] = str(self.version)
        self.objects[key] = stored
        return stored

    def token(self) -> str:
        data = self.objects[("secrets", "kubeedge", "tokensecret")]["data"]["tokendata"]
        return base64.b64decode(data).decode()


def test_build_token_expires_after_two_refresh_periods() -> None:
    token = join.parse_token(build_token(CA, refresh_hours=12, now=T0))
    token.check_ca(CA.cert_der)
    assert join.verify_jwt(token.jwt, CA.key_der, now=T0) == {"exp": int(T0) + 24 * 3600}


def test_refresh_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="tokenRefreshDuration"):
        TokenWriter(FakeKube(), CA, refresh_hours=0)  # type: ignore[arg-type]


async def test_writes_at_start_and_every_refresh_period() -> None:
    kube, clock = FakeKube(), ManualClock()
    writer = TokenWriter(kube, CA, refresh_hours=12, clock=clock, wall_time=lambda: T0 + clock.time())  # type: ignore[arg-type]
    async with asyncio.TaskGroup() as tasks:
        task = tasks.create_task(writer.run())
        await clock.wait_sleepers()
        assert writer.writes == 1
        assert ("namespaces", "", "kubeedge") in kube.objects  # created on first write
        first = join.parse_token(kube.token())
        assert join.verify_jwt(first.jwt, CA.key_der, now=T0)["exp"] == int(T0) + 24 * 3600
        assert clock.next_deadline() == 12 * 3600
        clock.advance(12 * 3600 - 1)
        await asyncio.sleep(0)
        assert writer.writes == 1
        clock.advance(1)
        while writer.writes < 2:
            await asyncio.sleep(0)
        await clock.wait_sleepers()
        second = join.parse_token(kube.token())
        assert join.verify_jwt(second.jwt, CA.key_der, now=T0)["exp"] == int(T0) + 36 * 3600
        secret = kube.objects[("secrets", "kubeedge", "tokensecret")]
        assert secret["type"] == "Opaque"
        assert set(secret["data"]) == {"tokendata"}
        task.cancel()


async def test_failed_writes_are_retried_with_backoff() -> None:
    kube, clock = FakeKube(), ManualClock()
    kube.failures = 3
    writer = TokenWriter(kube, CA, refresh_hours=1, clock=clock, retry_initial=1.0, retry_max=2.5)  # type: ignore[arg-type]
    delays = []
    async with asyncio.TaskGroup() as tasks:
        task = tasks.create_task(writer.run())
        while writer.writes == 0:
            await clock.wait_sleepers()
            delay = clock.next_deadline() - clock.time()  # type: ignore[operator]
            delays.append(delay)
            clock.advance(delay)
            await asyncio.sleep(0)
            await asyncio.sleep(0)
        task.cancel()
    assert delays == [1.0, 2.0, 2.5]
    assert writer.writes == 1
