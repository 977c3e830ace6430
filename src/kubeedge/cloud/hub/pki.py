"""CloudHub's PKI: the KubeEdge CA, CloudCore's serving certificate, and their Secrets.

What the certificates say is fixed by KubeEdge (spec §4.1), because edges pin the CA by hash and
check CloudCore's certificate against it:

- every key is ECDSA P-256, kept as SEC1 ``EC PRIVATE KEY`` DER;
- the CA is self-signed, CN ``KubeEdge``, serial 1024, valid 100 x 364 days, CA:TRUE, key usage
  certSign | digitalSignature | keyEncipherment, extended key usage serverAuth + clientAuth;
- the server certificate is CN ``KubeEdge``, O ``KubeEdge``, serverAuth, valid 100 x 364 days,
  with IP SANs from ``cloudHub.advertiseAddress`` and DNS SANs from ``cloudHub.dnsNames``;
- leaves (:func:`issue`, also used for edge certificates by the cert server) have key usage
  digitalSignature | keyEncipherment, a random serial below 2^63, and NotBefore = now.

Where the material comes from (:func:`load_or_create`): the PEM files ``cloudHub.tlsCAFile`` /
``tlsCAKeyFile`` if both exist, else the Secret ``kubeedge/casecret``, else a new CA; then the
same for the server certificate (``tlsCertFile``/``tlsPrivateKeyFile``, ``cloudcoresecret``).
Whatever is used is written back to the Secrets (values are raw DER), so every CloudCore replica
and every restart serves the same CA. Better than KubeEdge: a server certificate taken from the
Secret is reissued when it was signed by another CA, has expired, or lacks a configured SAN.
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import logging
import re
import secrets
import ssl
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeedge.cloud.kube import GVR, KubeAPIError, KubeClient
from kubeedge.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes

__all__ = [
    "CA_DATA",
    "CA_KEY_DATA",
    "CA_SECRET",
    "CA_SERIAL",
    "CERT_VALIDITY",
    "CLOUDCORE_DATA",
    "CLOUDCORE_KEY_DATA",
    "CLOUDCORE_SECRET",
    "NAMESPACE",
    "PROJECT_NAME",
    "TOKEN_DATA",
    "TOKEN_SECRET",
    "CloudPKI",
    "KeyPair",
    "PKIConfig",
    "build_ca",
    "build_server_certificate",
    "issue",
    "load_or_create",
    "read_secret",
    "save_secret",
    "server_certificate_problem",
]

logger = logging.getLogger(__name__)

NAMESPACE = "kubeedge"
CA_SECRET, CA_DATA, CA_KEY_DATA = "casecret", "cadata", "cakeydata"
CLOUDCORE_SECRET, CLOUDCORE_DATA, CLOUDCORE_KEY_DATA = "cloudcoresecret", "cloudcoredata", "cloudcorekeydata"
TOKEN_SECRET, TOKEN_DATA = "tokensecret", "tokendata"
PROJECT_NAME = "KubeEdge"
CA_SERIAL = 1024
CERT_VALIDITY = timedelta(days=100 * 364)
_MAX_SERIAL = (1 << 63) - 2
_PEM_BLOCK = re.compile(rb"-----BEGIN [A-Z0-9 ]+-----\s*(.*?)-----END [A-Z0-9 ]+-----", re.DOTALL)

SECRETS = GVR("", "v1", "secrets")
NAMESPACES = GVR("", "v1", "namespaces")


@dataclass(frozen=True, slots=True, kw_only=True)
class PKIConfig:
    """The ``cloudHub`` keys the PKI reads (spec §13.2)."""

    tls_ca_file: Path = Path("/etc/kubeedge/ca/rootCA.crt")
    tls_ca_key_file: Path = Path("/etc/kubeedge/ca/rootCA.key")
    tls_cert_file: Path = Path("/etc/kubeedge/certs/server.crt")
    tls_private_key_file: Path = Path("/etc/kubeedge/certs/server.key")
    advertise_address: tuple[str, ...] = ()
    dns_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyPair:
    """A certificate and its private key, as DER (what goes in Secrets) and parsed."""

    cert_der: bytes
    key_der: bytes
    certificate: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey

    @classmethod
    def from_der(cls, cert_der: bytes, key_der: bytes, *, source: str) -> KeyPair:
        """Parse and pair up DER material; ``source`` names where it came from in errors.

        Raises:
            ConfigError: unparseable, not an EC key, or the key does not belong to the certificate.
        """
        try:
            certificate = x509.load_der_x509_certificate(cert_der)
            key = serialization.load_der_private_key(key_der, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise ConfigError(f"{source}: not a DER certificate and private key: {exc}") from exc
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ConfigError(f"{source}: the private key is not an ECDSA key")
        if _spki(key.public_key()) != _spki(certificate.public_key()):
            raise ConfigError(f"{source}: the private key does not belong to the certificate")
        return cls(cert_der=cert_der, key_der=key_der, certificate=certificate, private_key=key)

    @classmethod
    def from_objects(cls, certificate: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> KeyPair:
        """A pair for a freshly made certificate and key (the key kept as SEC1 DER)."""
        return cls(
            cert_der=certificate.public_bytes(serialization.Encoding.DER),
            key_der=key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
            ),
            certificate=certificate,
            private_key=key,
        )

    def cert_pem(self) -> bytes:
        """The certificate as PEM."""
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def key_pem(self) -> bytes:
        """The key as an ``EC PRIVATE KEY`` PEM."""
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CloudPKI:
    """The CA and CloudCore's serving certificate."""

    ca: KeyPair
    server: KeyPair

    def server_ssl_context(self, *, require_client_cert: bool) -> ssl.SSLContext:
        """A TLS 1.2+ server context with CloudCore's certificate, trusting client certs of the CA.

        ``require_client_cert`` False asks for a client certificate without requiring one (the
        cert server: a first join has only a token); True requires one (the hub).
        """
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cadata=self.ca.cert_pem().decode())
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.verify_mode = ssl.CERT_REQUIRED if require_client_cert else ssl.CERT_OPTIONAL
        # ssl loads key material from files only: a private temp dir, removed at once.
        with tempfile.TemporaryDirectory(prefix="kubeedge-cloudhub-") as tmp:
            cert_file, key_file = Path(tmp) / "server.crt", Path(tmp) / "server.key"
            cert_file.write_bytes(self.server.cert_pem())
            key_file.touch(mode=0o600)
            key_file.write_bytes(self.server.key_pem())
            ctx.load_cert_chain(str(cert_file), str(key_file))
        return ctx


