"""Authentication: who is making this request?

The rules follow kube-apiserver's authenticator chain, in its order:

1. a client certificate, already verified by TLS against our CA: user = subject CN, groups = the
   subject O values. A certificate without a CN has no opinion; one not valid for client auth is a
   failure;
2. ``Authorization: Bearer <token>`` looked up in the static token file. An unknown token is a
   failure. An ``Authorization`` header of another scheme has no opinion;
3. when nothing succeeded: any failure means 401 (kube never downgrades a bad credential to
   anonymous), otherwise the request is anonymous (``system:anonymous``).

Every authenticated user also gets the group ``system:authenticated``. :meth:`Authenticator.authenticate`
returns ``None`` for a 401 and lets the HTTP layer raise ``StatusError.unauthorized()``.

This module does no network I/O and knows nothing of aiohttp: the HTTP layer hands over the DER
bytes of the peer certificate (``ssl_object.getpeercert(binary_form=True)``) and the header text.
Tokens are never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeedge.apiserver.auth import tokenfile

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

__all__ = [
    "ANONYMOUS",
    "AUTHENTICATED_GROUP",
    "CREDENTIAL_ID_KEY",
    "UNAUTHENTICATED_GROUP",
    "Authenticator",
    "PeerCertificateSource",
    "UserInfo",
    "bearer_token",
    "peer_certificate",
    "peer_certificate_from_der",
    "user_from_certificate",
]

logger = logging.getLogger(__name__)

AUTHENTICATED_GROUP = "system:authenticated"
UNAUTHENTICATED_GROUP = "system:unauthenticated"
# kube-apiserver (1.30+) records which credential authenticated an x509 user in this extra key.
CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id"


@dataclass(frozen=True, slots=True, kw_only=True)
class UserInfo:
    """An authenticated (or anonymous) user, as apiserver's ``user.Info``."""

    name: str
    uid: str = ""
    groups: tuple[str, ...] = ()
    # Excluded from the hash (a dict is not hashable); equality still compares it.
    extra: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    def in_group(self, group: str) -> bool:
        return group in self.groups


ANONYMOUS = UserInfo(name="system:anonymous", groups=(UNAUTHENTICATED_GROUP,))


class PeerCertificateSource(Protocol):
    """What :func:`peer_certificate` needs: ``ssl.SSLObject`` and ``ssl.SSLSocket`` both fit."""

    def getpeercert(self, binary_form: bool = ...) -> object: ...


def peer_certificate_from_der(der: bytes | None) -> x509.Certificate | None:
    """Parse the DER bytes of a TLS peer certificate; ``None`` when the peer sent none.

    TLS has already parsed and verified these bytes, so a parse failure here means the TLS layer
    and ``cryptography`` disagree; the peer is then treated as having sent no certificate.
    """
    if not der:
        return None
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError as exc:
        logger.warning("Cannot parse the TLS peer certificate, ignoring it: %s", exc)
        return None


def peer_certificate(ssl_object: PeerCertificateSource | None) -> x509.Certificate | None:
    """The verified client certificate of a TLS connection, or ``None`` (plain TCP or no cert)."""
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(binary_form=True)
    return peer_certificate_from_der(der if isinstance(der, bytes) else None)


def _with_authenticated(groups: Iterable[str]) -> tuple[str, ...]:
    ordered = tuple(groups)
    return ordered if AUTHENTICATED_GROUP in ordered else (*ordered, AUTHENTICATED_GROUP)


def _allows_client_auth(cert: x509.Certificate) -> bool:
    try:
        usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return True  # no EKU extension: every usage is allowed (RFC 5280 4.2.1.12)
    return ExtendedKeyUsageOID.CLIENT_AUTH in usages or ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE in usages


def user_from_certificate(cert: x509.Certificate) -> UserInfo | None:
    """The user a verified client certificate names (kube's ``CommonNameUserConversion``).

    Returns ``None`` when the certificate has no common name (no opinion). Does not check EKU.
    """
    common_names = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    name = common_names[0] if common_names else ""
    if not isinstance(name, str) or not name:
        return None
    organizations = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    groups = [o for o in organizations if isinstance(o, str)]
    fingerprint = cert.fingerprint(hashes.SHA256()).hex()
    return UserInfo(
        name=name,
        groups=_with_authenticated(groups),
        extra={CREDENTIAL_ID_KEY: (f"X509SHA256={fingerprint}",)},
    )


def bearer_token(authorization_header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; ``None`` for any other header.

    Mirrors kube's parsing: surrounding space is trimmed, the scheme is case-insensitive, and the
    token is the second space-separated word.
    """
    if not authorization_header:
        return None
    parts = authorization_header.strip().split(" ", 2)
    if len(parts) < 2 or parts[0].lower() != "bearer" or not parts[1]:
        return None
    return parts[1]


class Authenticator:
    """Client certificates, then static bearer tokens, then anonymous; see the module docstring."""

    def __init__(self, *, tokens: Iterable[tokenfile.StaticToken] = (), anonymous: bool = True) -> None:
        # Tokens are looked up by their SHA-256 digest, then compared with compare_digest: the
        # dict lookup's timing depends only on a hash an attacker cannot steer toward a real token.
        self._tokens: dict[bytes, tuple[str, UserInfo]] = {}
        self._anonymous = anonymous
        for record in tokens:
            user = UserInfo(name=record.user, uid=record.uid, groups=_with_authenticated(record.groups))
            self._tokens[_digest(record.token)] = (record.token, user)

    @classmethod
    def from_token_file(cls, path: Path, *, anonymous: bool = True) -> Authenticator:
        """Build an authenticator from a static token file (read once, at start).

        Raises:
            StorageError: the file cannot be read or is malformed.
        """
        return cls(tokens=tokenfile.load_token_file(path), anonymous=anonymous)

    def authenticate(self, *, peer_cert: x509.Certificate | None, authorization_header: str | None) -> UserInfo | None:
        """Identify the user of one request.

        Args:
            peer_cert: the client certificate, already verified by TLS against our CA, or ``None``.
            authorization_header: the raw ``Authorization`` header, or ``None``.

        Returns:
            The user; :data:`ANONYMOUS` when no credential was presented; ``None`` when a presented
            credential is invalid (the caller answers 401).
        """
        failed = False
        if peer_cert is not None:
            if _allows_client_auth(peer_cert):
                user = user_from_certificate(peer_cert)
                if user is not None:
                    return user
            else:
                failed = True
        token = bearer_token(authorization_header)
        if token is not None:
            entry = self._tokens.get(_digest(token))
            if entry is not None and hmac.compare_digest(entry[0].encode(), token.encode()):
                return entry[1]
            failed = True
        if failed or not self._anonymous:
            return None
        return ANONYMOUS


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()
