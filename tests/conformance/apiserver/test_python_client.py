"""The official kubernetes Python client as a real client: CRUD, list+watch resume, 409, 410."""

from __future__ import annotations

import json
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


def test_pagination_is_consistent_and_complete(core: client.CoreV1Api) -> None:
    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name="paged")))
    for i in range(25):
        core.create_namespaced_config_map("paged", _cm(f"p{i:02d}"))
    first = core.list_namespaced_config_map("paged", limit=10, label_selector="suite=py")
    assert len(first.items) == 10
    assert first.metadata._continue
    # A change after the first page does not show up in later pages: they are read at its revision.
    core.create_namespaced_config_map("paged", _cm("p99"))
    names = [i.metadata.name for i in first.items]
    token = first.metadata._continue
    while token:
        page = core.list_namespaced_config_map("paged", limit=10, label_selector="suite=py", _continue=token)
        assert page.metadata.resource_version == first.metadata.resource_version
        names += [i.metadata.name for i in page.items]
        token = page.metadata._continue
    assert names == [f"p{i:02d}" for i in range(25)]
    unfiltered = core.list_namespaced_config_map("paged", limit=5)
    assert unfiltered.metadata.remaining_item_count == 26 - 5 + 1  # kube-root-ca.crt counts too


def test_field_selectors(core: client.CoreV1Api) -> None:
    core.create_namespaced_config_map("default", _cm("py-field"))
    by_name = core.list_namespaced_config_map("default", field_selector="metadata.name=py-field")
    assert [i.metadata.name for i in by_name.items] == ["py-field"]
    not_name = core.list_namespaced_config_map("default", field_selector="metadata.name!=py-field")
    assert "py-field" not in [i.metadata.name for i in not_name.items]
    with pytest.raises(ApiException) as bad:
        core.list_namespaced_config_map("default", field_selector="spec.nope=1")
    assert bad.value.status == 400


def test_label_selector_operators(core: client.CoreV1Api) -> None:
    for name, tier in (("ls-a", "web"), ("ls-b", "db"), ("ls-c", "cache")):
        core.create_namespaced_config_map(
            "default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels={"tier": tier, "ls": "y"}))
        )

    def names(selector: str) -> list[str]:
        return sorted(
            i.metadata.name for i in core.list_namespaced_config_map("default", label_selector=selector).items
        )

    assert names("ls=y,tier in (web,db)") == ["ls-a", "ls-b"]
    assert names("ls=y,tier notin (web)") == ["ls-b", "ls-c"]
    assert names("ls==y,tier!=db") == ["ls-a", "ls-c"]
    assert names("ls,!nothing") == ["ls-a", "ls-b", "ls-c"]


def test_bookmarks_and_timeout(core: client.CoreV1Api) -> None:
    rv = core.list_namespaced_config_map("default").metadata.resource_version
    response = core.list_namespaced_config_map(
        "default",
        watch=True,
        resource_version=rv,
        allow_watch_bookmarks=True,
        timeout_seconds=3,
        _preload_content=False,
    )
    try:
        lines = [json.loads(line) for line in response.read().splitlines() if line.strip()]
    finally:
        response.release_conn()
    bookmarks = [e for e in lines if e["type"] == "BOOKMARK"]
    assert bookmarks, lines
    assert int(bookmarks[-1]["object"]["metadata"]["resourceVersion"]) >= int(rv)
    assert bookmarks[-1]["object"]["kind"] == "ConfigMap"
