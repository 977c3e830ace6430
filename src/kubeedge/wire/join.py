"""Joining a node: the join token, the certificate-request facts and headers both sides share.

KubeEdge's join protocol (spec §4.2-4.4) is small and exact, and the cloud's cert server and the
edge's certificate manager must agree on every byte of it, so it lives here, pure and
synchronous (time comes in as an argument):

- the join token is ``<sha256hex(CA DER)>.<JWT>``: four dot-separated parts. The JWT is HS256,
  keyed with the CA private key's DER bytes, and carries one claim, ``exp``. The edge checks the
  first part against the CA it downloaded and sends the JWT as a bearer token; the cloud checks
  the signature (any HMAC algorithm, as KubeEdge's ``jwt.Parse`` does) and the expiry;
- an edge certificate request has subject C=CN, ST=Zhejiang, L=Hangzhou, O=system:nodes,
  CN=system:node:<node>; renewal is allowed to a certificate whose subject names the node the
  request is for (or to KubeEdge's legacy O=KubeEdge, CN=kubeedge.io);
- the ``ExtKeyUsages`` header is a JSON array of Go ``x509.ExtKeyUsage`` numbers.

Rejections raise :class:`CredentialError` (a :class:`~kubeedge.errors.ProtocolError`) whose message
is the reason KubeEdge (and golang-jwt) would give, because the cloud puts it in its 401 answer.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeedge.errors import ProtocolError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "AUTHORIZATION_HEADER",
    "CA_PATH",
    "CERT_PATH",
    "EXT_KEY_USAGES_HEADER",
    "LEGACY_COMMON_NAME",
    "LEGACY_ORGANIZATION",
    "MAX_BODY_BYTES",
    "NODES_ORGANIZATION",
    "NODE_NAME_HEADER",
    "NODE_PATH",
    "CredentialError",
    "ExtKeyUsage",
    "JoinToken",
    "ca_hash",
    "check_node_subject",
    "create_token",
    "decode_ext_key_usages",
    "edge_csr_subject",
    "encode_ext_key_usages",
    "encode_jwt",
    "node_common_name",
    "parse_token",
    "verify_jwt",
]

CA_PATH = "/ca.crt"
CERT_PATH = "/edge.crt"
NODE_PATH = "/node/{nodename}"
NODE_NAME_HEADER = "NodeName"
EXT_KEY_USAGES_HEADER = "ExtKeyUsages"
AUTHORIZATION_HEADER = "Authorization"
MAX_BODY_BYTES = 1 << 20

NODES_ORGANIZATION = "system:nodes"
LEGACY_ORGANIZATION = "KubeEdge"
LEGACY_COMMON_NAME = "kubeedge.io"

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_HMAC_ALGORITHMS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


class CredentialError(ProtocolError):
    """A join credential (token, bearer JWT, certificate subject) was rejected; the message says why."""


class ExtKeyUsage(enum.IntEnum):
    """Go's ``x509.ExtKeyUsage`` numbering, as sent in the ``ExtKeyUsages`` header."""

    ANY = 0
    SERVER_AUTH = 1
    CLIENT_AUTH = 2
    CODE_SIGNING = 3
    EMAIL_PROTECTION = 4
    IPSEC_END_SYSTEM = 5
    IPSEC_TUNNEL = 6
    IPSEC_USER = 7
    TIME_STAMPING = 8
    OCSP_SIGNING = 9
    MICROSOFT_SERVER_GATED_CRYPTO = 10
    NETSCAPE_SERVER_GATED_CRYPTO = 11
    MICROSOFT_COMMERCIAL_CODE_SIGNING = 12
    MICROSOFT_KERNEL_CODE_SIGNING = 13

    @property
    def oid(self) -> x509.ObjectIdentifier:
        """The OID this usage is written as in a certificate."""
        return _USAGE_OIDS[self]


