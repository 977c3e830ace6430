"""load_or_create on a real data directory, and real TLS handshakes with the built SSLContext."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import ssl
import stat
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubeedge.apiserver import pki
from kubeedge.apiserver.auth import authn
from kubeedge.errors import ConfigError, StorageError

if TYPE_CHECKING:
    from pathlib import Path

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _cert(pem: bytes) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem)


def _sans(pem: bytes) -> set[object]:
    return set(_cert(pem).extensions.get_extension_for_class(x509.SubjectAlternativeName).value)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


# --- creation and reuse -----------------------------------------------------------------------


def test_first_run_creates_every_file_with_private_modes(data_dir: Path) -> None:
    loaded = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    paths = loaded.paths
    assert _mode(data_dir) == 0o700
    assert _mode(paths.directory) == 0o700
    for secret in (paths.ca_key, paths.serving_key, paths.admin_key, paths.tokens):
        assert _mode(secret) == 0o600, secret
    for public in (paths.ca_cert, paths.serving_cert, paths.admin_cert):
        assert _mode(public) == 0o644, public
    assert not [p for p in paths.directory.iterdir() if p.name.endswith(".tmp")]


def test_ca_is_p256_ten_years_named_as_required(data_dir: Path) -> None:
    loaded = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    ca = loaded.ca_certificate
    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "kubeedge-apiserver-ca"
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert ca.public_key().curve.name == "secp256r1"  # type: ignore[union-attr]
    assert ca.not_valid_after_utc - NOW == timedelta(days=3650)
    assert loaded.ca_pem == loaded.paths.ca_cert.read_bytes()


def test_serving_certificate_names_and_usage(data_dir: Path) -> None:
    loaded = pki.load_or_create(data_dir, bind_address="192.0.2.10", now=NOW)
    cert = _cert(loaded.serving_cert_pem)
    sans = _sans(loaded.serving_cert_pem)
    for ip in ("192.0.2.10", "127.0.0.1", "::1"):
        assert x509.IPAddress(ipaddress.ip_address(ip)) in sans
    for dns in (
        "localhost",
        "kubernetes",
        "kubernetes.default",
        "kubernetes.default.svc",
        "kubernetes.default.svc.cluster.local",
    ):
        assert x509.DNSName(dns) in sans
    usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usages) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert cert.not_valid_after_utc - NOW == timedelta(days=365)
    cert.verify_directly_issued_by(loaded.ca_certificate)


def test_dns_bind_address_becomes_a_dns_san(data_dir: Path) -> None:
    loaded = pki.load_or_create(data_dir, bind_address="Cloud.Example.com", now=NOW)
    assert x509.DNSName("cloud.example.com") in _sans(loaded.serving_cert_pem)


def test_wildcard_bind_address_is_not_a_san(data_dir: Path) -> None:
    loaded = pki.load_or_create(data_dir, bind_address="0.0.0.0", now=NOW, extra_sans=["203.0.113.7"])
    sans = _sans(loaded.serving_cert_pem)
    assert x509.IPAddress(ipaddress.ip_address("0.0.0.0")) not in sans
    assert x509.IPAddress(ipaddress.ip_address("203.0.113.7")) in sans


def test_invalid_bind_address_is_a_config_error(data_dir: Path) -> None:
    with pytest.raises(ConfigError, match="not a host"):
        pki.load_or_create(data_dir, bind_address="not a host", now=NOW)


def test_admin_credentials(data_dir: Path) -> None:
    loaded = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    user = authn.user_from_certificate(_cert(loaded.admin_cert_pem))
    assert user is not None
    assert user.name == "kubernetes-admin"
    assert user.groups == ("system:masters", "system:authenticated")
    assert loaded.admin_token is not None
    assert len(loaded.admin_token) >= 43  # 32 random bytes, urlsafe base64
    line = loaded.paths.tokens.read_text()
    assert line == f"{loaded.admin_token},kubernetes-admin,kubernetes-admin,system:masters\n"
    table = authn.Authenticator.from_token_file(loaded.paths.tokens)
    token_user = table.authenticate(peer_cert=None, authorization_header=f"Bearer {loaded.admin_token}")
    assert token_user is not None
    assert token_user.groups == ("system:masters", "system:authenticated")


def test_reload_reuses_everything(data_dir: Path) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    second = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW + timedelta(days=100))
    assert second.ca_pem == first.ca_pem
    assert second.admin_token == first.admin_token
    assert second.serving_cert_pem == first.serving_cert_pem
    assert second.serving_key_pem == first.serving_key_pem
    assert second.admin_cert_pem == first.admin_cert_pem


def test_new_bind_address_reissues_serving_cert_with_same_ca(data_dir: Path) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    second = pki.load_or_create(data_dir, bind_address="198.51.100.4", now=NOW)
    assert second.ca_pem == first.ca_pem
    assert second.serving_cert_pem != first.serving_cert_pem
    assert x509.IPAddress(ipaddress.ip_address("198.51.100.4")) in _sans(second.serving_cert_pem)
    assert second.admin_cert_pem == first.admin_cert_pem
    assert second.admin_token == first.admin_token


def test_leaves_are_renewed_30_days_before_expiry(data_dir: Path) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    kept = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW + timedelta(days=334))
    assert kept.serving_cert_pem == first.serving_cert_pem
    later = NOW + timedelta(days=336)
    renewed = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=later)
    assert renewed.ca_pem == first.ca_pem
    assert renewed.serving_cert_pem != first.serving_cert_pem
    assert renewed.admin_cert_pem != first.admin_cert_pem
    assert _cert(renewed.serving_cert_pem).not_valid_after_utc == later + timedelta(days=365)


def test_missing_leaf_is_reissued(data_dir: Path) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    first.paths.admin_cert.unlink()
    second = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    assert second.admin_cert_pem != first.admin_cert_pem
    assert second.admin_key_pem != first.admin_key_pem
    _cert(second.admin_cert_pem).verify_directly_issued_by(first.ca_certificate)


def test_mismatched_leaf_key_is_reissued(data_dir: Path) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    first.paths.serving_key.write_bytes(first.admin_key_pem)
    second = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    assert second.serving_cert_pem != first.serving_cert_pem


def test_loose_key_mode_is_tightened(data_dir: Path) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    first.paths.ca_key.chmod(0o644)
    first.paths.tokens.chmod(0o640)
    data_dir.chmod(0o755)
    pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    assert _mode(first.paths.ca_key) == 0o600
    assert _mode(first.paths.tokens) == 0o600
    assert _mode(data_dir) == 0o700


def test_operator_tokens_are_kept(data_dir: Path) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    with first.paths.tokens.open("a") as handle:
        handle.write('operator-token-0123456789,alice,1001,"dev,ops"\n')
    before = first.paths.tokens.read_bytes()
    second = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    assert second.admin_token == first.admin_token
    assert first.paths.tokens.read_bytes() == before
    user = authn.Authenticator.from_token_file(first.paths.tokens).authenticate(
        peer_cert=None, authorization_header="Bearer operator-token-0123456789"
    )
    assert user == authn.UserInfo(name="alice", uid="1001", groups=("dev", "ops", "system:authenticated"))


def test_tokens_without_admin_give_no_admin_token(data_dir: Path) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    first.paths.tokens.write_text("tok-1,bob,2\n")
    assert pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW).admin_token is None


def test_naive_now_is_rejected(data_dir: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        pki.load_or_create(data_dir, bind_address="127.0.0.1", now=datetime(2026, 1, 1))


# --- failures name the file -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "content", "problem"),
    [
        ("ca_key", b"garbage", "not a valid PEM private key"),
        ("ca_cert", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "certificate"),
        ("serving_cert", b"", "not a valid PEM certificate"),
        ("admin_key", b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "private key"),
        ("tokens", b"only-one-column\n", "at least 3 columns"),
        ("tokens", b"\xff\xfe\n", "not UTF-8"),
    ],
)
def test_corrupt_file_is_a_storage_error_naming_it(
    data_dir: Path, attribute: str, content: bytes, problem: str
) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    path: Path = getattr(first.paths, attribute)
    path.write_bytes(content)
    with pytest.raises(StorageError) as info:
        pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_unreadable_file_is_a_storage_error_naming_it(data_dir: Path) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    first.paths.ca_key.unlink()
    first.paths.ca_key.mkdir()  # readable by nobody as a file, root included
    with pytest.raises(StorageError, match="cannot read") as info:
        pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    assert str(first.paths.ca_key) in str(info.value)


@pytest.mark.parametrize("removed", ["ca_key", "ca_cert"])
def test_half_a_ca_is_refused(data_dir: Path, removed: str) -> None:
    first = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    path: Path = getattr(first.paths, removed)
    path.unlink()
    with pytest.raises(StorageError, match="missing while") as info:
        pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    assert str(info.value).startswith(str(path))


def test_ca_key_of_another_ca_is_refused(tmp_path: Path) -> None:
    one = pki.load_or_create(tmp_path / "one", bind_address="127.0.0.1", now=NOW)
    two = pki.load_or_create(tmp_path / "two", bind_address="127.0.0.1", now=NOW)
    one.paths.ca_key.write_bytes(two.paths.ca_key.read_bytes())
    with pytest.raises(StorageError, match="does not match"):
        pki.load_or_create(tmp_path / "one", bind_address="127.0.0.1", now=NOW)


def test_expired_ca_is_refused(data_dir: Path) -> None:
    pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    with pytest.raises(StorageError, match="expired"):
        pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW + timedelta(days=3651))


def test_data_dir_that_is_a_file_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("")
    with pytest.raises(StorageError, match=str(blocker)):
        pki.load_or_create(blocker, bind_address="127.0.0.1", now=NOW)


# --- client certificates ----------------------------------------------------------------------


def test_issue_client_certificate_for_a_node(data_dir: Path) -> None:
    loaded = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    cert_pem, key_pem = pki.issue_client_certificate(
        loaded, common_name="system:node:edge-1", organizations=["system:nodes"], days=30, now=NOW
    )
    cert = _cert(cert_pem)
    cert.verify_directly_issued_by(loaded.ca_certificate)
    assert cert.not_valid_after_utc - NOW == timedelta(days=30)
    assert b"PRIVATE KEY" in key_pem
    user = authn.user_from_certificate(cert)
    assert user is not None
    assert (user.name, user.groups) == ("system:node:edge-1", ("system:nodes", "system:authenticated"))


def test_client_certificate_never_outlives_the_ca(data_dir: Path) -> None:
    loaded = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    cert_pem, _ = pki.issue_client_certificate(loaded, common_name="long", organizations=[], days=365 * 20, now=NOW)
    assert _cert(cert_pem).not_valid_after_utc == loaded.ca_certificate.not_valid_after_utc


@pytest.mark.parametrize(("common_name", "days"), [("", 1), ("x", 0)])
def test_issue_client_certificate_rejects_bad_arguments(data_dir: Path, common_name: str, days: int) -> None:
    loaded = pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW)
    with pytest.raises(ValueError, match="must"):
        pki.issue_client_certificate(loaded, common_name=common_name, organizations=[], days=days)


# --- TLS --------------------------------------------------------------------------------------


def _client_context(ca_pem: bytes, tmp_path: Path, credentials: tuple[bytes, bytes] | None) -> ssl.SSLContext:
    context = ssl.create_default_context(cadata=ca_pem.decode())
    context.set_alpn_protocols(["h2", "http/1.1"])
    if credentials is not None:
        cert_file, key_file = tmp_path / "client.crt", tmp_path / "client.key"
        cert_file.write_bytes(credentials[0])
        key_file.write_bytes(credentials[1])
        context.load_cert_chain(cert_file, key_file)
    return context


async def _exchange(server_context: ssl.SSLContext, client_context: ssl.SSLContext, server_hostname: str) -> str:
    """Connect once; the server answers ``<user>|<alpn>`` as the Authenticator sees the peer."""
    authenticator = authn.Authenticator()
    handled = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            ssl_object = writer.get_extra_info("ssl_object")
            peer = authn.peer_certificate(ssl_object)
            user = authenticator.authenticate(peer_cert=peer, authorization_header=None)
            name = user.name if user is not None else "401"
            writer.write(f"{name}|{ssl_object.selected_alpn_protocol()}\n".encode())
            await writer.drain()
        finally:
            writer.close()
            handled.set()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=server_context)
    port = server.sockets[0].getsockname()[1]
    try:
        async with asyncio.timeout(10):
            reader, writer = await asyncio.open_connection(
                "127.0.0.1", port, ssl=client_context, server_hostname=server_hostname
            )
            try:
                line = await reader.readline()
                await handled.wait()
            finally:
                writer.close()
                with contextlib.suppress(OSError, ssl.SSLError):
                    await writer.wait_closed()
        return line.decode().strip()
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize("server_hostname", ["localhost", "127.0.0.1", "kubernetes.default.svc"])
async def test_tls_without_client_certificate_is_anonymous(tmp_path: Path, server_hostname: str) -> None:
    loaded = pki.load_or_create(tmp_path / "data", bind_address="127.0.0.1", now=datetime.now(UTC))
    answer = await _exchange(
        pki.build_ssl_context(loaded), _client_context(loaded.ca_pem, tmp_path, None), server_hostname
    )
    assert answer == "system:anonymous|http/1.1"


async def test_tls_with_admin_certificate(tmp_path: Path) -> None:
    loaded = pki.load_or_create(tmp_path / "data", bind_address="127.0.0.1", now=datetime.now(UTC))
    client = _client_context(loaded.ca_pem, tmp_path, (loaded.admin_cert_pem, loaded.admin_key_pem))
    answer = await _exchange(pki.build_ssl_context(loaded), client, "localhost")
    assert answer == "kubernetes-admin|http/1.1"


async def test_tls_with_node_certificate(tmp_path: Path) -> None:
    loaded = pki.load_or_create(tmp_path / "data", bind_address="127.0.0.1", now=datetime.now(UTC))
    credentials = pki.issue_client_certificate(
        loaded, common_name="system:node:edge-1", organizations=["system:nodes"], days=1
    )
    client = _client_context(loaded.ca_pem, tmp_path, credentials)
    answer = await _exchange(pki.build_ssl_context(loaded), client, "localhost")
    assert answer == "system:node:edge-1|http/1.1"


async def test_tls_rejects_a_client_certificate_from_another_ca(tmp_path: Path) -> None:
    loaded = pki.load_or_create(tmp_path / "data", bind_address="127.0.0.1", now=datetime.now(UTC))
    other = pki.load_or_create(tmp_path / "other", bind_address="127.0.0.1", now=datetime.now(UTC))
    client = _client_context(loaded.ca_pem, tmp_path, (other.admin_cert_pem, other.admin_key_pem))
    server = await asyncio.start_server(_never_called, "127.0.0.1", 0, ssl=pki.build_ssl_context(loaded))
    port = server.sockets[0].getsockname()[1]
    try:
        async with asyncio.timeout(10):
            line = b""
            with contextlib.suppress(ssl.SSLError, ConnectionError):
                reader, writer = await asyncio.open_connection(
                    "127.0.0.1", port, ssl=client, server_hostname="localhost"
                )
                try:
                    line = await reader.read()
                finally:
                    writer.close()
                    with contextlib.suppress(OSError, ssl.SSLError):
                        await writer.wait_closed()
        assert line == b""
    finally:
        server.close()
        await server.wait_closed()


async def _never_called(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.close()
    raise AssertionError("the handshake should have failed")


def test_server_context_settings(data_dir: Path) -> None:
    context = pki.build_ssl_context(pki.load_or_create(data_dir, bind_address="127.0.0.1", now=NOW))
    assert context.minimum_version == ssl.TLSVersion.TLSv1_2
    assert context.verify_mode == ssl.CERT_OPTIONAL
    assert context.cert_store_stats()["x509_ca"] == 1


async def test_tls_1_2_client_is_served(tmp_path: Path) -> None:
    loaded = pki.load_or_create(tmp_path / "data", bind_address="127.0.0.1", now=datetime.now(UTC))
    client = _client_context(loaded.ca_pem, tmp_path, (loaded.admin_cert_pem, loaded.admin_key_pem))
    client.maximum_version = ssl.TLSVersion.TLSv1_2
    answer = await _exchange(pki.build_ssl_context(loaded), client, "localhost")
    assert answer == "kubernetes-admin|http/1.1"
