"""The generic object life cycle: create, get, list, update, patch, delete, watch.

This is kube-apiserver's generic registry (``registry/generic/registry/store.go``) over our
store. Everything a verb does to *any* object lives here — system metadata, optimistic
concurrency, generation, status-vs-main split, finalizers and graceful deletion, create-on-update,
no-op detection — and everything type-specific goes through :class:`~.hooks.Hooks`.

Read-modify-write runs without awaiting between reading the newest state and enqueueing the
write, so within this process a write can never be checked against a stale read; the only
conflicts a client sees are the ones it asked for with ``metadata.resourceVersion``.
"""

from __future__ import annotations

import copy
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import orjson

from kubeedge.apiserver.errors import FieldError, StatusError
from kubeedge.apiserver.registry import meta as m
from kubeedge.apiserver.registry.options import DeleteOptions, Outcome, Propagation, WriteOptions
from kubeedge.apiserver.registry.strategy import DEFAULT, Strategy
from kubeedge.apiserver.storage.store import KeyExistsError, KeyNotFoundError, RevisionConflictError, Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from kubeedge.apiserver.registry.hooks import Hooks
    from kubeedge.apiserver.registry.resources import ResourceInfo
    from kubeedge.apiserver.storage.mvcc import Entry

__all__ = ["ObjectRegistry"]

logger = logging.getLogger(__name__)

_MODIFIED_MESSAGE = "the object has been modified; please apply your changes to the latest version and try again"
_GENERATE_ATTEMPTS = 8
FOREGROUND_FINALIZER = "foregroundDeletion"
ORPHAN_FINALIZER = "orphan"


def _spec_part(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in ("metadata", "status", "apiVersion", "kind")}


def _is_namespace(resource: ResourceInfo) -> bool:
    return resource.group == "" and resource.plural == "namespaces"


def _comparable(obj: dict[str, Any]) -> dict[str, Any]:
    """The object minus what every write changes anyway (resourceVersion, managedFields times)."""
    out = dict(obj)
    meta = dict(out.get("metadata") or {})
    meta.pop("resourceVersion", None)
    managed = meta.get("managedFields")
    if isinstance(managed, list):
        meta["managedFields"] = [{k: v for k, v in e.items() if k != "time"} for e in managed if isinstance(e, dict)]
    out["metadata"] = meta
    return out


