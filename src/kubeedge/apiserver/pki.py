"""The apiserver's own PKI: a CA, a serving certificate, admin credentials, and the TLS context.

On first start :func:`load_or_create` creates, under ``DATA_DIR/pki``:

- ``ca.crt``/``ca.key``: an ECDSA P-256 CA, CN ``kubeedge-apiserver-ca``, valid 10 years;
- ``apiserver.crt``/``apiserver.key``: the serving certificate (serverAuth, 1 year) for the bind
  address, ``localhost``, ``127.0.0.1``, ``::1`` and the in-cluster ``kubernetes.default...`` names;
- ``admin.crt``/``admin.key``: CN ``kubernetes-admin``, O ``system:masters`` (clientAuth, 1 year);
- ``tokens.csv``: kube's static token file, holding a random admin bearer token. Operators may add
  lines for other users; we never rewrite an existing file.

Later starts reuse all of it. The CA is never replaced behind the operator's back: a missing half,
a key that does not match, or an expired CA is a :class:`~kubeedge.errors.StorageError`, because a
new CA would silently invalidate every credential issued so far. Leaf certificates are cheap and
are reissued when missing, expiring within 30 days, not issued by the current CA, not matching
their key, or (serving) not covering the bind address, so that a new ``--bind-address`` works on
the same data directory with the same CA.

Certificates are backdated by one hour: edge devices often have skewed clocks. The certificate
policy itself is in :mod:`.pki_certs`, the file handling (and :func:`write_kubeconfig`, re-exported
here) in :mod:`.pki_files`.
"""

from __future__ import annotations

import logging
import secrets
import socket
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeedge.apiserver import pki_certs, pki_files
from kubeedge.apiserver.auth import tokenfile
from kubeedge.apiserver.pki_files import write_kubeconfig
from kubeedge.errors import StorageError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = [
    "ADMIN_GROUP",
    "ADMIN_USER",
    "PKIPaths",
    "ServerPKI",
    "build_ssl_context",
    "issue_client_certificate",
    "load_or_create",
    "write_kubeconfig",
]

logger = logging.getLogger(__name__)

SERVING_COMMON_NAME = "kube-apiserver"
ADMIN_USER = "kubernetes-admin"
ADMIN_GROUP = "system:masters"
CERT_MODE = 0o644


