"""Certificate policy: SAN lists and the reasons a leaf certificate is reissued."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeedge.apiserver import pki_certs
from kubeedge.errors import ConfigError

NOW = datetime(2026, 3, 1, tzinfo=UTC)
CA_KEY = pki_certs.new_key()
CA = pki_certs.build_ca(CA_KEY, now=NOW)
OTHER_KEY = pki_certs.new_key()
OTHER_CA = pki_certs.build_ca(OTHER_KEY, now=NOW)
SERVER = ExtendedKeyUsageOID.SERVER_AUTH
SERVER_SUBJECT = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-apiserver")])


def _ip(text: str) -> x509.GeneralName:
    return x509.IPAddress(ipaddress.ip_address(text))


@pytest.mark.parametrize(
    ("bind", "extra", "first"),
    [
        ("10.0.0.1", (), _ip("10.0.0.1")),
        ("[fd00::1]", (), _ip("fd00::1")),
        ("Edge.Example.COM.", (), x509.DNSName("edge.example.com")),
        ("0.0.0.0", ("cloud.local",), x509.DNSName("cloud.local")),
        ("::", (), x509.DNSName("localhost")),
        ("", (), x509.DNSName("localhost")),
    ],
)
def test_serving_names(bind: str, extra: tuple[str, ...], first: x509.GeneralName) -> None:
    names = pki_certs.serving_names(bind, extra=extra)
    assert names[0] == first
    assert x509.DNSName("kubernetes.default.svc.cluster.local") in names
    assert _ip("127.0.0.1") in names
    assert _ip("::1") in names
    assert len(names) == len(set(names))
    assert _ip("0.0.0.0") not in names


def test_serving_names_deduplicates_localhost() -> None:
    names = pki_certs.serving_names("127.0.0.1", extra=["localhost"])
    assert names.count(_ip("127.0.0.1")) == 1
    assert names.count(x509.DNSName("localhost")) == 1


@pytest.mark.parametrize("bad", ["under_score", "a b", "-leading.dash", "x" * 64 + ".com"])
def test_serving_names_rejects_non_hosts(bad: str) -> None:
    with pytest.raises(ConfigError, match="neither an IP address nor a DNS name"):
        pki_certs.serving_names(bad)


def _leaf(
    *,
    ca: x509.Certificate = CA,
    ca_key: pki_certs.IssuerKey = CA_KEY,
    names: tuple[x509.GeneralName, ...] = (_ip("10.0.0.1"),),
    usage: x509.ObjectIdentifier = ExtendedKeyUsageOID.SERVER_AUTH,
    issued: datetime = NOW,
) -> tuple[x509.Certificate, pki_certs.IssuerKey]:
    key = pki_certs.new_key()
    profile = pki_certs.LeafProfile(label="test", subject=SERVER_SUBJECT, usage=usage, names=names)
    cert = pki_certs.issue(ca, ca_key, profile=profile, key=key, now=issued, validity=timedelta(days=365))
    return cert, key


GOOD, GOOD_KEY = _leaf()


@pytest.mark.parametrize(
    ("cert", "key", "now", "names", "subject", "usage", "reason"),
    [
        (GOOD, GOOD_KEY, NOW, (_ip("10.0.0.1"),), SERVER_SUBJECT, SERVER, None),
        (GOOD, GOOD_KEY, NOW, (), SERVER_SUBJECT, SERVER, None),
        (GOOD, CA_KEY, NOW, (), SERVER_SUBJECT, SERVER, "key does not match"),
        (*_leaf(ca=OTHER_CA, ca_key=OTHER_KEY), NOW, (), SERVER_SUBJECT, SERVER,
         "not issued by the current CA"),
        (GOOD, GOOD_KEY, NOW - timedelta(days=1), (), SERVER_SUBJECT, SERVER,
         "not valid yet"),
        (GOOD, GOOD_KEY, NOW + timedelta(days=335), (), SERVER_SUBJECT, SERVER,
         "expires at"),
        (GOOD, GOOD_KEY, NOW + timedelta(days=334), (), SERVER_SUBJECT, SERVER, None),
        (GOOD, GOOD_KEY, NOW, (), x509.Name([]), SERVER, "subject changed"),
        (GOOD, GOOD_KEY, NOW, (), SERVER_SUBJECT, ExtendedKeyUsageOID.CLIENT_AUTH, "extended key usage"),
        (GOOD, GOOD_KEY, NOW, (_ip("10.0.0.2"),), SERVER_SUBJECT, SERVER,
         "do not cover 10.0.0.2"),
        (*_leaf(names=()), NOW, (x509.DNSName("a"),), SERVER_SUBJECT, SERVER,
         "do not cover a"),
    ],
)  # fmt: skip
def test_renewal_reason(
    cert: x509.Certificate,
    key: pki_certs.IssuerKey,
    now: datetime,
    names: tuple[x509.GeneralName, ...],
    subject: x509.Name,
    usage: x509.ObjectIdentifier,
    reason: str | None,
) -> None:
    found = pki_certs.renewal_reason(cert, key, ca_cert=CA, subject=subject, usage=usage, names=names, now=now)
    if reason is None:
        assert found is None
    else:
        assert found is not None
        assert reason in found


def test_leaf_extensions() -> None:
    basic = GOOD.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical
    assert not basic.value.ca
    usage = GOOD.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert not usage.key_cert_sign
    assert GOOD.not_valid_before_utc == NOW - pki_certs.BACKDATE


def test_ca_extensions() -> None:
    basic = CA.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert basic.ca
    assert basic.path_length == 0
    assert CA.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    CA.verify_directly_issued_by(CA)


def test_client_subject_keeps_every_organization() -> None:
    subject = pki_certs.client_subject("u", ["a", "b"])
    assert [a.value for a in subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)] == ["a", "b"]
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "u"
