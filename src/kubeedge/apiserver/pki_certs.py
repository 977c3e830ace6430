"""Certificate policy of the apiserver PKI: what each certificate says and when to reissue it.

Pure functions over ``cryptography`` objects: no files, no clock (``now`` is passed in). The only
impurity is randomness (new keys, serial numbers). :mod:`kubeedge.apiserver.pki` decides which
files to read and write; this module decides what goes in them:

- every key is ECDSA P-256 (an operator-supplied RSA CA can still sign);
- the CA has ``CA:TRUE, pathlen:0`` and signs certificates only;
- a leaf has one extended key usage (serverAuth or clientAuth), never outlives its CA, and is
  backdated by one hour because edge devices often have skewed clocks;
- :func:`renewal_reason` says why a leaf must be reissued (wrong key, other CA, expiring within
  30 days, other subject or usage, SANs not covering what is required), or ``None``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from kubeedge.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes

__all__ = [
    "BACKDATE",
    "CA_COMMON_NAME",
    "CA_VALIDITY",
    "HOSTNAME",
    "KUBERNETES_SERVICE_NAMES",
    "LEAF_VALIDITY",
    "RENEW_BEFORE",
    "IssuerKey",
    "LeafProfile",
    "build_ca",
    "cert_pem",
    "client_subject",
    "general_name",
    "is_wildcard",
    "issue",
    "key_pem",
    "new_key",
    "public_key_der",
    "renewal_reason",
    "serving_names",
]

# Key types we can sign with: our own keys are ECDSA P-256; an operator-supplied CA may be RSA.
IssuerKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

CA_COMMON_NAME = "kubeedge-apiserver-ca"
KUBERNETES_SERVICE_NAMES = (
    "kubernetes",
    "kubernetes.default",
    "kubernetes.default.svc",
    "kubernetes.default.svc.cluster.local",
)
CA_VALIDITY = timedelta(days=3650)
LEAF_VALIDITY = timedelta(days=365)
RENEW_BEFORE = timedelta(days=30)
BACKDATE = timedelta(hours=1)

HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class LeafProfile:
    """What a leaf certificate must say: subject, extended key usage, and SANs."""

    label: str
    subject: x509.Name
    usage: x509.ObjectIdentifier
    names: tuple[x509.GeneralName, ...] = ()


def general_name(entry: str) -> x509.GeneralName:
    """An IP address or DNS name as a SAN entry.

    Raises:
        ConfigError: ``entry`` is neither.
    """
    try:
        return x509.IPAddress(ipaddress.ip_address(entry))
    except ValueError:
        pass
    host = entry.lower().rstrip(".")
    if not HOSTNAME.match(host):
        raise ConfigError(f"serving certificate name {entry!r} is neither an IP address nor a DNS name")
    return x509.DNSName(host)


def is_wildcard(address: str) -> bool:
    """Whether a bind address means "every interface" and so names no host."""
    try:
        return ipaddress.ip_address(address).is_unspecified
    except ValueError:
        return address in ("", "*")


def serving_names(bind_address: str, *, extra: Sequence[str] = ()) -> tuple[x509.GeneralName, ...]:
    """The SANs a serving certificate for ``bind_address`` must carry.

    A wildcard bind address (``0.0.0.0``, ``::``, ``""``) names no host and is left out; pass the
    names clients will use in ``extra``.

    Raises:
        ConfigError: an entry is neither an IP address nor a DNS name.
    """
    entries = [bind_address.strip("[]"), *extra, "localhost", "127.0.0.1", "::1", *KUBERNETES_SERVICE_NAMES]
    names: list[x509.GeneralName] = []
    for entry in entries:
        if is_wildcard(entry):
            continue
        name = general_name(entry)
        if name not in names:
            names.append(name)
    return tuple(names)


def new_key() -> ec.EllipticCurvePrivateKey:
    """A fresh ECDSA P-256 private key."""
    return ec.generate_private_key(ec.SECP256R1())


def key_pem(key: IssuerKey) -> bytes:
    """An unencrypted PKCS#8 PEM private key."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def cert_pem(cert: x509.Certificate) -> bytes:
    """A PEM certificate."""
    return cert.public_bytes(serialization.Encoding.PEM)


def public_key_der(public_key: CertificatePublicKeyTypes) -> bytes:
    """The DER SubjectPublicKeyInfo of a public key: equal bytes mean the same key."""
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _key_usage(*, is_ca: bool) -> x509.KeyUsage:
    # ECDSA keys sign; they never encipher, so keyEncipherment (an RSA-ism) stays off.
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=is_ca,
        crl_sign=is_ca,
        encipher_only=False,
        decipher_only=False,
    )


def build_ca(key: IssuerKey, *, now: datetime) -> x509.Certificate:
    """A self-signed CA certificate, CN ``kubeedge-apiserver-ca``, valid 10 years from ``now``."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_COMMON_NAME)])
    usage = _key_usage(is_ca=True)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def issue(
    ca_cert: x509.Certificate,
    ca_key: IssuerKey,
    *,
    profile: LeafProfile,
    key: ec.EllipticCurvePrivateKey,
    now: datetime,
    validity: timedelta,
) -> x509.Certificate:
    """A leaf certificate for ``key`` as ``profile`` describes, signed by the CA."""
    # A leaf never outlives its CA: clients would reject the chain from then on anyway.
    not_after = min(now + validity, ca_cert.not_valid_after_utc)
    usage = _key_usage(is_ca=False)
    builder = (
        x509.CertificateBuilder()
        .subject_name(profile.subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage([profile.usage]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    if profile.names:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(profile.names)), critical=False)
    return builder.sign(ca_key, hashes.SHA256())


def client_subject(common_name: str, organizations: Sequence[str]) -> x509.Name:
    """``O=<each organization>, CN=<common_name>``: kube reads the user from CN, groups from O."""
    attributes = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, o) for o in organizations]
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def renewal_reason(
    cert: x509.Certificate,
    key: IssuerKey,
    *,
    ca_cert: x509.Certificate,
    subject: x509.Name,
    usage: x509.ObjectIdentifier,
    names: Sequence[x509.GeneralName] = (),
    now: datetime,
) -> str | None:
    """Why a leaf certificate must be reissued, or ``None`` if it is still good. Pure."""
    if public_key_der(cert.public_key()) != public_key_der(key.public_key()):
        return "its key does not match it"
    try:
        cert.verify_directly_issued_by(ca_cert)
    except (ValueError, TypeError, InvalidSignature):
        return "it was not issued by the current CA"
    if now < cert.not_valid_before_utc:
        return "it is not valid yet"
    if cert.not_valid_after_utc - now <= RENEW_BEFORE:
        return f"it expires at {cert.not_valid_after_utc.isoformat()}"
    if cert.subject != subject:
        return "its subject changed"
    try:
        usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return "it has no extended key usage"
    if usage not in usages:
        return "it lacks the required extended key usage"
    if names:
        try:
            present = set(cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
        except x509.ExtensionNotFound:
            present = set()
        missing = [str(n.value) for n in names if n not in present]
        if missing:
            return "its names do not cover " + ", ".join(missing)
    return None