@dataclass(frozen=True, slots=True, kw_only=True)
class PKIPaths:
    """Where each PKI file lives under a data directory."""

    directory: Path
    ca_cert: Path
    ca_key: Path
    serving_cert: Path
    serving_key: Path
    admin_cert: Path
    admin_key: Path
    tokens: Path

    @classmethod
    def under(cls, data_dir: Path) -> PKIPaths:
        directory = data_dir / "pki"
        return cls(
            directory=directory,
            ca_cert=directory / "ca.crt",
            ca_key=directory / "ca.key",
            serving_cert=directory / "apiserver.crt",
            serving_key=directory / "apiserver.key",
            admin_cert=directory / "admin.crt",
            admin_key=directory / "admin.key",
            tokens=directory / "tokens.csv",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerPKI:
    """The loaded PKI. ``admin_token`` is ``None`` if an operator removed it from ``tokens.csv``."""

    paths: PKIPaths
    ca_certificate: x509.Certificate
    ca_key: pki_certs.IssuerKey = field(repr=False)
    ca_pem: bytes
    serving_cert_pem: bytes
    serving_key_pem: bytes = field(repr=False)
    admin_cert_pem: bytes
    admin_key_pem: bytes = field(repr=False)
    admin_token: str | None = field(repr=False)


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")


def _load_ca(paths: PKIPaths, *, now: datetime) -> tuple[x509.Certificate, pki_certs.IssuerKey, bytes]:
    cert_data = pki_files.read_optional(paths.ca_cert)
    key_data = pki_files.read_optional(paths.ca_key)
    if cert_data is None and key_data is None:
        logger.info("Creating the apiserver CA in %s", paths.directory)
        new_key = pki_certs.new_key()
        new_cert = pki_certs.build_ca(new_key, now=now)
        pki_files.atomic_write(paths.ca_key, pki_certs.key_pem(new_key), mode=pki_files.PRIVATE_MODE)
        cert_pem = pki_certs.cert_pem(new_cert)
        pki_files.atomic_write(paths.ca_cert, cert_pem, mode=CERT_MODE)
        return new_cert, new_key, cert_pem
    if cert_data is None or key_data is None:
        missing, present = (paths.ca_cert, paths.ca_key) if cert_data is None else (paths.ca_key, paths.ca_cert)
        raise StorageError(
            f"{missing}: missing while {present} exists; restore it, or remove both to create a new CA "
            "(every issued credential then stops working)"
        )
    cert = pki_files.load_certificate(paths.ca_cert, cert_data)
    key = pki_files.load_private_key(paths.ca_key, key_data)
    pki_files.ensure_private_mode(paths.ca_key)
    if pki_certs.public_key_der(cert.public_key()) != pki_certs.public_key_der(key.public_key()):
        raise StorageError(f"{paths.ca_key}: does not match the certificate in {paths.ca_cert}")
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise StorageError(f"{paths.ca_cert}: not a CA certificate (basicConstraints CA:TRUE missing)")
    if now >= cert.not_valid_after_utc:
        raise StorageError(
            f"{paths.ca_cert}: the CA expired at {cert.not_valid_after_utc.isoformat()}; "
            f"remove {paths.directory} to create a new PKI"
        )
    return cert, key, cert_data


def _ensure_leaf(
    cert_path: Path,
    key_path: Path,
    *,
    ca_cert: x509.Certificate,
    ca_key: pki_certs.IssuerKey,
    profile: pki_certs.LeafProfile,
    now: datetime,
) -> tuple[bytes, bytes]:
    cert_data = pki_files.read_optional(cert_path)
    key_data = pki_files.read_optional(key_path)
    if cert_data is None or key_data is None:
        reason: str | None = "it is missing"
    else:
        cert = pki_files.load_certificate(cert_path, cert_data)
        key = pki_files.load_private_key(key_path, key_data)
        pki_files.ensure_private_mode(key_path)
        reason = pki_certs.renewal_reason(
            cert,
            key,
            ca_cert=ca_cert,
            subject=profile.subject,
            usage=profile.usage,
            names=profile.names,
            now=now,
        )
        if reason is None:
            return cert_data, key_data
    logger.info("Issuing the %s certificate %s: %s", profile.label, cert_path, reason)
    new_key = pki_certs.new_key()
    new_cert = pki_certs.issue(ca_cert, ca_key, profile=profile, key=new_key, now=now, validity=pki_certs.LEAF_VALIDITY)
    key_pem, cert_pem = pki_certs.key_pem(new_key), pki_certs.cert_pem(new_cert)
    # Key first: after a crash in between, the old certificate no longer matches and is reissued.
    pki_files.atomic_write(key_path, key_pem, mode=pki_files.PRIVATE_MODE)
    pki_files.atomic_write(cert_path, cert_pem, mode=CERT_MODE)
    return cert_pem, key_pem


def _ensure_admin_token(path: Path) -> str | None:
    data = pki_files.read_optional(path)
    if data is None:
        token = secrets.token_urlsafe(32)
        record = tokenfile.StaticToken(token=token, user=ADMIN_USER, uid=ADMIN_USER, groups=(ADMIN_GROUP,))
        text = tokenfile.format_token_file([record])
        pki_files.atomic_write(path, text.encode("utf-8"), mode=pki_files.PRIVATE_MODE)
        return token
    pki_files.ensure_private_mode(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StorageError(f"token file {path}: not UTF-8 text") from None
    for record in tokenfile.parse_token_file(text, source=str(path)):
        if record.user == ADMIN_USER and ADMIN_GROUP in record.groups:
            return record.token
    logger.info("No %s token in %s; the admin kubeconfig will use its certificate only", ADMIN_USER, path)
    return None


def load_or_create(data_dir: Path, *, bind_address: str, now: datetime, extra_sans: Sequence[str] = ()) -> ServerPKI:
    """Load the PKI under ``data_dir/pki``, creating or renewing what is needed (module docstring).

    Args:
        data_dir: the apiserver's data directory; it and ``pki/`` are made ``0700``.
        bind_address: the address the server listens on; the serving certificate must name it. A
            wildcard address adds this host's name instead.
        now: the current time (timezone-aware).
        extra_sans: more IP addresses or DNS names for the serving certificate.

    Raises:
        StorageError: a file is unreadable or corrupt, or the CA is incomplete or expired.
        ConfigError: the bind address or an extra SAN is not an IP address or DNS name.
    """
    _require_aware(now)
    paths = PKIPaths.under(data_dir)
    pki_files.ensure_private_dir(data_dir)
    pki_files.ensure_private_dir(paths.directory)
    extra = list(extra_sans)
    if pki_certs.is_wildcard(bind_address.strip("[]")):
        hostname = socket.gethostname().lower()
        if hostname and pki_certs.HOSTNAME.match(hostname):
            extra.append(hostname)
    ca_cert, ca_key, ca_pem = _load_ca(paths, now=now)
    serving = pki_certs.LeafProfile(
        label="serving",
        subject=x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SERVING_COMMON_NAME)]),
        usage=ExtendedKeyUsageOID.SERVER_AUTH,
        names=pki_certs.serving_names(bind_address, extra=extra),
    )
    serving_cert_pem, serving_key_pem = _ensure_leaf(
        paths.serving_cert, paths.serving_key, ca_cert=ca_cert, ca_key=ca_key, profile=serving, now=now
    )
    admin = pki_certs.LeafProfile(
        label="admin client",
        subject=pki_certs.client_subject(ADMIN_USER, [ADMIN_GROUP]),
        usage=ExtendedKeyUsageOID.CLIENT_AUTH,
    )
    admin_cert_pem, admin_key_pem = _ensure_leaf(
        paths.admin_cert, paths.admin_key, ca_cert=ca_cert, ca_key=ca_key, profile=admin, now=now
    )
    return ServerPKI(
        paths=paths,
        ca_certificate=ca_cert,
        ca_key=ca_key,
        ca_pem=ca_pem,
        serving_cert_pem=serving_cert_pem,
        serving_key_pem=serving_key_pem,
        admin_cert_pem=admin_cert_pem,
        admin_key_pem=admin_key_pem,
        admin_token=_ensure_admin_token(paths.tokens),
    )


