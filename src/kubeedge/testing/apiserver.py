"""Run a real ``kubeedge-apiserver`` process for tests, and drive it with ``kubectl``."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import ssl
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubeedge.testing.processes import free_port, stop_process, wait_for

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

__all__ = ["RunningApiServer", "api_call", "issue_client_identity", "start_apiserver"]


@dataclass
class RunningApiServer:
    process: subprocess.Popen[bytes]
    data_dir: Path
    port: int
    log_path: Path
    cache_dir: Path
    extra_args: Sequence[str] = field(default_factory=tuple)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def kubeconfig(self) -> Path:
        return self.data_dir / "admin.kubeconfig"

    def kubectl(
        self, *args: str, input: str | None = None, check: bool = True, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        """Run kubectl against this server; raises with kubectl's output if it fails and check is set."""
        cmd = ["kubectl", f"--kubeconfig={self.kubeconfig}", f"--cache-dir={self.cache_dir}", *args]
        result = subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=timeout, check=False)
        if check and result.returncode != 0:
            raise AssertionError(
                f"kubectl {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        return result

    def kubectl_json(self, *args: str) -> Any:
        return json.loads(self.kubectl(*args, "-o", "json").stdout)

    def ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=str(self.data_dir / "pki" / "ca.crt"))
        ctx.load_cert_chain(str(self.data_dir / "pki" / "admin.crt"), str(self.data_dir / "pki" / "admin.key"))
        return ctx

    def is_ready(self) -> bool:
        if not self.kubeconfig.exists():
            return False
        try:
            ctx = ssl.create_default_context(cafile=str(self.data_dir / "pki" / "ca.crt"))
            with urllib.request.urlopen(f"{self.url}/readyz", context=ctx, timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def stop(self, sig: int = signal.SIGTERM) -> int:
        return stop_process(self.process, sig=sig)

    def restart(self) -> None:
        self.stop()
        self.process = _spawn(self.data_dir, self.port, self.log_path, self.extra_args)
        _wait_ready(self)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def _spawn(data_dir: Path, port: int, log_path: Path, extra: Sequence[str]) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "kubeedge.apiserver",
        "--data-dir",
        str(data_dir),
        "--bind-address",
        "127.0.0.1",
        "--secure-port",
        str(port),
        *extra,
    ]
    log = open(log_path, "ab")  # noqa: SIM115 - handed to the child; closed right after spawning
    try:
        env = dict(os.environ)
        env.pop("PYTHONASYNCIODEBUG", None)  # debug mode slows the server several times over
        return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    finally:
        log.close()


def _wait_ready(server: RunningApiServer) -> None:
    def ready() -> bool:
        if server.process.poll() is not None:
            raise RuntimeError(f"kubeedge-apiserver exited with {server.process.returncode}:\n{server.log()}")
        return server.is_ready()

    wait_for(ready, timeout=60, what="kubeedge-apiserver to become ready")


@contextlib.contextmanager
def start_apiserver(workdir: Path, *, extra_args: Sequence[str] = ()) -> Iterator[RunningApiServer]:
    """Start an apiserver with its data under ``workdir``; stop it (by PID) when the block ends."""
    data_dir = workdir / "apiserver"
    cache_dir = workdir / "kubectl-cache"
    port = free_port()
    log_path = workdir / "apiserver.log"
    server = RunningApiServer(
        process=_spawn(data_dir, port, log_path, extra_args),
        data_dir=data_dir,
        port=port,
        log_path=log_path,
        cache_dir=cache_dir,
        extra_args=tuple(extra_args),
    )
    try:
        _wait_ready(server)
        yield server
    finally:
        server.stop()


def issue_client_identity(
    server: RunningApiServer, *, user: str, groups: Sequence[str], out_dir: Path
) -> ssl.SSLContext:
    """A TLS client context for a new identity signed by the server's CA (tests of authn/authz)."""
    from datetime import UTC, datetime

    from kubeedge.apiserver import pki

    loaded = pki.load_or_create(server.data_dir, bind_address="127.0.0.1", now=datetime.now(UTC))
    cert_pem, key_pem = pki.issue_client_certificate(loaded, common_name=user, organizations=list(groups), days=1)
    out_dir.mkdir(parents=True, exist_ok=True)
    cert_path = out_dir / f"{user.replace(':', '_')}.crt"
    key_path = out_dir / f"{user.replace(':', '_')}.key"
    cert_path.write_bytes(cert_pem)
    key_path.write_bytes(key_pem)
    ctx = ssl.create_default_context(cafile=str(server.data_dir / "pki" / "ca.crt"))
    ctx.load_cert_chain(str(cert_path), str(key_path))
    return ctx


def api_call(
    server: RunningApiServer,
    method: str,
    path: str,
    body: bytes | None = None,
    *,
    content_type: str = "application/json",
    context: ssl.SSLContext | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """One raw HTTPS request; returns (status, decoded JSON or text). Admin credentials by default."""
    import urllib.error

    ctx = context or server.ssl_context()
    request = urllib.request.Request(server.url + path, data=body, method=method)
    if body is not None:
        request.add_header("Content-Type", content_type)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, context=ctx, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw.startswith(b"{") else raw.decode()
    except urllib.error.HTTPError as error:
        raw = error.read()
        error.close()
        return error.code, json.loads(raw) if raw.startswith(b"{") else raw.decode()
