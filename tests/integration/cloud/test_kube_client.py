"""cloud/kube against the real embedded apiserver: kubeconfig, verbs, errors, watch, reflector."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from kubeedge.cloud.kube import GVR, KubeAPIError, KubeClient, load_kubeconfig, reflect
from kubeedge.errors import ConfigError
from kubeedge.testing.apiserver import RunningApiServer, start_apiserver

pytestmark = pytest.mark.integration

CONFIGMAPS = GVR("", "v1", "configmaps")


@pytest.fixture(scope="module")
def apiserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApiServer]:
    with start_apiserver(tmp_path_factory.mktemp("kube")) as server:
        yield server


def _cm(name: str, **data: str) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}


async def test_verbs_and_errors(apiserver: RunningApiServer) -> None:
    async with KubeClient(load_kubeconfig(apiserver.kubeconfig)) as kube:
        created = await kube.create(CONFIGMAPS, _cm("kc-one", a="1"), "default")
        assert created["metadata"]["uid"]
        with pytest.raises(KubeAPIError) as exists:
            await kube.create(CONFIGMAPS, _cm("kc-one"), "default")
        assert exists.value.code == 409
        assert exists.value.reason == "AlreadyExists"
        patched = await kube.patch(CONFIGMAPS, "kc-one", {"data": {"b": "2"}}, "default", patch_type="merge")
        assert patched["data"] == {"a": "1", "b": "2"}
        patched["data"] = {"c": "3"}
        updated = await kube.update(CONFIGMAPS, patched, "default")
        assert updated["data"] == {"c": "3"}
        stale = dict(patched, data={"d": "4"})
        with pytest.raises(KubeAPIError) as conflict:
            await kube.update(CONFIGMAPS, stale, "default")
        assert conflict.value.code == 409
        await kube.delete(CONFIGMAPS, "kc-one", "default")
        with pytest.raises(KubeAPIError) as missing:
            await kube.get(CONFIGMAPS, "kc-one", "default")
        assert missing.value.code == 404


async def test_list_follows_pages(apiserver: RunningApiServer) -> None:
    async with KubeClient(load_kubeconfig(apiserver.kubeconfig)) as kube:
        await kube.create(GVR("", "v1", "namespaces"), {"metadata": {"name": "pages"}})
        for i in range(12):
            await kube.create(CONFIGMAPS, _cm(f"p{i:02d}"), "pages")
        listed = await kube.list(CONFIGMAPS, "pages", page_size=5, label_selector="")
        names = [item["metadata"]["name"] for item in listed["items"]]
        assert [n for n in names if n.startswith("p")] == [f"p{i:02d}" for i in range(12)]


async def test_reflector_sees_initial_state_and_changes(apiserver: RunningApiServer) -> None:
    async with KubeClient(load_kubeconfig(apiserver.kubeconfig)) as kube:
        await kube.create(GVR("", "v1", "namespaces"), {"metadata": {"name": "reflected"}})
        await kube.create(CONFIGMAPS, _cm("before"), "reflected")
        seen: list[tuple[str, str]] = []

        async def consume() -> None:
            async for kind, obj in reflect(kube, CONFIGMAPS, "reflected", watch_timeout=1):
                seen.append((kind, obj["metadata"]["name"]))
                if ("DELETED", "after") in seen:
                    return

        async with asyncio.timeout(20):
            async with asyncio.TaskGroup() as tasks:
                tasks.create_task(consume())
                while ("ADDED", "before") not in seen:
                    await asyncio.sleep(0.05)
                await asyncio.sleep(1.5)  # across at least one watch timeout and resume
                await kube.create(CONFIGMAPS, _cm("after"), "reflected")
                await kube.patch(CONFIGMAPS, "after", {"data": {"x": "y"}}, "reflected", patch_type="merge")
                await kube.delete(CONFIGMAPS, "after", "reflected")
        after = [e for e in seen if e[1] == "after"]
        assert after == [("ADDED", "after"), ("MODIFIED", "after"), ("DELETED", "after")]


def test_bad_kubeconfig_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "kubeconfig"
    path.write_text("apiVersion: v1\nkind: Config\ncurrent-context: nope\ncontexts: []\n")
    with pytest.raises(ConfigError, match="no context named 'nope'"):
        load_kubeconfig(path)
    with pytest.raises(ConfigError, match="cannot read"):
        load_kubeconfig(tmp_path / "missing")
