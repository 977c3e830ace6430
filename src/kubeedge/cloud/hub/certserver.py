"""The cert server on ``cloudHub.https`` (port 10002): how edges get their certificates.

Endpoints and answers follow KubeEdge (spec §4.3), so a stock edgecore can join:

- ``GET /ca.crt``: the CA certificate, DER;
- ``GET /edge.crt``: a DER certificate request in the body (at most 1 MiB), ``NodeName`` and an
  optional ``ExtKeyUsages`` header; authenticated by ``Authorization: <scheme> <jwt>`` on a first
  join, or by the current client certificate when renewing. Answers: 200 and the signed
  certificate in DER; 401 with a plain-text reason; 500 if signing fails;
- ``GET /node/{nodename}``: 200 ``Node found`` / 404 ``Node not found`` / 500.

The TLS layer asks for a client certificate but does not require one (a first join has only a
token); the handler then checks a presented certificate as KubeEdge does: issued by the CA,
clientAuth, and a subject naming the ``NodeName`` of the request (or the legacy subject).

Better than KubeEdge: the request's CN must be ``system:node:<NodeName>`` (or the legacy
``kubeedge.io``), so neither a token nor node A's certificate can obtain a certificate for node B
(KubeEdge signs whatever CN is asked for), and the request's self-signature is checked.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from aiohttp import web
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeedge.cloud.hub import pki
from kubeedge.cloud.kube import GVR, KubeAPIError
from kubeedge.errors import ProtocolError
from kubeedge.wire import join

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from kubeedge.cloud.kube import KubeClient

__all__ = ["CertServer", "CertServerConfig", "authenticate_certificate", "authenticate_token", "sign_csr"]

logger = logging.getLogger(__name__)

NODES = GVR("", "v1", "nodes")
_TEXT = "text/plain"
_DER = "application/octet-stream"


@dataclass(frozen=True, slots=True, kw_only=True)
class CertServerConfig:
    """``cloudHub.https`` and ``cloudHub.edgeCertSigningDuration``, plus our timeouts."""

    address: str = "0.0.0.0"
    port: int = 10002
    edge_cert_signing_duration: int = 365  # days
    kube_timeout: float = 30.0  # a Node lookup
    body_timeout: float = 30.0  # reading a certificate request
    shutdown_timeout: float = 5.0  # grace for requests in flight when stopping


def authenticate_token(authorization: str, *, ca_key_der: bytes, now: float) -> None:
    """Check the ``Authorization`` header of a first join.

    Raises:
        join.CredentialError: with the plain-text reason KubeEdge answers with.
    """
    if not authorization:
        raise join.CredentialError("token validation failure, token is empty")
    parts = authorization.split(" ")
    if len(parts) != 2:
        raise join.CredentialError("token validation failure, token cannot be splited")
    try:
        join.verify_jwt(parts[1], ca_key_der, now=now)
    except join.CredentialError as exc:
        raise join.CredentialError(f"token validation failure, err: {exc}") from exc


def authenticate_certificate(cert: x509.Certificate, *, ca: x509.Certificate, node_name: str, now: datetime) -> None:
    """Check a renewing client's certificate: issued by the CA, valid now, clientAuth, right node.

    Raises:
        join.CredentialError: with the reason.
    """
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature) as exc:
        raise join.CredentialError(
            "failed to verify edge certificate: x509: certificate signed by unknown authority"
        ) from exc
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise join.CredentialError(
            "failed to verify edge certificate: x509: certificate has expired or is not yet valid"
        )
    try:
        usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        usages = None  # Go: no EKU extension means any usage
    except ValueError as exc:
        raise join.CredentialError(f"failed to verify edge certificate: {exc}") from exc
    allowed = (ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE)
    if usages is not None and not any(oid in usages for oid in allowed):
        raise join.CredentialError(
            "failed to verify edge certificate: x509: certificate specifies an incompatible key usage"
        )
    join.check_node_subject(_common_name(cert.subject), _organizations(cert.subject), node_name)


def _common_name(name: x509.Name) -> str:
    attributes = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attributes[0].value) if attributes else ""


def _organizations(name: x509.Name) -> list[str]:
    return [str(attribute.value) for attribute in name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]


def _check_requested_name(csr_der: bytes, *, node_name: str, allowed: set[str]) -> None:
    try:
        csr = x509.load_der_x509_csr(csr_der)
    except ValueError:
        return  # not a CSR: signing reports it
    common_name = _common_name(csr.subject)
    if common_name not in allowed:
        raise join.CredentialError(
            f"the certificate request is for {common_name!r}, but the request is for node {node_name!r}"
        )


def sign_csr(
    ca: pki.KeyPair, csr_der: bytes, *, usages: Sequence[join.ExtKeyUsage], validity: timedelta, now: datetime
) -> x509.Certificate:
    """Sign an edge's DER certificate request (spec §4.3 signing rules).

    CN, O and the DNS and IP SANs of the request are copied; everything else in it is dropped.

    Raises:
        ProtocolError: not a DER CSR, a bad self-signature, no CN, or not an ECDSA key.
    """
    try:
        csr = x509.load_der_x509_csr(csr_der)
    except ValueError as exc:
        raise ProtocolError(f"failed to parse csr, err: {exc}") from exc
    if not csr.is_signature_valid:
        raise ProtocolError("the certificate request's signature is invalid")
    public_key = csr.public_key()
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise ProtocolError("the certificate request's key is not an ECDSA key")
    if not csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME):
        raise ProtocolError("must specify a CommonName")
    subject = x509.Name(
        [
            *csr.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME),
            *csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[:1],
        ]
    )
    try:
        requested = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        requested = x509.SubjectAlternativeName([])
    names: list[x509.GeneralName] = [x509.DNSName(dns) for dns in requested.get_values_for_type(x509.DNSName)]
    names.extend(x509.IPAddress(ip) for ip in requested.get_values_for_type(x509.IPAddress))
    return pki.issue(
        ca, public_key, subject=subject, usages=[usage.oid for usage in usages], names=names, now=now, validity=validity
    )


def _text(status: int, message: str) -> web.Response:
    return web.Response(status=status, text=message, content_type=_TEXT)


class CertServer:
    """The HTTPS cert server. ``async with`` serves; :meth:`run` serves until cancelled.

    Args:
        cloud_pki: the CA and CloudCore's certificate.
        kube: the client used for Node lookups.
        config: address, port, signing duration and timeouts.
        wall_time: the current Unix time (token expiry, certificate dates); injectable for tests.
    """

    def __init__(
        self,
        cloud_pki: pki.CloudPKI,
        kube: KubeClient,
        config: CertServerConfig,
        *,
        wall_time: Callable[[], float] = time.time,
    ) -> None:
        self._pki = cloud_pki
        self._kube = kube
        self._config = config
        self._wall_time = wall_time
        self._runner: web.AppRunner | None = None
        self._port = 0

    @property
    def port(self) -> int:
        """The bound port (useful with port 0); 0 before serving."""
        return self._port

    def _app(self) -> web.Application:
        app = web.Application(client_max_size=join.MAX_BODY_BYTES)
        app.router.add_get(join.CA_PATH, self._get_ca, allow_head=False)
        app.router.add_get(join.CERT_PATH, self._get_edge_cert, allow_head=False)
        app.router.add_get(join.NODE_PATH, self._get_node, allow_head=False)
        return app

    async def __aenter__(self) -> CertServer:
        runner = web.AppRunner(self._app(), access_log=None, shutdown_timeout=self._config.shutdown_timeout)
        await runner.setup()
        try:
            site = web.TCPSite(
                runner,
                self._config.address,
                self._config.port,
                ssl_context=self._pki.server_ssl_context(require_client_cert=False),
            )
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = int(runner.addresses[0][1]) if runner.addresses else self._config.port
        logger.info("Cert server listening on %s:%d", self._config.address, self._port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def run(self) -> None:
        """Serve until cancelled."""
        async with self:
            await asyncio.Event().wait()

    # --- handlers ------------------------------------------------------------------------------

    async def _get_ca(self, request: web.Request) -> web.Response:
        return web.Response(body=self._pki.ca.cert_der, content_type=_DER)

    async def _get_edge_cert(self, request: web.Request) -> web.Response:
        node_name = request.headers.get(join.NODE_NAME_HEADER, "")
        now = self._wall_time()
        allowed = {join.node_common_name(node_name), join.LEGACY_COMMON_NAME}
        peer = _peer_certificate(request)
        if peer is not None:
            try:
                authenticate_certificate(
                    peer, ca=self._pki.ca.certificate, node_name=node_name, now=datetime.fromtimestamp(now, UTC)
                )
            except join.CredentialError as exc:
                message = f"failed to verify the certificate for edgenode: {node_name}, err: {exc}"
                logger.warning("Refused a certificate renewal: %s", message)
                return _text(401, message)
            allowed = {join.node_common_name(node_name), _common_name(peer.subject)}
        else:
            try:
                authenticate_token(
                    request.headers.get(join.AUTHORIZATION_HEADER, ""), ca_key_der=self._pki.ca.key_der, now=now
                )
            except join.CredentialError as exc:
                logger.warning("Refused a certificate for edge node %r: %s", node_name, exc)
                return _text(401, str(exc))
        try:
            async with asyncio.timeout(self._config.body_timeout):
                csr_der = await request.read()
        except (web.HTTPRequestEntityTooLarge, TimeoutError) as exc:
            problem = "timed out" if isinstance(exc, TimeoutError) else "http: request body too large"
            reason = f"fail to read file when signing the cert, err: {problem}"
            return _text(500, f"failed to sign certs for edgenode {node_name}, err: {reason}")
        try:
            _check_requested_name(csr_der, node_name=node_name, allowed=allowed)
        except join.CredentialError as exc:
            logger.warning("Refused a certificate for edge node %r: %s", node_name, exc)
            return _text(401, str(exc))
        try:
            usages = join.decode_ext_key_usages(request.headers.get(join.EXT_KEY_USAGES_HEADER, ""))
            cert = sign_csr(
                self._pki.ca,
                csr_der,
                usages=usages,
                validity=timedelta(days=self._config.edge_cert_signing_duration),
                now=datetime.fromtimestamp(now, UTC),
            )
        except ProtocolError as exc:
            message = f"failed to sign certs for edgenode {node_name}, err: {exc}"
            logger.warning("%s", message)
            return _text(500, message)
        logger.info("Signed a certificate for edge node %r (%s)", node_name, "renewal" if peer else "join")
        return web.Response(body=cert.public_bytes(serialization.Encoding.DER), content_type=_DER)

    async def _get_node(self, request: web.Request) -> web.Response:
        name = request.match_info.get("nodename", "")
        if not name:
            return _text(400, "nodename parameter is required")
        try:
            async with asyncio.timeout(self._config.kube_timeout):
                await self._kube.get(NODES, name)
        except KubeAPIError as exc:
            if exc.code == 404:
                return _text(404, "Node not found")
            logger.warning("Failed to query node %s: %s", name, exc)
            return _text(500, "Failed to query node information")
        except TimeoutError:
            logger.warning("Timed out querying node %s", name)
            return _text(500, "Failed to query node information")
        return _text(200, "Node found")


def _peer_certificate(request: web.Request) -> x509.Certificate | None:
    transport = request.transport
    ssl_object = transport.get_extra_info("ssl_object") if transport is not None else None
    if not isinstance(ssl_object, ssl.SSLObject):
        return None
    der = ssl_object.getpeercert(binary_form=True)
    return x509.load_der_x509_certificate(der) if der else None
