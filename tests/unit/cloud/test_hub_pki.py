"""CloudHub PKI facts (spec §4.1): the CA, the server certificate, pairs, PEM files, TLS context."""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeedge.cloud.hub import pki
from kubeedge.errors import ConfigError

NOW = datetime(2026, 3, 1, 12, 30, 45, 123456, tzinfo=UTC)
CONFIG = pki.PKIConfig(advertise_address=("10.0.0.5", "127.0.0.1"), dns_names=("", "cloud.example"))


def _new_pair(build: Callable[[ec.EllipticCurvePrivateKey], x509.Certificate]) -> pki.KeyPair:
    key = ec.generate_private_key(ec.SECP256R1())
    return pki.KeyPair.from_objects(build(key), key)


CA = _new_pair(lambda key: pki.build_ca(key, now=NOW))
OTHER_CA = _new_pair(lambda key: pki.build_ca(key, now=NOW))


def _server(ca: pki.KeyPair = CA, config: pki.PKIConfig = CONFIG, now: datetime = NOW) -> pki.KeyPair:
    return _new_pair(lambda key: pki.build_server_certificate(ca, key, config, now=now))


def test_ca_facts() -> None:
    cert = CA.certificate
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert CA.private_key.curve.name == "secp256r1"
    assert cert.subject.rfc4514_string() == "CN=KubeEdge"
    assert cert.issuer == cert.subject
    assert cert.serial_number == 1024
    assert cert.not_valid_before_utc == NOW.replace(microsecond=0)
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == timedelta(days=100 * 364)
    basic = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical
    assert basic.value.ca
    assert basic.value.path_length is None
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert (usage.key_cert_sign, usage.digital_signature, usage.key_encipherment) == (True, True, True)
    assert not usage.crl_sign
    extended = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(extended) == [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
    cert.verify_directly_issued_by(cert)


def test_ca_key_is_sec1_der() -> None:
    assert CA.key_der.startswith(b"\x30")
    assert b"BEGIN EC PRIVATE KEY" in CA.key_pem()
    reloaded = serialization.load_der_private_key(CA.key_der, password=None)
    assert isinstance(reloaded, ec.EllipticCurvePrivateKey)
    assert CA.key_der == CA.private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )


def test_server_certificate_facts() -> None:
    server = _server()
    cert = server.certificate
    assert isinstance(server.private_key.curve, ec.SECP256R1)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "KubeEdge"
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "KubeEdge"
    assert cert.issuer == CA.certificate.subject
    cert.verify_directly_issued_by(CA.certificate)
    assert cert.serial_number not in (0, 1024)
    assert cert.serial_number < 2**63
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == timedelta(days=100 * 364)
    extended = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(extended) == [ExtendedKeyUsageOID.SERVER_AUTH]
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert (usage.digital_signature, usage.key_encipherment, usage.key_cert_sign) == (True, True, False)
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["cloud.example"]  # the empty default is skipped
    assert sans.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("10.0.0.5"),
        ipaddress.ip_address("127.0.0.1"),
    ]
    aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = CA.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ski.digest


def test_server_certificate_names_only_what_is_configured() -> None:
    cert = _server(config=pki.PKIConfig(advertise_address=("192.168.1.9",))).certificate
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert list(sans) == [x509.IPAddress(ipaddress.ip_address("192.168.1.9"))]


def test_advertise_address_must_be_an_ip() -> None:
    with pytest.raises(ConfigError, match=r"cloudHub.advertiseAddress: 'cloud.example' is not an IP address"):
        _server(config=pki.PKIConfig(advertise_address=("cloud.example",)))


@pytest.mark.parametrize(
    ("server", "config", "now", "problem"),
    [
        (_server(), CONFIG, NOW, None),
        (_server(), pki.PKIConfig(advertise_address=("10.0.0.5",)), NOW, None),
        (_server(ca=OTHER_CA), CONFIG, NOW, "not issued by the current CA"),
        (_server(), CONFIG, NOW + timedelta(days=100 * 364 + 1), "expired"),
        (
            _server(),
            pki.PKIConfig(advertise_address=("10.0.0.6",), dns_names=("x.example",)),
            NOW,
            "x.example, 10.0.0.6",
        ),
    ],
)
def test_server_certificate_problem(
    server: pki.KeyPair, config: pki.PKIConfig, now: datetime, problem: str | None
) -> None:
    found = pki.server_certificate_problem(server, CA, config, now=now)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


def test_key_pair_rejects_a_foreign_key() -> None:
    with pytest.raises(ConfigError, match="does not belong to the certificate"):
        pki.KeyPair.from_der(CA.cert_der, OTHER_CA.key_der, source="test")


def test_key_pair_rejects_garbage_and_rsa() -> None:
    with pytest.raises(ConfigError, match="test: not a DER certificate"):
        pki.KeyPair.from_der(b"junk", CA.key_der, source="test")
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rsa_der = rsa_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(ConfigError, match="not an ECDSA key"):
        pki.KeyPair.from_der(CA.cert_der, rsa_der, source="test")


def test_pem_files_keep_the_exact_der_bytes(tmp_path: Path) -> None:
    cert_file, key_file = tmp_path / "rootCA.crt", tmp_path / "rootCA.key"
    cert_file.write_bytes(CA.cert_pem())
    # A PKCS#8 key: the bytes inside the PEM block are the token's HMAC key, kept as they are.
    pkcs8 = CA.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key_file.write_bytes(b"junk before\n" + pkcs8)
    cert_der, key_der = pki._read_pem_pair(cert_file, key_file, keys="k") or (b"", b"")
    assert cert_der == CA.cert_der
    assert key_der == CA.private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    assert pki.KeyPair.from_der(cert_der, key_der, source="files").key_der == key_der


def test_pem_files_both_or_neither(tmp_path: Path) -> None:
    cert_file, key_file = tmp_path / "a.crt", tmp_path / "a.key"
    assert pki._read_pem_pair(cert_file, key_file, keys="k") is None
    cert_file.write_bytes(CA.cert_pem())
    with pytest.raises(ConfigError, match=r"k: both files must exist or neither; .*a\.key is missing"):
        pki._read_pem_pair(cert_file, key_file, keys="k")
    key_file.write_bytes(b"not pem")
    with pytest.raises(ConfigError, match="not a PEM file"):
        pki._read_pem_pair(cert_file, key_file, keys="k")


def test_server_ssl_context() -> None:
    cloud = pki.CloudPKI(ca=CA, server=_server())
    optional = cloud.server_ssl_context(require_client_cert=False)
    assert optional.verify_mode == ssl.CERT_OPTIONAL
    assert optional.minimum_version == ssl.TLSVersion.TLSv1_2
    assert cloud.server_ssl_context(require_client_cert=True).verify_mode == ssl.CERT_REQUIRED