def _spki(key: CertificatePublicKeyTypes) -> bytes:
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _seconds(now: datetime) -> datetime:
    return now.replace(microsecond=0)


def build_ca(key: ec.EllipticCurvePrivateKey, *, now: datetime) -> x509.Certificate:
    """The self-signed KubeEdge CA for ``key``, valid from ``now`` for 100 x 364 days."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, PROJECT_NAME)])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(CA_SERIAL)
        .not_valid_before(_seconds(now))
        .not_valid_after(_seconds(now) + CERT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def issue(
    ca: KeyPair,
    public_key: ec.EllipticCurvePublicKey,
    *,
    subject: x509.Name,
    usages: Sequence[x509.ObjectIdentifier],
    names: Sequence[x509.GeneralName],
    now: datetime,
    validity: timedelta,
) -> x509.Certificate:
    """A leaf certificate for ``public_key``, signed by ``ca``, valid ``validity`` from ``now``."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(public_key)
        .serial_number(secrets.randbelow(_MAX_SERIAL) + 1)  # Go: rand.Int(MaxInt64); 0 is not allowed here
        .not_valid_before(_seconds(now))
        .not_valid_after(_seconds(now) + validity)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(_authority_key_identifier(ca), critical=False)
    )
    if usages:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(usages)), critical=False)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
    return builder.sign(ca.private_key, hashes.SHA256())


def _authority_key_identifier(ca: KeyPair) -> x509.AuthorityKeyIdentifier:
    # As Go does: the issuer's own subject key identifier if it has one.
    try:
        ski = ca.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    except x509.ExtensionNotFound:
        return x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.private_key.public_key())
    return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)


