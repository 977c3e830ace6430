"""Atomic private writes, PEM reads with file-naming errors, and kubeconfig files a real client loads."""

from __future__ import annotations

import base64
import stat
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
import yaml

from kubeedge.apiserver import pki, pki_files
from kubeedge.errors import StorageError

if TYPE_CHECKING:
    from pathlib import Path

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mode", [0o600, 0o644])
def test_atomic_write_replaces_content_and_sets_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "file"
    target.write_bytes(b"old")
    target.chmod(0o666)
    pki_files.atomic_write(target, b"new", mode=mode)
    assert target.read_bytes() == b"new"
    assert _mode(target) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_atomic_write_failure_leaves_no_temp_and_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "dir"
    target.mkdir()
    (target / "inside").write_text("x")  # os.replace cannot replace a non-empty directory
    with pytest.raises(StorageError, match="cannot write") as info:
        pki_files.atomic_write(target, b"data", mode=0o600)
    assert str(target) in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir"]


def test_atomic_write_into_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="temporary file"):
        pki_files.atomic_write(tmp_path / "missing" / "file", b"x", mode=0o600)


def test_read_optional(tmp_path: Path) -> None:
    assert pki_files.read_optional(tmp_path / "absent") is None
    (tmp_path / "present").write_bytes(b"abc")
    assert pki_files.read_optional(tmp_path / "present") == b"abc"
    with pytest.raises(StorageError, match="cannot read"):
        pki_files.read_optional(tmp_path)


def test_encrypted_key_is_refused(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )
    with pytest.raises(StorageError, match="encrypted"):
        pki_files.load_private_key(tmp_path / "k.key", pem)


def test_unsupported_key_type_is_refused(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    pem = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(StorageError, match="unsupported private key type"):
        pki_files.load_private_key(tmp_path / "k.key", pem)


def test_ensure_private_dir_creates_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    pki_files.ensure_private_dir(target)
    assert _mode(target) == 0o700


# --- kubeconfig -------------------------------------------------------------------------------


@pytest.fixture
def server_pki(tmp_path: Path) -> pki.ServerPKI:
    return pki.load_or_create(tmp_path / "data", bind_address="127.0.0.1", now=NOW)


def test_kubeconfig_embeds_credentials(tmp_path: Path, server_pki: pki.ServerPKI) -> None:
    path = tmp_path / "out" / "admin.kubeconfig"
    pki_files.write_kubeconfig(
        path,
        server_url="https://127.0.0.1:6443",
        ca_pem=server_pki.ca_pem,
        client_cert_pem=server_pki.admin_cert_pem,
        client_key_pem=server_pki.admin_key_pem,
        token=server_pki.admin_token,
    )
    assert _mode(path) == 0o600
    config = yaml.safe_load(path.read_text())
    assert config["apiVersion"] == "v1"
    assert config["kind"] == "Config"
    assert config["current-context"] == "kubernetes-admin@kubeedge"
    assert config["contexts"] == [
        {"name": "kubernetes-admin@kubeedge", "context": {"cluster": "kubeedge", "user": "kubernetes-admin"}}
    ]
    cluster = config["clusters"][0]
    assert cluster["name"] == "kubeedge"
    assert cluster["cluster"]["server"] == "https://127.0.0.1:6443"
    assert base64.b64decode(cluster["cluster"]["certificate-authority-data"]) == server_pki.ca_pem
    user = config["users"][0]
    assert user["name"] == "kubernetes-admin"
    assert base64.b64decode(user["user"]["client-certificate-data"]) == server_pki.admin_cert_pem
    assert base64.b64decode(user["user"]["client-key-data"]) == server_pki.admin_key_pem
    assert user["user"]["token"] == server_pki.admin_token


def test_kubeconfig_token_only(tmp_path: Path, server_pki: pki.ServerPKI) -> None:
    path = tmp_path / "node.kubeconfig"
    pki_files.write_kubeconfig(
        path,
        server_url="https://cloud:6443",
        ca_pem=server_pki.ca_pem,
        client_cert_pem=None,
        client_key_pem=None,
        token="tok",
        cluster_name="edge",
        user="bob",
    )
    config = yaml.safe_load(path.read_text())
    assert config["users"] == [{"name": "bob", "user": {"token": "tok"}}]
    assert config["current-context"] == "bob@edge"


def test_kubeconfig_loads_in_the_official_client(tmp_path: Path, server_pki: pki.ServerPKI) -> None:
    kubernetes_config = pytest.importorskip("kubernetes.config")
    path = tmp_path / "admin.kubeconfig"
    pki_files.write_kubeconfig(
        path,
        server_url="https://127.0.0.1:6443",
        ca_pem=server_pki.ca_pem,
        client_cert_pem=server_pki.admin_cert_pem,
        client_key_pem=server_pki.admin_key_pem,
        token=server_pki.admin_token,
    )
    api_client = kubernetes_config.new_client_from_config(config_file=str(path))
    try:
        configuration = api_client.configuration
        assert configuration.host == "https://127.0.0.1:6443"
        assert configuration.api_key["BearerToken"] == f"Bearer {server_pki.admin_token}"
        with open(configuration.ssl_ca_cert, "rb") as handle:
            assert handle.read() == server_pki.ca_pem
    finally:
        api_client.close()
