"""The cert server's pure rules: bearer tokens, renewing client certificates, CSR signing."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeedge.cloud.hub import certserver, pki
from kubeedge.errors import ProtocolError
from kubeedge.wire import join

NOW = datetime(2026, 3, 1, tzinfo=UTC)
NOW_TS = NOW.timestamp()


def _pair(build: Callable[[ec.EllipticCurvePrivateKey], x509.Certificate]) -> pki.KeyPair:
    key = ec.generate_private_key(ec.SECP256R1())
    return pki.KeyPair.from_objects(build(key), key)


CA = _pair(lambda key: pki.build_ca(key, now=NOW))
OTHER_CA = _pair(lambda key: pki.build_ca(key, now=NOW))


def _name(cn: str, *orgs: str) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, org) for org in orgs]
    return x509.Name([*attributes, x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _client(
    cn: str = "system:node:a",
    orgs: tuple[str, ...] = ("system:nodes",),
    *,
    ca: pki.KeyPair = CA,
    usages: tuple[x509.ObjectIdentifier, ...] = (ExtendedKeyUsageOID.CLIENT_AUTH,),
    days: int = 365,
) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    return pki.issue(
        ca, key.public_key(), subject=_name(cn, *orgs), usages=usages, names=(), now=NOW, validity=timedelta(days=days)
    )


def _csr(
    subject: x509.Name,
    *,
    names: list[x509.GeneralName] | None = None,
    key: CertificateIssuerPrivateKeyTypes | None = None,
) -> bytes:
    builder = x509.CertificateSigningRequestBuilder().subject_name(subject)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    csr = builder.sign(key or ec.generate_private_key(ec.SECP256R1()), hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.DER)


# --- tokens --------------------------------------------------------------------------------------


def _jwt(*, key: bytes = CA.key_der, exp: float = NOW_TS + 3600) -> str:
    return join.parse_token(join.create_token(ca_der=CA.cert_der, ca_key_der=key, expires_at=int(exp))).jwt


def test_token_accepted() -> None:
    certserver.authenticate_token(f"Bearer {_jwt()}", ca_key_der=CA.key_der, now=NOW_TS)
    # As KubeEdge: the scheme is not checked, only "two parts split on one space".
    certserver.authenticate_token(f"Whatever {_jwt()}", ca_key_der=CA.key_der, now=NOW_TS)


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("", "token validation failure, token is empty"),
        (f"Bearer{_jwt()}", "token validation failure, token cannot be splited"),
        (f"Bearer  {_jwt()}", "token validation failure, token cannot be splited"),
        (f"Bearer {_jwt()} x", "token validation failure, token cannot be splited"),
        (f"Bearer {_jwt(key=OTHER_CA.key_der)}", "token validation failure, err: token signature is invalid"),
        (f"Bearer {_jwt(exp=NOW_TS - 1)}", "token validation failure, err: token has invalid claims: token is expired"),
        ("Bearer a.b", "token validation failure, err: token is malformed"),
    ],
)
def test_token_rejected(header: str, reason: str) -> None:
    with pytest.raises(join.CredentialError) as rejected:
        certserver.authenticate_token(header, ca_key_der=CA.key_der, now=NOW_TS)
    assert str(rejected.value).startswith(reason)


# --- renewing client certificates -------------------------------------------------------------------


def test_client_certificate_accepted() -> None:
    certserver.authenticate_certificate(_client(), ca=CA.certificate, node_name="a", now=NOW + timedelta(days=1))
    legacy = _client("kubeedge.io", ("KubeEdge",))
    certserver.authenticate_certificate(legacy, ca=CA.certificate, node_name="b", now=NOW + timedelta(days=1))
    no_eku = _client(usages=())
    certserver.authenticate_certificate(no_eku, ca=CA.certificate, node_name="a", now=NOW + timedelta(days=1))


@pytest.mark.parametrize(
    ("cert", "node", "when", "reason"),
    [
        (_client(), "b", NOW, "request node name is not match with the certificate"),
        (_client("system:node:a", ("other",)), "a", NOW, "request node name is not match"),
        (_client(ca=OTHER_CA), "a", NOW, "signed by unknown authority"),
        (_client(days=1), "a", NOW + timedelta(days=2), "expired or is not yet valid"),
        (_client(), "a", NOW - timedelta(seconds=1), "expired or is not yet valid"),
        (_client(usages=(ExtendedKeyUsageOID.SERVER_AUTH,)), "a", NOW, "incompatible key usage"),
    ],
)
def test_client_certificate_rejected(cert: x509.Certificate, node: str, when: datetime, reason: str) -> None:
    with pytest.raises(join.CredentialError, match=reason):
        certserver.authenticate_certificate(cert, ca=CA.certificate, node_name=node, now=when)


# --- signing -----------------------------------------------------------------------------------------


def test_sign_copies_cn_o_and_sans_only() -> None:
    names = [x509.DNSName("edge-1.local"), x509.IPAddress(ipaddress.ip_address("192.0.2.7"))]
    csr = _csr(join.edge_csr_subject("edge-1"), names=names)
    cert = certserver.sign_csr(CA, csr, usages=[join.ExtKeyUsage.CLIENT_AUTH], validity=timedelta(days=365), now=NOW)
    assert cert.subject.rfc4514_string() == "CN=system:node:edge-1,O=system:nodes"
    assert cert.issuer == CA.certificate.subject
    cert.verify_directly_issued_by(CA.certificate)
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["edge-1.local"]
    assert sans.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("192.0.2.7")]
    assert list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [
        ExtendedKeyUsageOID.CLIENT_AUTH
    ]
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert (usage.digital_signature, usage.key_encipherment, usage.key_cert_sign) == (True, True, False)
    assert cert.not_valid_before_utc == NOW
    assert cert.not_valid_after_utc == NOW + timedelta(days=365)
    assert 0 < cert.serial_number < 2**63


def test_sign_with_requested_usages_and_duration() -> None:
    csr = _csr(join.edge_csr_subject("e"))
    usages = join.decode_ext_key_usages("[1,2]")
    cert = certserver.sign_csr(CA, csr, usages=usages, validity=timedelta(days=7), now=NOW)
    assert list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [
        ExtendedKeyUsageOID.SERVER_AUTH,
        ExtendedKeyUsageOID.CLIENT_AUTH,
    ]
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == timedelta(days=7)
    with pytest.raises(x509.ExtensionNotFound):
        cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)


def test_serials_are_random() -> None:
    csr = _csr(join.edge_csr_subject("e"))
    serials = {
        certserver.sign_csr(
            CA, csr, usages=[join.ExtKeyUsage.CLIENT_AUTH], validity=timedelta(days=1), now=NOW
        ).serial_number
        for _ in range(5)
    }
    assert len(serials) == 5


def _tampered_csr() -> bytes:
    der = bytearray(_csr(join.edge_csr_subject("edge-1")))
    index = der.find(b"edge-1")
    der[index] = ord("x")
    return bytes(der)


@pytest.mark.parametrize(
    ("csr", "reason"),
    [
        (b"not a csr", "failed to parse csr"),
        (_tampered_csr(), "signature is invalid"),
        (_csr(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "o")])), "must specify a CommonName"),
        (_csr(_name("x"), key=rsa.generate_private_key(public_exponent=65537, key_size=2048)), "not an ECDSA key"),
    ],
)
def test_sign_rejects(csr: bytes, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        certserver.sign_csr(CA, csr, usages=[join.ExtKeyUsage.CLIENT_AUTH], validity=timedelta(days=1), now=NOW)
