"""kubeedge-apiserver: the composition root of the embedded control plane.

Builds every part explicitly — PKI, store, catalog, registry, auth, HTTP app, controllers —
runs them under one TaskGroup, and stops them in order: stop accepting connections, end
watches, drain queued writes to disk, close the database.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import platform
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from kubeedge import __version__
from kubeedge.apiserver import pki as pki_mod
from kubeedge.apiserver import pki_files
from kubeedge.apiserver.auth.authn import Authenticator
from kubeedge.apiserver.auth.authz import Authorizer
from kubeedge.apiserver.auth.nodegraph import PodReferenceIndex
from kubeedge.apiserver.controllers.manager import run_controllers
from kubeedge.apiserver.controllers.runtime import InternalClient
from kubeedge.apiserver.http.app import build_server
from kubeedge.apiserver.http.context import ApiContext, ServerLimits
from kubeedge.apiserver.openapi import OpenAPIProvider
from kubeedge.apiserver.registry import crds
from kubeedge.apiserver.registry.builtin import builtin_resources, builtin_strategies
from kubeedge.apiserver.registry.catalog import Catalog
from kubeedge.apiserver.registry.objects import ObjectRegistry
from kubeedge.apiserver.registry.options import WriteOptions
from kubeedge.apiserver.schema.builtin import builtin_schemas
from kubeedge.apiserver.storage.mvcc import Attrs, Event, EventType
from kubeedge.apiserver.storage.store import Store, StoreConfig
from kubeedge.apiserver.typehooks import TypeHooks
from kubeedge.errors import StorageError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

__all__ = ["ApiServer", "ServerConfig"]

logger = logging.getLogger(__name__)

SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease", "kubeedge")
KUBE_VERSION = (1, 32)


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerConfig:
    data_dir: Path
    bind_address: str = "127.0.0.1"
    secure_port: int = 6443
    compaction_interval: float = 300.0
    # kube-controller-manager's --node-monitor-grace-period: silence before a node is Unknown.
    node_monitor_grace_period: float = 40.0
    limits: ServerLimits = field(default_factory=ServerLimits)
    store: StoreConfig = field(default_factory=StoreConfig)


def version_info() -> dict[str, str]:
    major, minor = KUBE_VERSION
    return {
        "major": str(major),
        "minor": str(minor),
        "gitVersion": f"v{major}.{minor}.0+kubeedge-py.{__version__}",
        "gitCommit": "",
        "gitTreeState": "clean",
        "buildDate": "1970-01-01T00:00:00Z",
        "goVersion": f"python{platform.python_version()}",
        "compiler": platform.python_implementation().lower(),
        "platform": f"{sys.platform}/{platform.machine().replace('x86_64', 'amd64').replace('aarch64', 'arm64')}",
    }


def _now() -> datetime:
    return datetime.now(UTC)


def _lock_data_dir(data_dir: Path) -> int:
    lock_path = data_dir / "apiserver.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StorageError(f"{data_dir}: cannot use the data directory: {exc.strerror}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise StorageError(f"{data_dir}: another kubeedge-apiserver is using this data directory") from None
    return fd


class ApiServer:
    """One embedded control plane. ``run`` serves until ``stop`` is set."""

    def __init__(self, config: ServerConfig, *, clock: Callable[[], datetime] = _now) -> None:
        self.config = config
        self.clock = clock
        self.url = ""
        self.kubeconfig_path = config.data_dir / "admin.kubeconfig"
        self._ready = False

    async def run(self, stop: asyncio.Event, *, on_ready: Callable[[ApiServer], None] | None = None) -> None:
        config = self.config
        data_dir = config.data_dir
        try:
            pki_files.ensure_private_dir(data_dir)
        except StorageError:
            raise
        lock = _lock_data_dir(data_dir)
        try:
            await self._run_locked(stop, on_ready)
        finally:
            os.close(lock)

    async def _run_locked(self, stop: asyncio.Event, on_ready: Callable[[ApiServer], None] | None) -> None:
        config = self.config
        pki = pki_mod.load_or_create(config.data_dir, bind_address=config.bind_address, now=self.clock())
        catalog = Catalog(builtin_resources(builtin_schemas()))
        attrs_of = _attrs_function(catalog)
        store_config = StoreConfig(
            max_batch=config.store.max_batch,
            max_pending=config.store.max_pending,
            event_history=config.store.event_history,
            watch_buffer=config.store.watch_buffer,
            compaction_interval=config.compaction_interval,
        )
        store = await asyncio.to_thread(Store.open, config.data_dir / "state.db", store_config, attrs_of)
        try:
            await self._serve(stop, on_ready, pki, catalog, store)
        finally:
            await asyncio.to_thread(store.close)

    async def _serve(
        self,
        stop: asyncio.Event,
        on_ready: Callable[[ApiServer], None] | None,
        pki: pki_mod.ServerPKI,
        catalog: Catalog,
        store: Store,
    ) -> None:
        config = self.config
        crd_info = catalog.get("apiextensions.k8s.io", "v1", "customresourcedefinitions")
        ns_info = catalog.get("", "v1", "namespaces")
        assert crd_info is not None
        assert ns_info is not None

        def namespace_of(name: str) -> dict[str, Any] | None:
            entry = store.get(f"{ns_info.storage_prefix()}{name}")
            return None if entry is None else orjson.loads(entry.value)

        hooks = TypeHooks(store=store, namespace_of=namespace_of)
        registry = ObjectRegistry(store=store, hooks=hooks, strategies=builtin_strategies(), clock=self.clock)
        pods = PodReferenceIndex()
        _feed_pod_index(store, pods)
        _serve_crds(store, catalog)
        authenticator = Authenticator.from_token_file(pki.paths.tokens)
        authorizer = Authorizer(graph=pods)
        ctx = ApiContext(
            catalog=catalog,
            registry=registry,
            authenticator=authenticator,
            authorizer=authorizer,
            clock=self.clock,
            version_info=version_info(),
            limits=config.limits,
            ready=lambda: self._ready,
        )
        ctx.openapi = OpenAPIProvider(catalog, builtin_schemas(), version=ctx.version_info["gitVersion"])
        runner = web.ServerRunner(build_server(ctx), handle_signals=False, shutdown_timeout=5.0)
        async with asyncio.TaskGroup() as tasks:
            store_task = tasks.create_task(store.run(), name="store")
            await _bootstrap(registry, catalog)
            await runner.setup()
            site = web.TCPSite(
                runner,
                config.bind_address,
                config.secure_port,
                ssl_context=pki_mod.build_ssl_context(pki),
                backlog=1024,
                reuse_address=True,
            )
            controllers: asyncio.Task[None] | None = None
            try:
                await site.start()
                port = _bound_port(site) or config.secure_port
                # Started once the port is known: the `kubernetes` Service targets it.
                controllers = tasks.create_task(
                    run_controllers(
                        lambda manager: InternalClient(registry, catalog, manager),
                        ca_pem=pki.ca_pem,
                        secure_port=port,
                        bind_address=config.bind_address,
                        node_monitor_grace_period=config.node_monitor_grace_period,
                    ),
                    name="controllers",
                )
                host = config.bind_address
                if host in ("0.0.0.0", "::", ""):
                    host = "127.0.0.1"
                shown = f"[{host}]" if ":" in host else host
                self.url = f"https://{shown}:{port}"
                ctx.server_address = f"{shown}:{port}"
                pki_files.write_kubeconfig(
                    self.kubeconfig_path,
                    server_url=self.url,
                    ca_pem=pki.ca_pem,
                    client_cert_pem=pki.admin_cert_pem,
                    client_key_pem=pki.admin_key_pem,
                    token=None,
                )
                self._ready = True
                if on_ready is not None:
                    on_ready(self)
                await stop.wait()
            finally:
                self._ready = False
                logger.info("Stopping: closing connections, then storing queued writes")
                if controllers is not None:
                    controllers.cancel()
                store.close_watchers("the apiserver is shutting down")
                await runner.cleanup()
                await store.drain(grace=10.0)
                store_task.cancel()


def _bound_port(site: web.TCPSite) -> int | None:
    server = getattr(site, "_server", None)
    sockets = getattr(server, "sockets", None) or []
    for sock in sockets:
        return int(sock.getsockname()[1])
    return None


def _attrs_function(catalog: Catalog) -> Callable[[str, bytes], Attrs]:
    from kubeedge.apiserver.selectors import fields as field_selectors
    from kubeedge.apiserver.storage.store import resource_prefix

    def attrs_of(key: str, value: bytes) -> Attrs:
        obj = orjson.loads(value)
        labels = (obj.get("metadata") or {}).get("labels") or {}
        resource = catalog.by_storage_prefix(resource_prefix(key))
        fields = field_selectors.field_values(obj, resource) if resource is not None else {}
        return Attrs(labels, fields)

    return attrs_of


def _feed_pod_index(store: Store, index: PodReferenceIndex) -> None:
    """Keep the node authorizer's pod graph current from the store's change stream."""
    prefix = "/core/pods/"
    index.replace(orjson.loads(e.value) for e in store.list_prefix(prefix))

    def observe(event: Event, obj: dict[str, Any] | None) -> None:
        pod = obj if obj is not None else orjson.loads(event.value)
        if event.type is EventType.DELETED:
            index.remove(pod)
            return
        meta = pod.get("metadata") or {}
        node = (pod.get("spec") or {}).get("nodeName") or ""
        # A pod's volumes, env sources and pull secrets are immutable: once a pod is indexed on
        # its node, status and metadata updates cannot change what it lets the node read.
        if event.type is EventType.MODIFIED and index.holds(
            meta.get("namespace", ""), meta.get("name", ""), uid=meta.get("uid", ""), node=node
        ):
            return
        index.upsert(pod)

    store.add_observer(prefix, observe)


def _serve_crds(store: Store, catalog: Catalog) -> None:
    """Serve every stored CRD, and follow CRD changes synchronously so discovery is never stale."""
    prefix = "/apiextensions.k8s.io/customresourcedefinitions/"
    for entry in store.list_prefix(prefix):
        crd = orjson.loads(entry.value)
        catalog.set_custom(crd["metadata"]["name"], crds.resources_from_crd(crd))

    def observe(event: Event, obj: dict[str, Any] | None) -> None:
        crd = obj if obj is not None else orjson.loads(event.value)
        name = crd["metadata"]["name"]
        if event.type is EventType.DELETED:
            catalog.set_custom(name, [])
        else:
            catalog.set_custom(name, crds.resources_from_crd(crd))

    store.add_observer(prefix, observe)


async def _bootstrap(registry: ObjectRegistry, catalog: Catalog) -> None:
    """Create the namespaces every cluster has, once."""
    ns_info = catalog.get("", "v1", "namespaces")
    assert ns_info is not None
    system = WriteOptions(user="system:apiserver", groups=("system:masters",), field_manager="kube-apiserver")
    for name in SYSTEM_NAMESPACES:
        if registry.store.get(f"{ns_info.storage_prefix()}{name}") is None:
            await registry.create(
                ns_info, "", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}, system
            )
