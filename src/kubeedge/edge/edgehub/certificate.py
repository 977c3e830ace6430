"""The edge's certificate: bootstrap with the join token, persist, and rotate before expiry.

The flow is KubeEdge's (spec §4.4), so our edge can join a stock cloud and a stock edge ours:

1. use ``edgeHub.tlsCertFile``/``tlsPrivateKeyFile`` if they hold a pair whose CN is
   ``system:node:<node>`` (and the CA file ``tlsCaFile`` exists, and the certificate has not
   expired);
2. otherwise bootstrap: ``GET <httpServer>/ca.crt`` without verification, check its SHA-256
   against the token's first part, write it (PEM) to ``tlsCaFile``; make a P-256 key and a CSR
   (C=CN, ST=Zhejiang, L=Hangzhou, O=system:nodes, CN=system:node:<node>); ``GET /edge.crt`` with
   ``Authorization: Bearer <jwt>`` and ``NodeName``, verifying the server against the new CA;
   write the certificate (``CERTIFICATE``) and the key (``EC PRIVATE KEY``, mode 0600);
3. rotation (``edgeHub.rotateCertificates``): at a random 70-90 % of the certificate's lifetime,
   a new key and CSR, ``GET /edge.crt`` authenticated by the current client certificate (no
   token); failures are retried after 2, 4, 8, 16 s, then every 32 s.

Every file is written atomically (temporary file, fsync, rename), so a crash never leaves a torn
key. Waiting goes through an injected clock, so tests step through rotation without sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import random
import ssl
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kubeedge._aio import clock as aioclock
from kubeedge.errors import InvalidState, KedgeError, PermanentError, StorageError, TransientError
from kubeedge.wire import join

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterator

__all__ = [
    "CertManager",
    "CertificateConfig",
    "EdgeIdentity",
    "JoinError",
    "bootstrap",
    "client_ssl_context",
    "load_identity",
    "renew",
    "renewal_delays",
    "rotation_deadline",
]

logger = logging.getLogger(__name__)


class JoinError(PermanentError):
    """The cloud will not give this node a certificate as asked; retrying will not help."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CertificateConfig:
    """The ``edgeHub`` keys of the certificate flow (spec §13.1), and our request timeout."""

    node_name: str
    http_server: str
    tls_ca_file: Path = Path("/etc/kubeedge/ca/rootCA.crt")
    tls_cert_file: Path = Path("/etc/kubeedge/certs/server.crt")
    tls_private_key_file: Path = Path("/etc/kubeedge/certs/server.key")
    token: str = ""
    rotate_certificates: bool = True
    request_timeout: float = 30.0


@dataclass(frozen=True, slots=True, kw_only=True)
class EdgeIdentity:
    """The node's CA, certificate and key, as they are on disk."""

    ca_pem: bytes
    cert_pem: bytes
    key_pem: bytes
    certificate: x509.Certificate


# --- pure policy --------------------------------------------------------------------------------


def rotation_deadline(cert: x509.Certificate, *, jitter: float) -> datetime:
    """When to rotate: NotBefore plus ``70 % + 20 % x jitter`` of the lifetime (``jitter`` in [0, 1))."""
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    return cert.not_valid_before_utc + lifetime * (0.7 + 0.2 * jitter)


def renewal_delays(rng: random.Random) -> Iterator[float]:
    """Waits between renewal attempts: 2, 4, 8, 16 s (each up to 10 % longer), then 32 s forever."""
    for base in (2.0, 4.0, 8.0, 16.0):
        yield base * (1 + 0.1 * rng.random())
    yield from itertools.repeat(32.0)


def _common_name(cert: x509.Certificate) -> str:
    attributes = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attributes[0].value) if attributes else ""


def _spki(key: object) -> bytes:
    assert isinstance(key, ec.EllipticCurvePublicKey)
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )


# --- files --------------------------------------------------------------------------------------


def load_identity(config: CertificateConfig, *, now: datetime) -> tuple[EdgeIdentity | None, str]:
    """The identity on disk, or ``None`` and why it cannot be used."""
    paths = (config.tls_ca_file, config.tls_cert_file, config.tls_private_key_file)
    try:
        ca_pem, cert_pem, key_pem = (path.read_bytes() for path in paths)
    except FileNotFoundError as exc:
        return None, f"{exc.filename} does not exist"
    except OSError as exc:
        return None, f"cannot read {exc.filename}: {exc.strerror}"
    try:
        cert = x509.load_pem_x509_certificate(cert_pem)
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as exc:
        return None, f"{config.tls_cert_file} and {config.tls_private_key_file} are not a PEM pair: {exc}"
    if not isinstance(key, ec.EllipticCurvePrivateKey) or _spki(key.public_key()) != _spki(cert.public_key()):
        return None, f"the key in {config.tls_private_key_file} does not belong to the certificate"
    expected = join.node_common_name(config.node_name)
    if _common_name(cert) != expected:
        return None, f"the certificate is for {_common_name(cert)!r}, not {expected!r}"
    if cert.not_valid_after_utc <= now:
        return None, f"the certificate expired at {cert.not_valid_after_utc.isoformat()}"
    return EdgeIdentity(ca_pem=ca_pem, cert_pem=cert_pem, key_pem=key_pem, certificate=cert), ""


