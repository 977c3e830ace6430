"""Bodies encoded by real Go code (kubectl 1.32) decode to exactly what kubectl prints as JSON.

The fixtures were captured by ``_kubectl_capture.py`` (run it to regenerate them): ``<name>.bin`` is
the protobuf body kubectl POSTed, ``<name>.json`` its ``--dry-run=client -o json`` output for the
same command. When kubectl is installed the same comparison also runs live.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from _kubectl_capture import COMMANDS, DEBUG_COPY, capture, dry_run, kubectl_path, materialize

from kubeedge.apiserver.protobuf import PROTOBUF_CONTENT_TYPE, decode_object

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_golden_kubectl_bodies(name: str) -> None:
    decoded = decode_object((FIXTURES / f"{name}.bin").read_bytes())
    expected = json.loads((FIXTURES / f"{name}.json").read_text())
    assert decoded == expected
    # Same fields in the same order: the JSON text Go would print.
    assert json.dumps(decoded) == json.dumps(expected)


def _debug_copy_expected(source: dict[str, Any]) -> dict[str, Any]:
    """What ``kubectl debug pod/p --copy-to=p2 --image=busybox --container=dbg`` creates from ``source``."""
    spec = copy.deepcopy(source["spec"])
    del spec["nodeName"]  # the copy may land on any node
    spec["containers"].append({"name": "dbg", "image": "busybox", "resources": {}, "terminationMessagePolicy": "File"})
    metadata = {"name": "p2", "namespace": "default", "creationTimestamp": None}
    metadata["annotations"] = source["metadata"]["annotations"]
    return {"kind": "Pod", "apiVersion": "v1", "metadata": metadata, "spec": spec, "status": {}}


def test_golden_pod_copied_by_kubectl_debug() -> None:
    """A PodSpec with every kind of field (inline volume sources, probes, IntOrString ports...)."""
    source = json.loads((FIXTURES / "debug-copy-source.json").read_text())
    decoded = decode_object((FIXTURES / "debug-copy.bin").read_bytes(), expected_gvk=("", "v1", "Pod"))
    assert decoded == _debug_copy_expected(source)


_KUBECTL = kubectl_path()
live = pytest.mark.skipif(_KUBECTL is None, reason="kubectl is not installed on this host")


# A few representative commands; the golden fixtures cover the rest without spawning kubectl.
_LIVE = ["configmap-binary", "deployment-command", "secret-generic", "service-nodeport"]


@live
@pytest.mark.parametrize("name", _LIVE)
def test_live_kubectl_bodies(name: str, tmp_path: Path) -> None:
    assert _KUBECTL is not None
    materialize(tmp_path)
    captured = capture(COMMANDS[name], tmp_path, kubectl=_KUBECTL)
    assert captured is not None
    assert captured.method == "POST"
    assert captured.content_type == PROTOBUF_CONTENT_TYPE
    assert decode_object(captured.body) == dry_run(COMMANDS[name], tmp_path, kubectl=_KUBECTL)


@live
def test_live_kubectl_debug_copy(tmp_path: Path) -> None:
    assert _KUBECTL is not None
    source = json.loads((FIXTURES / "debug-copy-source.json").read_text())
    objects = {"/api/v1/namespaces/default/pods/p": source}
    captured = capture(DEBUG_COPY, tmp_path, kubectl=_KUBECTL, objects=objects)
    assert captured is not None
    assert captured.content_type == PROTOBUF_CONTENT_TYPE
    assert decode_object(captured.body) == _debug_copy_expected(source)