def _server_names(config: PKIConfig) -> list[x509.GeneralName]:
    # Go's order: DNS names, then IP addresses.
    names: list[x509.GeneralName] = [x509.DNSName(name) for name in config.dns_names if name]
    for address in config.advertise_address:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(address)))
        except ValueError as exc:
            raise ConfigError(f"cloudHub.advertiseAddress: {address!r} is not an IP address") from exc
    return names


def build_server_certificate(
    ca: KeyPair, key: ec.EllipticCurvePrivateKey, config: PKIConfig, *, now: datetime
) -> x509.Certificate:
    """CloudCore's serving certificate: CN and O ``KubeEdge``, serverAuth, SANs from ``config``.

    Raises:
        ConfigError: an advertise address is not an IP address.
    """
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, PROJECT_NAME),
            x509.NameAttribute(NameOID.COMMON_NAME, PROJECT_NAME),
        ]
    )
    usages = [ExtendedKeyUsageOID.SERVER_AUTH]
    names = _server_names(config)
    return issue(ca, key.public_key(), subject=subject, usages=usages, names=names, now=now, validity=CERT_VALIDITY)


def server_certificate_problem(server: KeyPair, ca: KeyPair, config: PKIConfig, *, now: datetime) -> str | None:
    """Why a stored server certificate cannot be served any more, or ``None`` if it can."""
    try:
        server.certificate.verify_directly_issued_by(ca.certificate)
    except (ValueError, TypeError, InvalidSignature):
        return "it was not issued by the current CA"
    if server.certificate.not_valid_after_utc <= now:
        return "it has expired"
    try:
        present = server.certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        present = x509.SubjectAlternativeName([])
    missing = [str(name.value) for name in _server_names(config) if name not in present]
    return f"it lacks the SANs {', '.join(missing)}" if missing else None


# --- Secrets -----------------------------------------------------------------------------------


async def read_secret(kube: KubeClient, name: str) -> dict[str, bytes] | None:
    """The decoded data of Secret ``kubeedge/<name>``, or ``None`` if there is no such Secret."""
    try:
        secret = await kube.get(SECRETS, name, NAMESPACE)
    except KubeAPIError as exc:
        if exc.code == 404:
            return None
        raise
    return {key: base64.b64decode(value) for key, value in (secret.get("data") or {}).items()}


async def save_secret(kube: KubeClient, name: str, data: dict[str, bytes]) -> None:
    """Create or replace Secret ``kubeedge/<name>`` (type Opaque), creating the namespace if needed."""
    metadata: dict[str, str] = {"name": name, "namespace": NAMESPACE}
    body: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": metadata,
        "type": "Opaque",
        "data": {key: base64.b64encode(value).decode() for key, value in data.items()},
    }
    for _ in range(5):
        try:
            await kube.create(SECRETS, body, NAMESPACE)
            return
        except KubeAPIError as exc:
            if exc.code == 404:
                await _ensure_namespace(kube)
                continue
            if exc.code != 409:
                raise
        try:
            current = await kube.get(SECRETS, name, NAMESPACE)
            version = (current.get("metadata") or {}).get("resourceVersion", "")
            await kube.update(SECRETS, {**body, "metadata": {**metadata, "resourceVersion": version}}, NAMESPACE)
            return
        except KubeAPIError as exc:
            if exc.code not in (404, 409):  # deleted or changed meanwhile: go round again
                raise
    raise KubeAPIError(409, "Conflict", f"could not save Secret {NAMESPACE}/{name}: it kept changing")