def _atomic_write(path: Path, data: bytes, *, mode: int) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        raise StorageError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def _write_pair(config: CertificateConfig, cert_pem: bytes, key_pem: bytes) -> None:
    # The key first: a crash in between leaves a mismatched pair, which load_identity rejects.
    _atomic_write(config.tls_private_key_file, key_pem, mode=0o600)
    _atomic_write(config.tls_cert_file, cert_pem, mode=0o644)


def client_ssl_context(config: CertificateConfig) -> ssl.SSLContext:
    """A TLS 1.2+ client context: trust only the KubeEdge CA, present the node's certificate."""
    ctx = ssl.create_default_context(cafile=str(config.tls_ca_file))
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(config.tls_cert_file), str(config.tls_private_key_file))
    return ctx


# --- HTTP ---------------------------------------------------------------------------------------


async def _get(
    config: CertificateConfig, path: str, *, ssl_context: ssl.SSLContext | bool, body: bytes = b"", token: str = ""
) -> tuple[int, bytes]:
    url = config.http_server.rstrip("/") + path
    headers = {join.NODE_NAME_HEADER: config.node_name} if path == join.CERT_PATH else {}
    if token:
        headers[join.AUTHORIZATION_HEADER] = f"Bearer {token}"
    try:
        async with (
            asyncio.timeout(config.request_timeout),
            aiohttp.ClientSession() as session,
            session.get(url, data=body or None, headers=headers, ssl=ssl_context) as response,
        ):
            return response.status, await response.read()
    except aiohttp.ClientConnectorCertificateError as exc:
        raise JoinError(f"the cert server at {url} is not trusted by the CA: {exc.certificate_error}") from exc
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise TransientError(f"cannot reach the cert server at {url}: {exc or type(exc).__name__}") from exc


def _new_csr(node_name: str) -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(join.edge_csr_subject(node_name))
        .sign(key, hashes.SHA256())
    )
    return key, csr.public_bytes(serialization.Encoding.DER)


def _accept(config: CertificateConfig, der: bytes, key: ec.EllipticCurvePrivateKey, ca_pem: bytes) -> bytes:
    try:
        cert = x509.load_der_x509_certificate(der)
        cert.verify_directly_issued_by(x509.load_pem_x509_certificate(ca_pem))
    except (ValueError, TypeError, InvalidSignature) as exc:
        raise JoinError(f"the cloud answered with a certificate not issued by its CA: {exc}") from exc
    if _spki(cert.public_key()) != _spki(key.public_key()) or _common_name(cert) != join.node_common_name(
        config.node_name
    ):
        raise JoinError(f"the cloud answered with a certificate for {_common_name(cert)!r}, not for this key and node")
    return cert.public_bytes(serialization.Encoding.PEM)


async def _request_certificate(
    config: CertificateConfig, *, ssl_context: ssl.SSLContext, token: str, ca_pem: bytes, refused: str
) -> EdgeIdentity:
    key, csr_der = _new_csr(config.node_name)
    status, body = await _get(config, join.CERT_PATH, ssl_context=ssl_context, body=csr_der, token=token)
    reason = body.decode(errors="replace").strip()
    if status == 401:
        raise JoinError(f"{refused}: {reason}")
    if status != 200:
        raise TransientError(f"the cert server answered {status}: {reason}")
    cert_pem = _accept(config, body, key, ca_pem)
    key_pem = _key_pem(key)
    await asyncio.to_thread(_write_pair, config, cert_pem, key_pem)
    cert = x509.load_pem_x509_certificate(cert_pem)
    return EdgeIdentity(ca_pem=ca_pem, cert_pem=cert_pem, key_pem=key_pem, certificate=cert)


