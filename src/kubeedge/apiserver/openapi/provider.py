"""Serves ``/openapi/v2`` and ``/openapi/v3``: builds the documents on first request, caches them, and
throws them away when the catalog changes (a CRD is established, changed or removed).

Content negotiation and ETags follow kube-openapi's handlers: ``/openapi/v2`` answers JSON, or the
gnostic protobuf when the Accept header asks for
``application/com.github.proto-openapi.spec.v2@v1.0+protobuf`` (client-go's discovery does) or its
``.v2.v1.0+protobuf`` spelling; both carry the ETag of the JSON bytes (upper-case hex SHA-512).
``/openapi/v3`` is the discovery index and ``/openapi/v3/<api/v1|apis/<g>/<v>>`` a group version's
document, JSON only (nothing we serve asks for the v3 protobuf; such a request gets 406, as kube
answers an Accept header it cannot satisfy). A ``?hash=`` query is answered with the current
document whatever the hash: kube redirects a stale hash to the current one, which a client then
fetches anyway.

Building is synchronous and pure; it runs on the request that first needs a document.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import orjson

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.openapi import builder_v2, builder_v3, proto_v2
from kubeedge.apiserver.openapi.model import ApiModel, build_model

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from kubeedge.apiserver.registry.catalog import Catalog
    from kubeedge.apiserver.schema.model import SchemaSet

__all__ = ["V2_PROTOBUF", "OpenAPIProvider"]

logger = logging.getLogger(__name__)

_JSON = "application/json"
V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf"
_V2_PROTOBUF_DEPRECATED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
_V2_OFFERS = (_JSON, _V2_PROTOBUF_DEPRECATED, V2_PROTOBUF)
_V3_PREFIX = "/openapi/v3/"


class _V2:
    """The v2 document: JSON built eagerly, protobuf on first request for it."""

    __slots__ = ("document", "etag", "json", "protobuf")

    def __init__(self, model: ApiModel, *, version: str) -> None:
        self.document = builder_v2.build_v2(model, version=version)
        self.json = orjson.dumps(self.document, option=orjson.OPT_SORT_KEYS)
        self.etag = builder_v3.compute_etag(self.json)
        self.protobuf: bytes | None = None

    def proto(self) -> bytes:
        if self.protobuf is None:
            # encode what was served as JSON, so both forms say the same thing in the same order
            self.protobuf = proto_v2.encode_document(orjson.loads(self.json))
        return self.protobuf


class OpenAPIProvider:
    """The OpenAPI documents of one apiserver, kept in step with its catalog."""

    def __init__(self, catalog: Catalog, builtin_schemas: SchemaSet | None, *, version: str = "unversioned") -> None:
        """
        Args:
            catalog: the served resources; the provider subscribes to its changes.
            builtin_schemas: the built-in definitions; None takes them from the built-in resources' schemas.
            version: ``info.version`` of the documents (kube puts its gitVersion there).
        """
        self._catalog = catalog
        self._builtin = builtin_schemas
        self._version = version
        self._model: ApiModel | None = None
        self._v2: _V2 | None = None
        self._v3: builder_v3.V3Documents | None = None
        catalog.subscribe(self._invalidate)

    def _invalidate(self) -> None:
        self._model = None
        self._v2 = None
        self._v3 = None

    def model(self) -> ApiModel:
        if self._model is None:
            started = time.perf_counter()
            self._model = build_model(self._catalog.all(), self._builtin)
            logger.debug("Built the OpenAPI model in %.3fs", time.perf_counter() - started)
        return self._model

    def v2(self) -> _V2:
        if self._v2 is None:
            self._v2 = _V2(self.model(), version=self._version)
        return self._v2

    def v3(self) -> builder_v3.V3Documents:
        if self._v3 is None:
            self._v3 = builder_v3.build_v3(self.model(), version=self._version)
        return self._v3

    def serve(self, path: str, query: Mapping[str, str], accept: str) -> tuple[bytes, str, str] | None:
        """The body, content type and ETag for an ``/openapi/...`` path, or None if there is no such document.

        Raises:
            StatusError: 406 when the Accept header allows none of the forms of the document.
        """
        del query  # ?hash= selects nothing: we only ever have the current document
        if path == "/openapi/v2":
            chosen = _negotiate(accept, _V2_OFFERS)
            if chosen is None:
                raise StatusError.not_acceptable(
                    f"only the following media types are accepted: {', '.join(_V2_OFFERS)}"
                )
            v2 = self.v2()
            if chosen == _JSON:
                return v2.json, _JSON, v2.etag
            return v2.proto(), V2_PROTOBUF, v2.etag
        if path == "/openapi/v3":
            v3 = self.v3()
            return v3.index, _JSON, v3.index_etag
        if path.startswith(_V3_PREFIX):
            v3 = self.v3()
            key = path[len(_V3_PREFIX) :]
            body = v3.documents.get(key)
            if body is None:
                return None
            if _negotiate(accept, (_JSON,)) is None:
                raise StatusError.not_acceptable(f"only the following media types are accepted: {_JSON}")
            return body, _JSON, v3.etags[key]
        return None


def _negotiate(accept: str, offers: Sequence[str]) -> str | None:
    """goautoneg's choice: clauses by quality, then specificity; the first offer a clause allows."""
    clauses: list[tuple[float, bool, bool, str, str]] = []
    for raw in (accept or "*/*").split(","):
        media, *params = (part.strip() for part in raw.split(";"))
        if not media:
            continue
        if media == "*":
            media = "*/*"
        kind, _, subtype = media.partition("/")
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        clauses.append((quality, kind == "*", subtype == "*", kind, subtype))
    clauses.sort(key=lambda c: (-c[0], c[1], c[2]))
    for _quality, _any_kind, _any_subtype, kind, subtype in clauses:
        for offer in offers:
            offer_kind, _, offer_subtype = offer.partition("/")
            if kind in ("*", offer_kind) and subtype in ("*", offer_subtype):
                return offer
    return None