_USAGE_OIDS = {
    ExtKeyUsage.ANY: ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,
    ExtKeyUsage.SERVER_AUTH: ExtendedKeyUsageOID.SERVER_AUTH,
    ExtKeyUsage.CLIENT_AUTH: ExtendedKeyUsageOID.CLIENT_AUTH,
    ExtKeyUsage.CODE_SIGNING: ExtendedKeyUsageOID.CODE_SIGNING,
    ExtKeyUsage.EMAIL_PROTECTION: ExtendedKeyUsageOID.EMAIL_PROTECTION,
    ExtKeyUsage.IPSEC_END_SYSTEM: x509.ObjectIdentifier("1.3.6.1.5.5.7.3.5"),
    ExtKeyUsage.IPSEC_TUNNEL: x509.ObjectIdentifier("1.3.6.1.5.5.7.3.6"),
    ExtKeyUsage.IPSEC_USER: x509.ObjectIdentifier("1.3.6.1.5.5.7.3.7"),
    ExtKeyUsage.TIME_STAMPING: ExtendedKeyUsageOID.TIME_STAMPING,
    ExtKeyUsage.OCSP_SIGNING: ExtendedKeyUsageOID.OCSP_SIGNING,
    ExtKeyUsage.MICROSOFT_SERVER_GATED_CRYPTO: x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.3"),
    ExtKeyUsage.NETSCAPE_SERVER_GATED_CRYPTO: x509.ObjectIdentifier("2.16.840.1.113730.4.1"),
    ExtKeyUsage.MICROSOFT_COMMERCIAL_CODE_SIGNING: x509.ObjectIdentifier("1.3.6.1.4.1.311.2.1.22"),
    ExtKeyUsage.MICROSOFT_KERNEL_CODE_SIGNING: x509.ObjectIdentifier("1.3.6.1.4.1.311.61.1.1"),
}


# --- the token ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class JoinToken:
    """A parsed join token: the CA hash the edge must see, and the JWT it sends as bearer."""

    ca_hash: str
    jwt: str

    def __str__(self) -> str:
        return f"{self.ca_hash}.{self.jwt}"

    def check_ca(self, ca_der: bytes) -> None:
        """Check that ``ca_der`` is the CA this token was issued for.

        Raises:
            CredentialError: the CA's hash differs from the token's first part.
        """
        actual = ca_hash(ca_der)
        if not hmac.compare_digest(actual, self.ca_hash.lower()):
            raise CredentialError(
                f"token does not match the cloud's CA: the token expects CA hash {self.ca_hash}, "
                f"the CA served by the cloud hashes to {actual}"
            )


def ca_hash(ca_der: bytes) -> str:
    """The lower-case hex SHA-256 of a CA certificate's DER bytes."""
    return hashlib.sha256(ca_der).hexdigest()


def parse_token(token: str) -> JoinToken:
    """Split a join token into its CA hash and its JWT.

    Raises:
        CredentialError: the token does not have exactly four dot-separated parts.
    """
    parts = token.strip().split(".")
    if len(parts) != 4:
        raise CredentialError(
            f"token credentials are in the wrong format: expected 4 dot-separated parts, got {len(parts)}"
        )
    return JoinToken(ca_hash=parts[0], jwt=".".join(parts[1:]))


def create_token(*, ca_der: bytes, ca_key_der: bytes, expires_at: int) -> str:
    """A join token for the CA, valid until ``expires_at`` (Unix seconds)."""
    return f"{ca_hash(ca_der)}.{encode_jwt({'exp': expires_at}, ca_key_der)}"


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(segment: str) -> bytes:
    # golang-jwt decodes segments as strict unpadded base64url: no padding, no other characters.
    if not _BASE64URL.fullmatch(segment):
        raise binascii.Error("not unpadded base64url")
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _json(value: Any) -> bytes:
    # Go's encoding/json output: no spaces, map keys sorted.
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode()


def encode_jwt(claims: dict[str, Any], key: bytes, *, algorithm: str = "HS256") -> str:
    """A compact JWS over ``claims``, signed with HMAC ``algorithm`` (HS256, HS384, HS512)."""
    header = _b64encode(_json({"alg": algorithm, "typ": "JWT"}))
    payload = _b64encode(_json(claims))
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = hmac.new(key, signing_input, _HMAC_ALGORITHMS[algorithm]).digest()
    return f"{header}.{payload}.{_b64encode(signature)}"


def _decode_segment(segment: str, what: str) -> dict[str, Any]:
    try:
        raw = _b64decode(segment)
    except (binascii.Error, ValueError) as exc:
        raise CredentialError(f"token is malformed: could not base64 decode {what}") from exc
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CredentialError(f"token is malformed: could not JSON decode {what}") from exc
    if not isinstance(value, dict):
        raise CredentialError(f"token is malformed: could not JSON decode {what}")
    return value


