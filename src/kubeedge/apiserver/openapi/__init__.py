"""The OpenAPI documents kube-apiserver publishes: ``/openapi/v2`` (JSON and gnostic protobuf) and
``/openapi/v3`` (discovery index and one document per group version).

kubectl depends on them for ``apply``/``create`` (field-validation support, strategic merge patch
metadata, typed models) and ``explain``. :class:`OpenAPIProvider` is the only entry point; the
modules behind it are pure: ``model`` gathers definitions and ``routes``, ``builder_v3`` and
``builder_v2`` render them, ``proto_v2`` encodes the v2 document for client-go.
"""

from __future__ import annotations

from kubeedge.apiserver.openapi.provider import OpenAPIProvider

__all__ = ["OpenAPIProvider"]
