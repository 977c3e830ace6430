"""The server as a process: restart keeps everything, kill -9 loses nothing acknowledged, bad dirs fail clearly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from kubernetes import client, config

from kubeedge.testing.apiserver import RunningApiServer


def _core(server: RunningApiServer) -> tuple[client.ApiClient, client.CoreV1Api]:
    api_client = config.new_client_from_config(config_file=str(server.kubeconfig))
    return api_client, client.CoreV1Api(api_client)


def test_sigterm_is_graceful_and_restart_keeps_data_and_credentials(fresh_apiserver: RunningApiServer) -> None:
    api_client, core = _core(fresh_apiserver)
    try:
        core.create_namespaced_config_map("default", {"metadata": {"name": "kept"}, "data": {"k": "v"}})
        rv = int(core.read_namespaced_config_map("kept", "default").metadata.resource_version)
    finally:
        api_client.close()
    ca = (fresh_apiserver.data_dir / "pki" / "ca.crt").read_bytes()
    kubeconfig = fresh_apiserver.kubeconfig.read_text()
    assert fresh_apiserver.stop(signal.SIGTERM) == 0
    fresh_apiserver.restart()
    assert (fresh_apiserver.data_dir / "pki" / "ca.crt").read_bytes() == ca
    assert fresh_apiserver.kubeconfig.read_text() == kubeconfig
    api_client, core = _core(fresh_apiserver)
    try:
        assert core.read_namespaced_config_map("kept", "default").data == {"k": "v"}
        core.create_namespaced_config_map("default", {"metadata": {"name": "after"}})
        after = int(core.read_namespaced_config_map("after", "default").metadata.resource_version)
        assert after > rv
    finally:
        api_client.close()


def test_kill_9_loses_no_acknowledged_write(fresh_apiserver: RunningApiServer) -> None:
    api_client, core = _core(fresh_apiserver)
    acknowledged: list[str] = []
    stop = threading.Event()

    def writer(worker: int) -> None:
        i = 0
        while not stop.is_set():
            name = f"w{worker}-{i}"
            try:
                core.create_namespaced_config_map("default", {"metadata": {"name": name}})
            except Exception:
                return
            acknowledged.append(name)
            i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    while len(acknowledged) < 200:
        threading.Event().wait(0.01)
    os.kill(fresh_apiserver.process.pid, signal.SIGKILL)
    fresh_apiserver.process.wait(timeout=10)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    api_client.close()
    fresh_apiserver.restart()
    api_client, core = _core(fresh_apiserver)
    try:
        stored = {i.metadata.name for i in core.list_namespaced_config_map("default").items}
        missing = [name for name in acknowledged if name not in stored]
        assert missing == []
    finally:
        api_client.close()


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kubeedge.apiserver", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_unwritable_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = _run_cli("--data-dir", str(blocker / "sub"), "--secure-port", "0")
    assert result.returncode == 1
    assert str(blocker) in result.stderr


def test_corrupt_database_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "state.db").write_bytes(b"garbage" * 1000)
    result = _run_cli("--data-dir", str(data), "--secure-port", "0")
    assert result.returncode == 1
    assert "state.db" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_flag_exits_2(tmp_path: Path) -> None:
    result = _run_cli("--data-dir", str(tmp_path), "--secure-port", "99999")
    assert result.returncode == 2


def test_second_server_on_same_dir_is_refused(fresh_apiserver: RunningApiServer) -> None:
    result = _run_cli("--data-dir", str(fresh_apiserver.data_dir), "--secure-port", "0")
    assert result.returncode == 1
    assert "another kubeedge-apiserver" in result.stderr
