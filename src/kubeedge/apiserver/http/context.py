"""What the HTTP handlers share: the registry, catalog, auth, and per-request facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.registry.options import FieldValidation, WriteOptions

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from aiohttp import web

    from kubeedge.apiserver.auth.authn import Authenticator, UserInfo
    from kubeedge.apiserver.auth.authz import Authorizer
    from kubeedge.apiserver.http.negotiate import Output
    from kubeedge.apiserver.http.requestinfo import RequestInfo
    from kubeedge.apiserver.registry.catalog import Catalog
    from kubeedge.apiserver.registry.objects import ObjectRegistry
    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = ["ApiContext", "Call", "ServerLimits"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerLimits:
    max_body_bytes: int = 3 * 1024 * 1024
    # kube's --min-request-timeout: watches without timeoutSeconds last [1x, 2x) of this.
    min_request_timeout: float = 1800.0
    bookmark_interval: float = 60.0


@dataclass(slots=True, kw_only=True)
class ApiContext:
    catalog: Catalog
    registry: ObjectRegistry
    authenticator: Authenticator
    authorizer: Authorizer
    clock: Callable[[], datetime]
    version_info: dict[str, str]
    limits: ServerLimits = field(default_factory=ServerLimits)
    # Filled by the server once it listens: what discovery reports as the server address.
    server_address: str = ""
    # Providers of OpenAPI documents (path → (bytes, content type)), set by the server.
    openapi: Any = None
    ready: Callable[[], bool] = lambda: True


@dataclass(slots=True, kw_only=True)
class Call:
    """One API request after routing and authentication."""

    request: web.BaseRequest
    info: RequestInfo
    user: UserInfo
    output: Output
    resource: ResourceInfo | None = None
    warnings: list[str] = field(default_factory=list)

    def query(self, name: str, default: str | None = None) -> str | None:
        return self.request.query.get(name, default)

    def query_bool(self, name: str) -> bool:
        value = self.request.query.get(name)
        return value is not None and value.lower() in ("true", "1", "")

    def query_int(self, name: str) -> int | None:
        value = self.request.query.get(name)
        if value in (None, ""):
            return None
        try:
            return int(value)
        except ValueError:
            raise StatusError.bad_request(f"invalid value for {name}: {value!r} is not an integer") from None

    def write_options(self) -> WriteOptions:
        dry_run = self.request.query.getall("dryRun", [])
        for value in dry_run:
            if value != "All":
                raise StatusError.bad_request(f'Invalid value: "{value}": supported values: "All"')
        validation = self.request.query.get("fieldValidation", "") or "Warn"
        try:
            field_validation = FieldValidation(validation)
        except ValueError:
            raise StatusError.bad_request(
                f'fieldValidation: Unsupported value: "{validation}": supported values: "Ignore", "Strict", "Warn"'
            ) from None
        manager = self.request.query.get("fieldManager", "")
        if len(manager) > 128:
            raise StatusError.bad_request("fieldManager: Too long: may not be more than 128 bytes")
        force = self.request.query.get("force")
        return WriteOptions(
            user=self.user.name,
            groups=tuple(self.user.groups),
            dry_run=bool(dry_run),
            field_manager=manager,
            field_validation=field_validation,
            user_agent=self.request.headers.get("User-Agent", ""),
            force=force is not None and force.lower() == "true",
        )