class ObjectRegistry:
    """The verbs over the store for every resource in the catalog."""

    def __init__(
        self,
        *,
        store: Store,
        hooks: Hooks,
        strategies: dict[str, Strategy],
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.hooks = hooks
        self._strategies = strategies
        self._clock = clock

    def strategy(self, resource: ResourceInfo) -> Strategy:
        found = self._strategies.get(resource.storage_prefix())
        if found is not None:
            return found
        if resource.is_custom:
            has_status = "status" in resource.subresources
            return Strategy(
                has_status=has_status,
                track_generation=True,
                return_deleted_object=True,
                allow_unconditional_update=False,
                status_keeps_old_metadata=None,
            )
        return DEFAULT

    def now(self) -> str:
        return m.format_time(self._clock())

    def current_time(self) -> datetime:
        return self._clock()

    # --- conversion between served and stored versions (custom resources) ------------------

    def to_served(self, resource: ResourceInfo, value: bytes) -> bytes:
        if not resource.is_custom or not resource.storage_version or resource.storage_version == resource.version:
            return value
        obj = orjson.loads(value)
        obj["apiVersion"] = resource.api_version
        return orjson.dumps(obj)

    def _to_storage(self, resource: ResourceInfo, obj: dict[str, Any]) -> None:
        if resource.is_custom and resource.storage_version:
            obj["apiVersion"] = f"{resource.group}/{resource.storage_version}"

    def _served_obj(self, resource: ResourceInfo, obj: dict[str, Any]) -> dict[str, Any]:
        if resource.is_custom and resource.storage_version and resource.storage_version != resource.version:
            obj["apiVersion"] = resource.api_version
        return obj

    # --- reads -------------------------------------------------------------------------------

    def get_entry(self, resource: ResourceInfo, namespace: str, name: str) -> Entry:
        entry = self.store.get(m.object_key(resource, namespace, name))
        if entry is None:
            raise StatusError.not_found(resource.plural, resource.group, name)
        return entry

    def get(self, resource: ResourceInfo, namespace: str, name: str) -> dict[str, Any]:
        obj: dict[str, Any] = orjson.loads(self.get_entry(resource, namespace, name).value)
        return self._served_obj(resource, obj)

    # --- create ------------------------------------------------------------------------------

    def _check_body(self, resource: ResourceInfo, obj: Any, namespace: str, name: str | None) -> dict[str, Any]:
        if not isinstance(obj, dict):
            raise StatusError.bad_request(f"the body of the request must be a {resource.kind} object")
        api_version = obj.get("apiVersion")
        kind = obj.get("kind")
        if kind in (None, ""):
            obj["kind"] = resource.kind
        elif kind != resource.kind:
            raise StatusError.bad_request(
                f"the kind of the provided object ({kind}) does not match the expected kind ({resource.kind})"
            )
        if api_version in (None, ""):
            obj["apiVersion"] = resource.api_version
        elif api_version != resource.api_version:
            raise StatusError.bad_request(
                f"the API version in the data ({api_version}) does not match the expected API version "
                f"({resource.api_version})"
            )
        meta = obj.get("metadata")
        if meta is None:
            meta = obj["metadata"] = {}
        if not isinstance(meta, dict):
            raise StatusError.bad_request("metadata must be an object")
        if resource.namespaced:
            body_ns = meta.get("namespace")
            if body_ns not in (None, "") and body_ns != namespace:
                raise StatusError.bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request"
                )
            meta["namespace"] = namespace
        else:
            meta.pop("namespace", None)
        if name is not None:
            body_name = meta.get("name")
            if body_name not in (None, "") and body_name != name:
                raise StatusError.bad_request(
                    f"the name of the object ({body_name}) does not match the name on the URL ({name})"
                )
            meta["name"] = name
        return obj

    def _invalid(self, resource: ResourceInfo, obj: dict[str, Any], errors: list[FieldError]) -> StatusError:
        name = (obj.get("metadata") or {}).get("name") or ""
        return StatusError.invalid(resource.kind, resource.group, str(name), errors)

    async def create(
        self,
        resource: ResourceInfo,
        namespace: str,
        body: Any,
        opts: WriteOptions,
        *,
        name: str | None = None,
    ) -> Outcome:
        obj = self._check_body(resource, body, namespace, name)
        warnings: list[str] = []
        self.hooks.prepare_body(resource, obj, opts, warnings)
        self._prepare_create(resource, obj)
        self.hooks.manage_fields(resource, None, obj, opts, "", self.now())
        return await self._commit_create(resource, namespace, obj, opts, warnings)

    def _prepare_create(self, resource: ResourceInfo, obj: dict[str, Any]) -> None:
        meta = obj["metadata"]
        strategy = self.strategy(resource)
        if not meta.get("name") and not meta.get("generateName"):
            raise self._invalid(
                resource,
                obj,
                [FieldError.required("metadata.name", "name or generateName is required")],
            )
        if meta.get("resourceVersion") not in (None, ""):
            raise StatusError.bad_request("resourceVersion should not be set on objects to be created")
        meta["uid"] = m.new_uid()
        meta["creationTimestamp"] = self.now()
        for gone in ("deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"):
            meta.pop(gone, None)
        if strategy.track_generation:
            meta["generation"] = 1
        else:
            meta.pop("generation", None)
        if strategy.has_status and strategy.reset_status_on_create:
            obj.pop("status", None)
        self.hooks.default(resource, obj, creating=True)

    async def _commit_create(
        self,
        resource: ResourceInfo,
        namespace: str,
        obj: dict[str, Any],
        opts: WriteOptions,
        warnings: list[str],
    ) -> Outcome:
        meta = obj["metadata"]
        generated = not meta.get("name")
        for _ in range(_GENERATE_ATTEMPTS):
            if generated:
                meta["name"] = m.generate_name(str(meta["generateName"]))
            # Admission mutates (allocations) before validation, as in kube.
            self.hooks.admit(resource, obj, None, opts)
            errors = self.hooks.validate(resource, obj, None, "")
            if errors:
                raise self._invalid(resource, obj, errors)
            self._to_storage(resource, obj)
            key = m.object_key(resource, namespace, meta["name"])
            if opts.dry_run:
                if self.store.latest(key) is not None:
                    if generated:
                        continue
                    raise StatusError.already_exists(resource.plural, resource.group, meta["name"])
                return Outcome(self._served_obj(resource, obj), 201, warnings)
            try:
                future = self.store.create(key, obj, self.hooks.attrs(resource, obj))
            except KeyExistsError:
                if generated:
                    continue
                raise StatusError.already_exists(resource.plural, resource.group, meta["name"]) from None
            entry = await future
            return Outcome(self._served_obj(resource, obj), 201, warnings, self.to_served(resource, entry.value))
        raise StatusError.already_exists(resource.plural, resource.group, meta["name"])

    # --- update ------------------------------------------------------------------------------

    async def update(
        self,
        resource: ResourceInfo,
        namespace: str,
        name: str,
        body: Any,
        opts: WriteOptions,
        *,
        subresource: str = "",
    ) -> Outcome:
        obj = self._check_body(resource, body, namespace, name)
        warnings: list[str] = []
        self.hooks.prepare_body(resource, obj, opts, warnings)
        key = m.object_key(resource, namespace, name)
        entry = self.store.latest(key)
        strategy = self.strategy(resource)
        if entry is None:
            if strategy.allow_create_on_update and not subresource:
                obj["metadata"].pop("resourceVersion", None)
                self._prepare_create(resource, obj)
                self.hooks.manage_fields(resource, None, obj, opts, "", self.now())
                return await self._commit_create(resource, namespace, obj, opts, warnings)
            raise StatusError.not_found(resource.plural, resource.group, name)
        old: dict[str, Any] = orjson.loads(entry.value)
        requested = obj["metadata"].get("resourceVersion")
        if requested not in (None, ""):
            if str(requested) != str(entry.rev):
                raise StatusError.conflict(resource.plural, resource.group, name, _MODIFIED_MESSAGE)
        elif not strategy.allow_unconditional_update:
            raise self._invalid(
                resource,
                obj,
                [FieldError.invalid("metadata.resourceVersion", 0, "must be specified for an update")],
            )
        else:
            obj["metadata"]["resourceVersion"] = str(entry.rev)
        new = self._prepare_update(resource, old, obj, subresource)
        self.hooks.manage_fields(resource, old, new, opts, subresource, self.now())
        return await self._commit_update(resource, key, entry, old, new, opts, subresource, warnings)

    def _prepare_update(
        self, resource: ResourceInfo, old: dict[str, Any], new: dict[str, Any], subresource: str
    ) -> dict[str, Any]:
        strategy = self.strategy(resource)
        if subresource == "status":
            new = self._status_update(resource, strategy, old, new)
        elif strategy.has_status and subresource == "":
            if "status" in old:
                new["status"] = copy.deepcopy(old["status"])
            else:
                new.pop("status", None)
        new_meta = new["metadata"]
        old_meta = old["metadata"]
        for fixed in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"):
            if fixed in old_meta:
                new_meta[fixed] = old_meta[fixed]
            else:
                new_meta.pop(fixed, None)
        new_meta.pop("selfLink", None)
        if strategy.track_generation:
            generation = int(old_meta.get("generation") or 1)
            if _spec_part(new) != _spec_part(old):
                generation += 1
            new_meta["generation"] = generation
        elif "generation" in old_meta:
            new_meta["generation"] = old_meta["generation"]
        else:
            new_meta.pop("generation", None)
        self._to_storage(resource, new)
        self.hooks.default(resource, new, creating=False)
        return new

    def _status_update(
        self, resource: ResourceInfo, strategy: Strategy, old: dict[str, Any], new: dict[str, Any]
    ) -> dict[str, Any]:
        """What a write to /status may change: status, and the metadata its strategy lets through.

        Custom resources (and strategies that ask for it) keep everything but status from the
        stored object; built-in kinds keep the stored spec but take metadata from the request,
        minus the fields their kube status strategy resets (labels for workloads, ...).
        """
        if strategy.status_keeps_old_metadata is None:
            merged = copy.deepcopy(old)
            managed = new["metadata"].get("managedFields")
            if managed is not None:
                merged["metadata"]["managedFields"] = managed
        else:
            merged = {key: copy.deepcopy(value) for key, value in old.items() if key not in ("metadata", "status")}
            merged["metadata"] = dict(new["metadata"])
            for key in strategy.status_keeps_old_metadata:
                if key in old["metadata"]:
                    merged["metadata"][key] = copy.deepcopy(old["metadata"][key])
                else:
                    merged["metadata"].pop(key, None)
        status = new.get("status")
        if status is None:
            merged.pop("status", None)
        else:
            merged["status"] = status
        return merged

    def _should_finish_deletion(self, resource: ResourceInfo, obj: dict[str, Any]) -> bool:
        meta = obj["metadata"]
        if not meta.get("deletionTimestamp") or meta.get("finalizers"):
            return False
        if _is_namespace(resource) and (obj.get("spec") or {}).get("finalizers"):
            return False
        return not meta.get("deletionGracePeriodSeconds")

    async def _commit_update(
        self,
        resource: ResourceInfo,
        key: str,
        entry: Entry,
        old: dict[str, Any],
        new: dict[str, Any],
        opts: WriteOptions,
        subresource: str,
        warnings: list[str],
    ) -> Outcome:
        errors = self.hooks.validate(resource, new, old, subresource)
        if errors:
            raise self._invalid(resource, new, errors)
        self.hooks.admit(resource, new, old, opts)
        if _comparable(new) == _comparable(old):
            return Outcome(self._served_obj(resource, old), 200, warnings, self.to_served(resource, entry.value))
        if opts.dry_run:
            return Outcome(self._served_obj(resource, new), 200, warnings)
        attrs = self.hooks.attrs(resource, new)
        if self._should_finish_deletion(resource, new):
            await self.store.delete(key, new, attrs, expected_rev=entry.rev)
            return Outcome(self._served_obj(resource, new), 200, warnings)
        written = await self.store.update(key, new, attrs, expected_rev=entry.rev)
        return Outcome(self._served_obj(resource, new), 200, warnings, self.to_served(resource, written.value))

    async def read_modify_write(
        self,
        resource: ResourceInfo,
        namespace: str,
        name: str,
        mutate: Callable[[dict[str, Any]], dict[str, Any]],
        opts: WriteOptions,
        *,
        subresource: str = "",
        manage_fields: bool = True,
    ) -> Outcome:
        """Apply ``mutate`` to the newest state and store the result (patch, scale, binding, controllers).

        ``mutate`` receives a private copy and returns the desired object; it must not await.
        """
        key = m.object_key(resource, namespace, name)
        entry = self.store.latest(key)
        if entry is None:
            raise StatusError.not_found(resource.plural, resource.group, name)
        old: dict[str, Any] = orjson.loads(entry.value)
        desired = mutate(orjson.loads(entry.value))
        desired = self._check_body(resource, desired, namespace, name)
        requested = desired["metadata"].get("resourceVersion")
        if requested not in (None, "") and str(requested) != str(entry.rev):
            raise StatusError.conflict(resource.plural, resource.group, name, _MODIFIED_MESSAGE)
        warnings: list[str] = []
        self.hooks.prepare_body(resource, desired, opts, warnings)
        new = self._prepare_update(resource, old, desired, subresource)
        if manage_fields:
            self.hooks.manage_fields(resource, old, new, opts, subresource, self.now())
        return await self._commit_update(resource, key, entry, old, new, opts, subresource, warnings)

    async def apply(
        self,
        resource: ResourceInfo,
        namespace: str,
        name: str,
        applied: Any,
        opts: WriteOptions,
        *,
        subresource: str = "",
    ) -> Outcome:
        """Server-side apply: create or update from a partial configuration."""
        applied = self._check_body(resource, applied, namespace, name)
        key = m.object_key(resource, namespace, name)
        entry = self.store.latest(key)
        warnings: list[str] = []
        self.hooks.prepare_body(resource, applied, opts, warnings)
        if entry is None:
            if subresource:
                raise StatusError.not_found(resource.plural, resource.group, name)
            obj = self.hooks.server_side_apply(resource, None, applied, opts, subresource, self.now())
            obj = self._check_body(resource, obj, namespace, name)
            managed = obj["metadata"].get("managedFields")
            self._prepare_create(resource, obj)
            if managed is not None:
                obj["metadata"]["managedFields"] = managed
            return await self._commit_create(resource, namespace, obj, opts, warnings)
        old: dict[str, Any] = orjson.loads(entry.value)
        requested = applied["metadata"].get("resourceVersion")
        if requested not in (None, "") and str(requested) != str(entry.rev):
            raise StatusError.conflict(resource.plural, resource.group, name, _MODIFIED_MESSAGE)
        merged = self.hooks.server_side_apply(resource, copy.deepcopy(old), applied, opts, subresource, self.now())
        merged = self._check_body(resource, merged, namespace, name)
        new = self._prepare_update(resource, old, merged, subresource)
        return await self._commit_update(resource, key, entry, old, new, opts, subresource, warnings)

    # --- delete ------------------------------------------------------------------------------

    async def delete(self, resource: ResourceInfo, namespace: str, name: str, opts: DeleteOptions) -> Outcome:
        key = m.object_key(resource, namespace, name)
        entry = self.store.latest(key)
        if entry is None:
            raise StatusError.not_found(resource.plural, resource.group, name)
        obj: dict[str, Any] = orjson.loads(entry.value)
        meta = obj["metadata"]
        if opts.precondition_uid is not None and opts.precondition_uid != meta.get("uid"):
            raise StatusError.conflict(
                resource.plural,
                resource.group,
                name,
                f"Precondition failed: UID in precondition: {opts.precondition_uid}, UID in object meta: "
                f"{meta.get('uid')}",
            )
        if opts.precondition_rv is not None and opts.precondition_rv != str(entry.rev):
            raise StatusError.conflict(
                resource.plural,
                resource.group,
                name,
                f"Precondition failed: ResourceVersion in precondition: {opts.precondition_rv}, "
                f"ResourceVersion in object meta: {entry.rev}",
            )
        strategy = self.strategy(resource)
        pending = self._deletion_finalizers(resource, obj, opts)
        grace = self._grace_period(resource, strategy, obj, opts)
        # A namespace waits for its spec.finalizers (the namespace controller empties it first).
        namespace_pending = _is_namespace(resource) and bool((obj.get("spec") or {}).get("finalizers"))
        if pending or grace or namespace_pending:
            return await self._mark_deleting(resource, key, entry, obj, opts, pending, grace)
        if opts.dry_run:
            return self._deleted_outcome(resource, strategy, obj)
        await self.store.delete(key, obj, self.hooks.attrs(resource, obj), expected_rev=entry.rev)
        return self._deleted_outcome(resource, strategy, obj)

    def _deletion_finalizers(self, resource: ResourceInfo, obj: dict[str, Any], opts: DeleteOptions) -> list[str]:
        """The finalizers the object must carry after this DELETE (empty: delete now)."""
        meta = obj["metadata"]
        finalizers = list(meta.get("finalizers") or [])
        if opts.propagation is Propagation.FOREGROUND:
            if FOREGROUND_FINALIZER not in finalizers:
                finalizers = [f for f in finalizers if f != ORPHAN_FINALIZER] + [FOREGROUND_FINALIZER]
        elif opts.propagation is Propagation.ORPHAN:
            if ORPHAN_FINALIZER not in finalizers:
                finalizers = [f for f in finalizers if f != FOREGROUND_FINALIZER] + [ORPHAN_FINALIZER]
        elif opts.propagation is Propagation.BACKGROUND:
            finalizers = [f for f in finalizers if f not in (FOREGROUND_FINALIZER, ORPHAN_FINALIZER)]
        return finalizers

    def _grace_period(
        self, resource: ResourceInfo, strategy: Strategy, obj: dict[str, Any], opts: DeleteOptions
    ) -> int:
        if not strategy.graceful_delete:
            return 0
        spec = obj.get("spec") or {}
        if not spec.get("nodeName"):
            return 0  # never scheduled: nothing to stop
        phase = (obj.get("status") or {}).get("phase")
        if phase in ("Succeeded", "Failed"):
            return 0
        if opts.grace_period is not None:
            grace = opts.grace_period
        else:
            grace = int(spec.get("terminationGracePeriodSeconds", 30))
        current = obj["metadata"].get("deletionGracePeriodSeconds")
        if current is not None:
            grace = min(grace, int(current))
        return max(grace, 0)

    async def _mark_deleting(
        self,
        resource: ResourceInfo,
        key: str,
        entry: Entry,
        obj: dict[str, Any],
        opts: DeleteOptions,
        finalizers: list[str],
        grace: int,
    ) -> Outcome:
        old = copy.deepcopy(obj)
        meta = obj["metadata"]
        now = self._clock()
        if not meta.get("deletionTimestamp") or (grace < int(meta.get("deletionGracePeriodSeconds") or 0)):
            meta["deletionTimestamp"] = m.format_time(now + timedelta(seconds=grace))
            meta["deletionGracePeriodSeconds"] = grace
        if finalizers:
            meta["finalizers"] = finalizers
        else:
            meta.pop("finalizers", None)
        if _is_namespace(resource):
            obj.setdefault("status", {})["phase"] = "Terminating"
        if opts.dry_run or _comparable(obj) == _comparable(old):
            return Outcome(self._served_obj(resource, obj), 200)
        attrs = self.hooks.attrs(resource, obj)
        if self._should_finish_deletion(resource, obj):
            await self.store.delete(key, obj, attrs, expected_rev=entry.rev)
            return self._deleted_outcome(resource, self.strategy(resource), obj)
        await self.store.update(key, obj, attrs, expected_rev=entry.rev)
        code = 202 if opts.propagation is Propagation.FOREGROUND else 200
        return Outcome(self._served_obj(resource, obj), code)

    def _deleted_outcome(self, resource: ResourceInfo, strategy: Strategy, obj: dict[str, Any]) -> Outcome:
        if strategy.return_deleted_object:
            return Outcome(self._served_obj(resource, obj), 200)
        meta = obj["metadata"]
        details: dict[str, Any] = {"name": meta.get("name"), "kind": resource.plural, "uid": meta.get("uid")}
        if resource.group:
            details["group"] = resource.group
        status = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Success",
            "details": details,
        }
        return Outcome(status, 200)

    async def finish_deletion(self, resource: ResourceInfo, namespace: str, name: str) -> None:
        """Remove an object marked for deletion whose finalizers are gone (controllers' last step)."""
        key = m.object_key(resource, namespace, name)
        entry = self.store.latest(key)
        if entry is None:
            return
        obj: dict[str, Any] = orjson.loads(entry.value)
        if obj["metadata"].get("deletionTimestamp") and not obj["metadata"].get("finalizers"):
            try:
                await self.store.delete(key, obj, self.hooks.attrs(resource, obj), expected_rev=entry.rev)
            except (KeyNotFoundError, RevisionConflictError):
                pass  # changed meanwhile: whoever changed it will get here again