async def bootstrap(config: CertificateConfig) -> EdgeIdentity:
    """Get the first certificate with the join token, and persist CA, certificate and key.

    Raises:
        JoinError: no or malformed token, the CA does not match it, or the cloud refused it.
        TransientError: the cert server could not be reached or failed.
        StorageError: the files could not be written.
    """
    if not config.token.strip():
        raise JoinError("no join token: set edgeHub.token (`keadm gettoken` prints one)")
    try:
        token = join.parse_token(config.token)
    except join.CredentialError as exc:
        raise JoinError(str(exc)) from exc
    status, ca_der = await _get(config, join.CA_PATH, ssl_context=False)
    if status != 200:
        raise TransientError(f"the cert server answered {status} for {join.CA_PATH}")
    try:
        token.check_ca(ca_der)
        ca_pem = x509.load_der_x509_certificate(ca_der).public_bytes(serialization.Encoding.PEM)
    except join.CredentialError as exc:
        raise JoinError(str(exc)) from exc
    except ValueError as exc:
        raise JoinError(f"the cloud's CA is not a DER certificate: {exc}") from exc
    await asyncio.to_thread(_atomic_write, config.tls_ca_file, ca_pem, mode=0o644)
    ctx = ssl.create_default_context(cadata=ca_pem.decode())
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    identity = await _request_certificate(
        config, ssl_context=ctx, token=token.jwt, ca_pem=ca_pem, refused="the cloud refused the token"
    )
    logger.info(
        "Obtained a certificate for node %s, valid until %s", config.node_name, identity.certificate.not_valid_after_utc
    )
    return identity


async def renew(config: CertificateConfig, current: EdgeIdentity) -> EdgeIdentity:
    """Get a new certificate and key, authenticated by the current certificate.

    Raises:
        JoinError: the cloud refused the current certificate.
        TransientError: the cert server could not be reached or failed.
        StorageError: the files could not be written.
    """
    try:
        ctx = await asyncio.to_thread(client_ssl_context, config)
    except OSError as exc:  # ssl.SSLError is an OSError
        raise StorageError(f"cannot load the current certificate from {config.tls_cert_file}: {exc}") from exc
    identity = await _request_certificate(
        config, ssl_context=ctx, token="", ca_pem=current.ca_pem, refused="the cloud refused the certificate renewal"
    )
    logger.info(
        "Rotated the certificate of node %s, valid until %s", config.node_name, identity.certificate.not_valid_after_utc
    )
    return identity


# --- the manager --------------------------------------------------------------------------------


class CertManager:
    """Owns the node's certificate: :meth:`ensure` it exists, :meth:`run` to keep it rotated.

    Args:
        config: the edgeHub certificate settings.
        clock: where deliberate waiting happens (``ManualClock`` in tests).
        wall_time: the current Unix time, compared with certificate dates.
        rng: randomness for the rotation jitter and retry jitter.
        on_rotated: awaited after each successful rotation (EdgeHub reconnects with the new
            certificate).
    """

    def __init__(
        self,
        config: CertificateConfig,
        *,
        clock: aioclock.Clock | None = None,
        wall_time: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        on_rotated: Callable[[EdgeIdentity], Awaitable[None]] | None = None,
    ) -> None:
        self._config = config
        self._clock = clock or aioclock.LoopClock()
        self._wall_time = wall_time
        self._rng = rng or random.Random()
        self._on_rotated = on_rotated
        self._identity: EdgeIdentity | None = None
        self.rotations = 0

    @property
    def identity(self) -> EdgeIdentity:
        """The current identity.

        Raises:
            InvalidState: before :meth:`ensure` succeeded.
        """
        if self._identity is None:
            raise InvalidState("the certificate has not been loaded or obtained yet")
        return self._identity

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._wall_time(), UTC)

    async def ensure(self) -> EdgeIdentity:
        """Load the certificate from disk, or bootstrap one with the token."""
        identity, reason = await asyncio.to_thread(load_identity, self._config, now=self._now())
        if identity is None:
            logger.info(
                "No usable certificate for node %s (%s); joining with the token", self._config.node_name, reason
            )
            identity = await bootstrap(self._config)
        self._identity = identity
        return identity

    def next_rotation(self) -> datetime:
        """A fresh rotation deadline for the current certificate (new jitter each call)."""
        return rotation_deadline(self.identity.certificate, jitter=self._rng.random())

    async def rotate_now(self) -> EdgeIdentity:
        """Renew until it succeeds, waiting :func:`renewal_delays` between failures."""
        delays = renewal_delays(self._rng)
        while True:
            try:
                identity = await renew(self._config, self.identity)
            except KedgeError as exc:
                delay = next(delays)
                level = logging.ERROR if isinstance(exc, PermanentError) else logging.WARNING
                logger.log(level, "Certificate rotation failed: %s; retrying in %.0fs", exc, delay)
                await self._clock.sleep(delay)
                continue
            self._identity = identity
            self.rotations += 1
            if self._on_rotated is not None:
                await self._on_rotated(identity)
            return identity

    async def run(self) -> None:
        """Ensure a certificate, then rotate it at each deadline until cancelled."""
        if self._identity is None:
            await self.ensure()
        if not self._config.rotate_certificates:
            await asyncio.Event().wait()
        while True:
            deadline = self.next_rotation()
            logger.info("Next certificate rotation of node %s at %s", self._config.node_name, deadline.isoformat())
            await self._clock.sleep(max(deadline.timestamp() - self._wall_time(), 0.0))
            await self.rotate_now()