def _numeric_claim(claims: dict[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CredentialError(f"token has invalid claims: {name} is invalid")
    return float(value)


def verify_jwt(jwt: str, key: bytes, *, now: float) -> dict[str, Any]:
    """Check a bearer JWT's HMAC signature and its time claims; return its claims.

    As golang-jwt's ``Parse`` does: any HMAC algorithm is accepted; ``exp`` (if present) must
    be later than ``now``; ``nbf`` (if present) must not be later than ``now``.

    Args:
        jwt: the compact token (three dot-separated parts).
        key: the HMAC key (the CA private key's DER bytes).
        now: the current time in Unix seconds.

    Raises:
        CredentialError: malformed, not HMAC, bad signature, expired or not yet valid.
    """
    parts = jwt.split(".")
    if len(parts) != 3:
        raise CredentialError("token is malformed: token contains an invalid number of segments")
    header = _decode_segment(parts[0], "header")
    claims = _decode_segment(parts[1], "claim")
    algorithm = header.get("alg")
    digest = _HMAC_ALGORITHMS.get(algorithm) if isinstance(algorithm, str) else None
    if digest is None:
        raise CredentialError(
            "token is unverifiable: error while executing keyfunc: "
            f"invalid token method type, want HMAC, but is {algorithm!r}"
        )
    try:
        signature = _b64decode(parts[2])
    except (binascii.Error, ValueError) as exc:
        raise CredentialError("token is malformed: could not base64 decode signature") from exc
    expected = hmac.new(key, f"{parts[0]}.{parts[1]}".encode("ascii"), digest).digest()
    if not hmac.compare_digest(signature, expected):
        raise CredentialError("token signature is invalid: signature is invalid")
    expires = _numeric_claim(claims, "exp")
    if expires is not None and not now < expires:
        raise CredentialError("token has invalid claims: token is expired")
    not_before = _numeric_claim(claims, "nbf")
    if not_before is not None and now < not_before:
        raise CredentialError("token has invalid claims: token is not valid yet")
    return claims


# --- certificate requests and subjects --------------------------------------------------------


def node_common_name(node_name: str) -> str:
    """The certificate common name of a node: ``system:node:<node>``."""
    return f"system:node:{node_name}"


def edge_csr_subject(node_name: str) -> x509.Name:
    """The subject of an edge node's certificate request, in Go's RDN order."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Zhejiang"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "Hangzhou"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, NODES_ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, node_common_name(node_name)),
        ]
    )


def check_node_subject(common_name: str, organizations: Sequence[str], node_name: str) -> None:
    """Check that a client certificate's subject may act for ``node_name``.

    Accepted: O[0]=system:nodes with CN=system:node:<node_name>, or KubeEdge's legacy
    O[0]=KubeEdge with CN=kubeedge.io (which names no node).

    Raises:
        CredentialError: the subject names another node, or no node at all.
    """
    first = organizations[0] if organizations else ""
    if first == LEGACY_ORGANIZATION and common_name == LEGACY_COMMON_NAME:
        return
    if first == NODES_ORGANIZATION and common_name == node_common_name(node_name):
        return
    raise CredentialError("request node name is not match with the certificate")


def encode_ext_key_usages(usages: Iterable[ExtKeyUsage]) -> str:
    """The ``ExtKeyUsages`` header value: a JSON array of Go usage numbers (``[1,2]``)."""
    return _json([int(usage) for usage in usages]).decode()


def decode_ext_key_usages(header: str) -> tuple[ExtKeyUsage, ...]:
    """Parse an ``ExtKeyUsages`` header; an absent (empty) header means ``[clientAuth]``.

    Raises:
        ProtocolError: not a JSON array of integers, empty, or a number Go does not know.
    """
    if not header:
        return (ExtKeyUsage.CLIENT_AUTH,)
    try:
        value = json.loads(header)
    except ValueError as exc:
        raise ProtocolError(f"unmarshal http header ExtKeyUsages fail, err: {exc}") from exc
    if value is None:
        value = []
    if not isinstance(value, list) or not all(type(item) is int for item in value):
        raise ProtocolError(f"unmarshal http header ExtKeyUsages fail, err: {header!r} is not an array of integers")
    if not value:
        raise ProtocolError("must specify at least one ExtKeyUsage")
    try:
        return tuple(ExtKeyUsage(item) for item in value)
    except ValueError as exc:
        raise ProtocolError("x509: unknown extended key usage") from exc
