"""PKI, token, cert server and edge bootstrap against the real embedded apiserver, over real TLS.

The Secrets live in the apiserver; the cert server is a real aiohttp HTTPS server on
127.0.0.1:0; clients are aiohttp with real certificates; ``keadm gettoken`` runs as a process.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import io
import ipaddress
import ssl
import stat
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from kubeedge.cloud.hub import pki
from kubeedge.cloud.hub.certserver import CertServer, CertServerConfig
from kubeedge.cloud.hub.token import TokenWriter
from kubeedge.cloud.kube import GVR, KubeClient, load_kubeconfig
from kubeedge.edge.edgehub import certificate
from kubeedge.testing.apiserver import RunningApiServer, start_apiserver
from kubeedge.wire import join

pytestmark = pytest.mark.integration

SECRETS = GVR("", "v1", "secrets")
LOOPBACK = pki.PKIConfig(advertise_address=("127.0.0.1",))
TIMEOUT = aiohttp.ClientTimeout(total=30)


@pytest.fixture(scope="module")
def apiserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApiServer]:
    with start_apiserver(tmp_path_factory.mktemp("certserver")) as server:
        yield server


@pytest.fixture
async def kube(apiserver: RunningApiServer) -> AsyncIterator[KubeClient]:
    async with KubeClient(load_kubeconfig(apiserver.kubeconfig)) as client:
        yield client


@pytest.fixture
async def cloud(kube: KubeClient, tmp_path: Path) -> pki.CloudPKI:
    config = pki.PKIConfig(
        tls_ca_file=tmp_path / "none" / "rootCA.crt",
        tls_ca_key_file=tmp_path / "none" / "rootCA.key",
        tls_cert_file=tmp_path / "none" / "server.crt",
        tls_private_key_file=tmp_path / "none" / "server.key",
        advertise_address=("127.0.0.1",),
    )
    return await pki.load_or_create(kube, config, now=datetime.now(UTC))


@pytest.fixture
async def server(cloud: pki.CloudPKI, kube: KubeClient) -> AsyncIterator[CertServer]:
    config = CertServerConfig(address="127.0.0.1", port=0, edge_cert_signing_duration=30)
    async with CertServer(cloud, kube, config) as running:
        yield running


def _url(server: CertServer, path: str) -> str:
    return f"https://127.0.0.1:{server.port}{path}"


def _verifying(cloud: pki.CloudPKI) -> ssl.SSLContext:
    return ssl.create_default_context(cadata=cloud.ca.cert_pem().decode())


def _csr(node: str, *, names: list[x509.GeneralName] | None = None) -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    builder = x509.CertificateSigningRequestBuilder().subject_name(join.edge_csr_subject(node))
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return key, builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def _token(cloud: pki.CloudPKI, *, key: bytes | None = None, exp: float | None = None) -> str:
    return join.create_token(
        ca_der=cloud.ca.cert_der, ca_key_der=key or cloud.ca.key_der, expires_at=int(exp or time.time() + 3600)
    )


async def _edge_crt(
    server: CertServer, ctx: ssl.SSLContext, body: bytes | io.BytesIO, **headers: str
) -> tuple[int, bytes, str]:
    async with (
        aiohttp.ClientSession(timeout=TIMEOUT) as session,
        session.get(_url(server, "/edge.crt"), data=body, headers=headers, ssl=ctx) as response,
    ):
        return response.status, await response.read(), response.content_type


async def _secret(kube: KubeClient, name: str) -> dict[str, Any]:
    return await kube.get(SECRETS, name, "kubeedge")


# --- PKI and Secrets -----------------------------------------------------------------------------


async def test_secrets_written_and_reread(kube: KubeClient, cloud: pki.CloudPKI, tmp_path: Path) -> None:
    ca_secret = await _secret(kube, "casecret")
    assert ca_secret["type"] == "Opaque"
    assert {k: base64.b64decode(v) for k, v in ca_secret["data"].items()} == {
        "cadata": cloud.ca.cert_der,
        "cakeydata": cloud.ca.key_der,
    }
    server_secret = await _secret(kube, "cloudcoresecret")
    assert {k: base64.b64decode(v) for k, v in server_secret["data"].items()} == {
        "cloudcoredata": cloud.server.cert_der,
        "cloudcorekeydata": cloud.server.key_der,
    }
    assert cloud.ca.certificate.serial_number == 1024
    # A restart: the same CA and server certificate, and no needless rewrite of the Secrets.
    again = await pki.load_or_create(kube, LOOPBACK, now=datetime.now(UTC))
    assert again.ca.cert_der == cloud.ca.cert_der
    assert again.ca.key_der == cloud.ca.key_der
    assert again.server.cert_der == cloud.server.cert_der
    assert (await _secret(kube, "casecret"))["metadata"]["resourceVersion"] == ca_secret["metadata"]["resourceVersion"]


async def test_server_certificate_follows_the_configured_names(kube: KubeClient, cloud: pki.CloudPKI) -> None:
    wider = pki.PKIConfig(advertise_address=("127.0.0.1", "10.9.8.7"), dns_names=("cloudcore.test",))
    reissued = await pki.load_or_create(kube, wider, now=datetime.now(UTC))
    assert reissued.ca.cert_der == cloud.ca.cert_der
    assert reissued.server.cert_der != cloud.server.cert_der
    sans = reissued.server.certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["cloudcore.test"]
    assert sans.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("10.9.8.7"),
    ]
    stored = await pki.read_secret(kube, "cloudcoresecret")
    assert stored == {"cloudcoredata": reissued.server.cert_der, "cloudcorekeydata": reissued.server.key_der}


async def test_ca_files_take_precedence(kube: KubeClient, cloud: pki.CloudPKI, tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    files_ca = pki.KeyPair.from_objects(pki.build_ca(key, now=datetime.now(UTC)), key)
    config = pki.PKIConfig(
        tls_ca_file=tmp_path / "rootCA.crt", tls_ca_key_file=tmp_path / "rootCA.key", advertise_address=("127.0.0.1",)
    )
    config.tls_ca_file.write_bytes(files_ca.cert_pem())
    config.tls_ca_key_file.write_bytes(files_ca.key_pem())
    try:
        loaded = await pki.load_or_create(kube, config, now=datetime.now(UTC))
        assert loaded.ca.cert_der == files_ca.cert_der
        assert await pki.read_secret(kube, "casecret") == {"cadata": files_ca.cert_der, "cakeydata": files_ca.key_der}
        loaded.server.certificate.verify_directly_issued_by(files_ca.certificate)  # reissued under the new CA
    finally:
        await pki.save_secret(kube, "casecret", {"cadata": cloud.ca.cert_der, "cakeydata": cloud.ca.key_der})
        await pki.save_secret(
            kube, "cloudcoresecret", {"cloudcoredata": cloud.server.cert_der, "cloudcorekeydata": cloud.server.key_der}
        )


# --- cert server -----------------------------------------------------------------------------------


async def test_ca_crt_is_der(server: CertServer, cloud: pki.CloudPKI) -> None:
    async with (
        aiohttp.ClientSession(timeout=TIMEOUT) as session,
        session.get(_url(server, "/ca.crt"), ssl=False) as response,
    ):
        assert response.status == 200
        body = await response.read()
    assert body == cloud.ca.cert_der
    assert x509.load_der_x509_certificate(body).serial_number == 1024


async def test_edge_crt_with_a_valid_token(server: CertServer, cloud: pki.CloudPKI) -> None:
    names = [x509.DNSName("edge-a.local"), x509.IPAddress(ipaddress.ip_address("192.0.2.10"))]
    key, csr = _csr("edge-a", names=names)
    jwt = join.parse_token(_token(cloud)).jwt
    status, body, _ = await _edge_crt(server, _verifying(cloud), csr, Authorization=f"Bearer {jwt}", NodeName="edge-a")
    assert status == 200, body
    cert = x509.load_der_x509_certificate(body)
    assert cert.subject.rfc4514_string() == "CN=system:node:edge-a,O=system:nodes"
    cert.verify_directly_issued_by(cloud.ca.certificate)
    assert cert.public_key() == key.public_key()
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["edge-a.local"]
    assert sans.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("192.0.2.10")]
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == timedelta(days=30)
    assert list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [
        ExtendedKeyUsageOID.CLIENT_AUTH
    ]
    status, body, _ = await _edge_crt(
        server, _verifying(cloud), csr, Authorization=f"Bearer {jwt}", NodeName="edge-a", ExtKeyUsages="[1,2]"
    )
    usages = x509.load_der_x509_certificate(body).extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usages) == [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]


@pytest.mark.parametrize(
    ("make_header", "reason"),
    [
        (lambda cloud: "", "token validation failure, token is empty"),
        (
            lambda cloud: "Bearer " + join.parse_token(_token(cloud, key=b"not the CA key")).jwt,
            "token validation failure, err: token signature is invalid: signature is invalid",
        ),
        (
            lambda cloud: "Bearer " + join.parse_token(_token(cloud, exp=time.time() - 5)).jwt,
            "token validation failure, err: token has invalid claims: token is expired",
        ),
    ],
)
async def test_edge_crt_with_a_bad_token_is_401(
    server: CertServer, cloud: pki.CloudPKI, make_header: Callable[[pki.CloudPKI], str], reason: str
) -> None:
    _, csr = _csr("edge-b")
    headers = {"NodeName": "edge-b"}
    if header := make_header(cloud):
        headers["Authorization"] = header
    status, body, content_type = await _edge_crt(server, _verifying(cloud), csr, **headers)
    assert (status, body.decode(), content_type) == (401, reason, "text/plain")


def _client_context(
    cloud: pki.CloudPKI, tmp_path: Path, key: ec.EllipticCurvePrivateKey, cert_der: bytes
) -> ssl.SSLContext:
    cert_file, key_file = tmp_path / "client.crt", tmp_path / "client.key"
    cert_file.write_bytes(x509.load_der_x509_certificate(cert_der).public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    ctx = _verifying(cloud)
    ctx.load_cert_chain(cert_file, key_file)
    return ctx


async def test_renewal_is_bound_to_the_certificate_node(
    server: CertServer, cloud: pki.CloudPKI, tmp_path: Path
) -> None:
    key, csr = _csr("node-a")
    jwt = join.parse_token(_token(cloud)).jwt
    status, cert_der, _ = await _edge_crt(
        server, _verifying(cloud), csr, Authorization=f"Bearer {jwt}", NodeName="node-a"
    )
    assert status == 200
    as_a = _client_context(cloud, tmp_path, key, cert_der)
    # Renewal as itself, without a token: allowed.
    _, fresh = _csr("node-a")
    status, renewed, _ = await _edge_crt(server, as_a, fresh, NodeName="node-a")
    assert status == 200
    assert x509.load_der_x509_certificate(renewed).subject.rfc4514_string() == "CN=system:node:node-a,O=system:nodes"
    # Node A's certificate asking as node B: refused, even with a valid token alongside.
    _, for_b = _csr("node-b")
    status, body, _ = await _edge_crt(server, as_a, for_b, NodeName="node-b", Authorization=f"Bearer {jwt}")
    assert status == 401
    assert body.decode() == (
        "failed to verify the certificate for edgenode: node-b, "
        "err: request node name is not match with the certificate"
    )
    # Node A's certificate, as node A, asking for a certificate naming node B: refused too.
    status, body, _ = await _edge_crt(server, as_a, for_b, NodeName="node-a")
    assert status == 401
    assert "'system:node:node-b'" in body.decode()


async def test_token_cannot_ask_for_another_node(server: CertServer, cloud: pki.CloudPKI) -> None:
    _, csr = _csr("node-c")
    jwt = join.parse_token(_token(cloud)).jwt
    status, _body, _ = await _edge_crt(server, _verifying(cloud), csr, Authorization=f"Bearer {jwt}", NodeName="node-d")
    assert status == 401


async def test_body_limit_and_bad_csr(server: CertServer, cloud: pki.CloudPKI) -> None:
    jwt = join.parse_token(_token(cloud)).jwt
    auth = {"Authorization": f"Bearer {jwt}", "NodeName": "n"}
    status, body, _ = await _edge_crt(server, _verifying(cloud), io.BytesIO(b"x" * (join.MAX_BODY_BYTES + 1)), **auth)
    assert status == 500
    assert body.decode() == (
        "failed to sign certs for edgenode n, err: fail to read file when signing the cert, err: "
        "http: request body too large"
    )
    status, body, _ = await _edge_crt(server, _verifying(cloud), b"not a csr", **auth)
    assert status == 500
    assert body.decode().startswith("failed to sign certs for edgenode n, err: failed to parse csr")


async def test_node_endpoint(server: CertServer, cloud: pki.CloudPKI, kube: KubeClient) -> None:
    node = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "present-node"}}
    await kube.create(GVR("", "v1", "nodes"), node)
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        for name, expected in (("present-node", (200, "Node found")), ("absent-node", (404, "Node not found"))):
            async with session.get(_url(server, f"/node/{name}"), ssl=_verifying(cloud)) as response:
                assert (response.status, await response.text()) == expected


# --- edge bootstrap -------------------------------------------------------------------------------------


def _edge_config(server: CertServer, tmp_path: Path, token: str, node: str) -> certificate.CertificateConfig:
    return certificate.CertificateConfig(
        node_name=node,
        http_server=f"https://127.0.0.1:{server.port}",
        tls_ca_file=tmp_path / node / "ca" / "rootCA.crt",
        tls_cert_file=tmp_path / node / "certs" / "server.crt",
        tls_private_key_file=tmp_path / node / "certs" / "server.key",
        token=token,
        request_timeout=10,
    )


async def test_edge_bootstrap_and_rotation_end_to_end(
    server: CertServer, cloud: pki.CloudPKI, kube: KubeClient, tmp_path: Path
) -> None:
    token = await TokenWriter(kube, cloud.ca, refresh_hours=12).write_once()
    stored = await pki.read_secret(kube, "tokensecret")
    assert stored == {"tokendata": token.encode()}
    config = _edge_config(server, tmp_path, token, "edge-e2e")
    rotated: list[certificate.EdgeIdentity] = []

    async def on_rotated(identity: certificate.EdgeIdentity) -> None:
        rotated.append(identity)

    manager = certificate.CertManager(config, on_rotated=on_rotated)
    identity = await manager.ensure()
    assert identity.certificate.subject.rfc4514_string() == "CN=system:node:edge-e2e,O=system:nodes"
    assert config.tls_ca_file.read_bytes() == cloud.ca.cert_pem()
    assert stat.S_IMODE(config.tls_private_key_file.stat().st_mode) == 0o600
    assert config.tls_private_key_file.read_bytes().startswith(b"-----BEGIN EC PRIVATE KEY-----")
    assert config.tls_cert_file.read_bytes() == identity.cert_pem
    # A restart loads what is on disk, without the token.
    restarted = certificate.CertManager(certificate.CertificateConfig(**{**_fields(config), "token": ""}))
    assert (await restarted.ensure()).cert_pem == identity.cert_pem
    # Rotation authenticates with the current certificate only.
    renewed = await manager.rotate_now()
    assert rotated == [renewed]
    assert renewed.certificate.serial_number != identity.certificate.serial_number
    assert renewed.certificate.public_key() != identity.certificate.public_key()
    assert config.tls_cert_file.read_bytes() == renewed.cert_pem
    loaded, reason = certificate.load_identity(config, now=datetime.now(UTC))
    assert loaded is not None, reason


def _fields(config: certificate.CertificateConfig) -> dict[str, Any]:
    return {field.name: getattr(config, field.name) for field in dataclasses.fields(config)}


async def test_edge_bootstrap_with_a_wrong_token(server: CertServer, cloud: pki.CloudPKI, tmp_path: Path) -> None:
    other = pki.KeyPair.from_objects(
        pki.build_ca(key := ec.generate_private_key(ec.SECP256R1()), now=datetime.now(UTC)), key
    )
    wrong_ca = join.create_token(ca_der=other.cert_der, ca_key_der=other.key_der, expires_at=int(time.time()) + 60)
    with pytest.raises(certificate.JoinError, match=r"^token does not match the cloud's CA"):
        await certificate.bootstrap(_edge_config(server, tmp_path, wrong_ca, "edge-x"))
    expired = _token(cloud, exp=time.time() - 1)
    config = _edge_config(server, tmp_path, expired, "edge-y")
    with pytest.raises(certificate.JoinError) as refused:
        await certificate.bootstrap(config)
    assert str(refused.value) == (
        "the cloud refused the token: token validation failure, err: token has invalid claims: token is expired"
    )
    assert not config.tls_cert_file.exists()
    assert not config.tls_private_key_file.exists()


# --- keadm gettoken ---------------------------------------------------------------------------------------


async def test_keadm_gettoken(apiserver: RunningApiServer, kube: KubeClient, cloud: pki.CloudPKI) -> None:
    command = [sys.executable, "-m", "kubeedge.keadm.cli", "gettoken", "--kube-config", str(apiserver.kubeconfig)]

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)

    await TokenWriter(kube, cloud.ca, refresh_hours=12).write_once()
    await kube.delete(SECRETS, "tokensecret", "kubeedge")
    missing = await asyncio.to_thread(run)
    assert missing.returncode == 1
    assert missing.stdout == ""
    assert "kubeedge/tokensecret does not exist" in missing.stderr
    token = await TokenWriter(kube, cloud.ca, refresh_hours=12).write_once()
    found = await asyncio.to_thread(run)
    assert (found.returncode, found.stdout, found.stderr) == (0, token + "\n", "")
    join.parse_token(found.stdout).check_ca(cloud.ca.cert_der)
