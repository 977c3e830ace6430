"""The official kubernetes Python client as a real client: CRUD, list+watch resume, 409, 410."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest
from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

if TYPE_CHECKING:
    from collections.abc import Iterator

    from kubeedge.testing.apiserver import RunningApiServer


@pytest.fixture(scope="module")
def core(apiserver: RunningApiServer) -> Iterator[client.CoreV1Api]:
    api_client = config.new_client_from_config(config_file=str(apiserver.kubeconfig))
    try:
        yield client.CoreV1Api(api_client)
    finally:
        api_client.close()


def _cm(name: str, **data: str) -> client.V1ConfigMap:
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels={"suite": "py"}), data=data)


def test_create_get_list_delete(core: client.CoreV1Api) -> None:
    created = core.create_namespaced_config_map("default", _cm("py-one", a="1"))
    assert created.metadata.uid
    got = core.read_namespaced_config_map("py-one", "default")
    assert got.data == {"a": "1"}
    listed = core.list_namespaced_config_map("default", label_selector="suite=py")
    assert [i.metadata.name for i in listed.items] == ["py-one"]
    assert int(listed.metadata.resource_version) >= int(got.metadata.resource_version)
    with pytest.raises(ApiException) as exists:
        core.create_namespaced_config_map("default", _cm("py-one"))
    assert exists.value.status == 409
    core.delete_namespaced_config_map("py-one", "default")
    with pytest.raises(ApiException) as missing:
        core.read_namespaced_config_map("py-one", "default")
    assert missing.value.status == 404


def test_stale_update_is_409(core: client.CoreV1Api) -> None:
    first = core.create_namespaced_config_map("default", _cm("py-stale", v="1"))
    first.data = {"v": "2"}
    core.replace_namespaced_config_map("py-stale", "default", first)
    first.data = {"v": "3"}  # still carries the old resourceVersion
    with pytest.raises(ApiException) as conflict:
        core.replace_namespaced_config_map("py-stale", "default", first)
    assert conflict.value.status == 409
    assert '"reason":"Conflict"' in conflict.value.body.replace(" ", "")


def test_list_then_watch_resumes_from_resource_version(core: client.CoreV1Api) -> None:
    core.create_namespaced_config_map("default", _cm("py-w1"))
    listed = core.list_namespaced_config_map("default", label_selector="suite=py")
    rv = listed.metadata.resource_version
    core.create_namespaced_config_map("default", _cm("py-w2"))
    core.patch_namespaced_config_map("py-w1", "default", {"data": {"x": "y"}})
    core.delete_namespaced_config_map("py-w2", "default")
    seen = []
    stream = watch.Watch().stream(
        core.list_namespaced_config_map,
        "default",
        label_selector="suite=py",
        resource_version=rv,
        timeout_seconds=5,
    )
    for event in stream:
        seen.append((event["type"], event["object"].metadata.name))
        if len(seen) == 3:
            break
    assert seen == [("ADDED", "py-w2"), ("MODIFIED", "py-w1"), ("DELETED", "py-w2")]


def test_watch_sees_live_changes(core: client.CoreV1Api) -> None:
    rv = core.list_namespaced_config_map("default").metadata.resource_version
    events: list[tuple[str, str]] = []
    w = watch.Watch()

    def consume() -> None:
        for event in w.stream(core.list_namespaced_config_map, "default", resource_version=rv, timeout_seconds=10):
            events.append((event["type"], event["object"].metadata.name))
            if event["object"].metadata.name == "py-live":
                w.stop()

    thread = threading.Thread(target=consume)
    thread.start()
    core.create_namespaced_config_map("default", _cm("py-live"))
    thread.join(timeout=15)
    assert ("ADDED", "py-live") in events


def test_watch_from_compacted_revision_is_410(fresh_apiserver: RunningApiServer) -> None:
    api_client = config.new_client_from_config(config_file=str(fresh_apiserver.kubeconfig))
    try:
        core = client.CoreV1Api(api_client)
        old_rv = core.list_namespaced_config_map("default").metadata.resource_version
        for i in range(3):
            core.create_namespaced_config_map("default", _cm(f"py-c{i}"))
        # Restarting with a tiny compaction interval compacts twice within a couple of seconds.
        fresh_apiserver.extra_args = ("--etcd-compaction-interval", "1s")
        fresh_apiserver.restart()
        import time

        time.sleep(3)
        with pytest.raises(ApiException) as gone:
            for _ in watch.Watch().stream(
                core.list_namespaced_config_map, "default", resource_version=old_rv, timeout_seconds=5
            ):
                pass
        assert gone.value.status == 410
    finally:
        api_client.close()