async def _ensure_namespace(kube: KubeClient) -> None:
    try:
        await kube.create(NAMESPACES, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
        logger.info("Created namespace %s", NAMESPACE)
    except KubeAPIError as exc:
        if exc.code != 409:
            raise


# --- loading -----------------------------------------------------------------------------------


def _read_pem_pair(cert_file: Path, key_file: Path, *, keys: str) -> tuple[bytes, bytes] | None:
    has_cert, has_key = cert_file.exists(), key_file.exists()
    if not has_cert and not has_key:
        return None
    if has_cert != has_key:
        missing = key_file if has_cert else cert_file
        raise ConfigError(f"{keys}: both files must exist or neither; {missing} is missing")
    try:
        cert_pem, key_pem = cert_file.read_bytes(), key_file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{keys}: cannot read {exc.filename}: {exc.strerror}") from exc
    return _pem_body(cert_pem, cert_file), _pem_body(key_pem, key_file)


def _pem_body(pem: bytes, path: Path) -> bytes:
    # The exact bytes of the first PEM block (as Go's pem.Decode): the CA key's bytes are the
    # token's HMAC key, so they must not be re-encoded.
    match = _PEM_BLOCK.search(pem)
    try:
        if match:
            return base64.b64decode(b"".join(match.group(1).split()), validate=True)
    except ValueError as exc:
        raise ConfigError(f"{path}: the PEM block is not valid base64") from exc
    raise ConfigError(f"{path}: not a PEM file")


def _new_pair(build: Callable[[ec.EllipticCurvePrivateKey], x509.Certificate]) -> KeyPair:
    key = ec.generate_private_key(ec.SECP256R1())
    return KeyPair.from_objects(build(key), key)


async def _load_pair(
    kube: KubeClient,
    *,
    files: tuple[Path, Path, str],
    secret: tuple[str, str, str],
    issue_new: Callable[[], KeyPair],
    problem: Callable[[KeyPair], str | None] = lambda _: None,
) -> KeyPair:
    """Files if both exist, else the Secret (unless ``problem`` objects), else ``issue_new()``."""
    cert_file, key_file, keys = files
    name, cert_key, key_key = secret
    from_files = await asyncio.to_thread(_read_pem_pair, cert_file, key_file, keys=keys)
    stored = await read_secret(kube, name)
    pair: KeyPair | None = None
    if from_files is not None:
        pair = KeyPair.from_der(*from_files, source=str(cert_file))
        logger.info("Loaded %s from %s", keys, cert_file)
    elif stored and stored.get(cert_key) and stored.get(key_key):
        source = f"Secret {NAMESPACE}/{name}"
        pair = KeyPair.from_der(stored[cert_key], stored[key_key], source=source)
        reason = problem(pair)
        if reason:
            logger.warning("Replacing the certificate of %s: %s", source, reason)
            pair = None
    if pair is None:
        pair = issue_new()
        logger.info("Created a new certificate for Secret %s/%s", NAMESPACE, name)
    wanted = {cert_key: pair.cert_der, key_key: pair.key_der}
    if stored != wanted:
        await save_secret(kube, name, wanted)
    return pair


async def load_or_create(kube: KubeClient, config: PKIConfig, *, now: datetime) -> CloudPKI:
    """Load or create the CA and server certificate, and store both in their Secrets.

    Args:
        kube: a client of the cluster holding namespace ``kubeedge``.
        config: the cloudHub file paths and serving names.
        now: the current time (UTC), used as NotBefore of anything issued.

    Raises:
        ConfigError: no advertise address, half a file pair, or unusable material.
        KubeAPIError: the Secrets could not be read or written.
    """
    if not config.advertise_address:
        raise ConfigError("cloudHub.advertiseAddress must be specified")
    ca = await _load_pair(
        kube,
        files=(config.tls_ca_file, config.tls_ca_key_file, "cloudHub.tlsCAFile and tlsCAKeyFile"),
        secret=(CA_SECRET, CA_DATA, CA_KEY_DATA),
        issue_new=lambda: _new_pair(lambda key: build_ca(key, now=now)),
    )
    server = await _load_pair(
        kube,
        files=(config.tls_cert_file, config.tls_private_key_file, "cloudHub.tlsCertFile and tlsPrivateKeyFile"),
        secret=(CLOUDCORE_SECRET, CLOUDCORE_DATA, CLOUDCORE_KEY_DATA),
        issue_new=lambda: _new_pair(lambda key: build_server_certificate(ca, key, config, now=now)),
        problem=lambda pair: server_certificate_problem(pair, ca, config, now=now),
    )
    return CloudPKI(ca=ca, server=server)