def issue_client_certificate(
    pki: ServerPKI,
    *,
    common_name: str,
    organizations: Sequence[str],
    days: int,
    now: datetime | None = None,
) -> tuple[bytes, bytes]:
    """Issue a client certificate (clientAuth) signed by the CA, e.g. ``system:node:edge-1``/``system:nodes``.

    Args:
        pki: the loaded PKI.
        common_name: the user name.
        organizations: the groups, one O attribute each.
        days: validity in days (capped at the CA's expiry).
        now: the issue time; defaults to the current UTC time.

    Returns:
        ``(cert_pem, key_pem)``; the key is a new ECDSA P-256 key in PKCS#8.
    """
    if days <= 0:
        raise ValueError("days must be positive")
    if not common_name:
        raise ValueError("common_name must not be empty")
    issued_at = now if now is not None else datetime.now(UTC)
    _require_aware(issued_at)
    profile = pki_certs.LeafProfile(
        label="client",
        subject=pki_certs.client_subject(common_name, organizations),
        usage=ExtendedKeyUsageOID.CLIENT_AUTH,
    )
    key = pki_certs.new_key()
    cert = pki_certs.issue(
        pki.ca_certificate, pki.ca_key, profile=profile, key=key, now=issued_at, validity=timedelta(days=days)
    )
    return pki_certs.cert_pem(cert), pki_certs.key_pem(key)


def build_ssl_context(pki: ServerPKI) -> ssl.SSLContext:
    """The server's TLS context: TLS 1.2+, our serving chain, optional client certs, HTTP/1.1 only.

    A client certificate is optional, but when presented it must verify against our CA or the
    handshake fails. ALPN offers only ``http/1.1``: we do not speak HTTP/2.

    Raises:
        StorageError: the serving certificate or key cannot be loaded.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(pki.paths.serving_cert, pki.paths.serving_key)
    except (OSError, ssl.SSLError) as exc:
        raise StorageError(
            f"{pki.paths.serving_cert}, {pki.paths.serving_key}: cannot load the serving certificate: {exc}"
        ) from exc
    context.load_verify_locations(cadata=pki.ca_pem.decode("ascii"))
    context.verify_mode = ssl.CERT_OPTIONAL
    context.set_alpn_protocols(["http/1.1"])
    return context
