"""Micro-benchmark of the wire codec: µs per encode and per decode of a ~2 KB pod message.

Every message that crosses the cloud-edge link goes through :func:`kubeedge.wire.codec.encode`
on one side and :func:`~kubeedge.wire.codec.decode` on the other, so their cost bounds the
hub's throughput per core. The message is a pod insert as EdgeController sends it (spec §3.9).

Usage: python bench/wire_codec.py [--rounds 20000]
"""

from __future__ import annotations

import argparse
import timeit

from kubeedge.wire import codec, message


def pod_message() -> message.Message:
    """A pod insert from edgecontroller, about 2 KB of JSON."""
    containers = [
        {
            "name": f"app-{i}",
            "image": f"registry.example.com/team/app-{i}:1.2.{i}",
            "args": ["--listen=:8080", "--log-level=info", f"--shard={i}"],
            "env": [{"name": "MODE", "value": "edge"}, {"name": "REGION", "value": "eu-west"}],
            "ports": [{"containerPort": 8080 + i, "protocol": "TCP"}],
            "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m"}},
            "imagePullPolicy": "IfNotPresent",
        }
        for i in range(4)
    ]
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "nginx-7d9c",
            "namespace": "default",
            "uid": "8f2b6c1e-4a57-4d0e-9b7c-0c1f6f0a9e11",
            "resourceVersion": "834512",
            "labels": {"app": "nginx", "tier": "edge"},
            "annotations": {"kubeedge.io/owner": "bench"},
            "creationTimestamp": "2024-06-10T06:13:20Z",
        },
        "spec": {
            "nodeName": "edge-node-1",
            "containers": containers,
            "restartPolicy": "Always",
            "tolerations": [{"key": "node-role.kubernetes.io/edge", "operator": "Exists", "effect": "NoSchedule"}],
        },
        "status": {"phase": "Pending", "qosClass": "Burstable"},
    }
    return message.new_message(
        source=message.Module.EDGECONTROLLER,
        group=message.Group.RESOURCE,
        operation=message.Operation.INSERT,
        resource="default/pod/nginx-7d9c",
        content=pod,
        now_ms=1_718_000_000_123,
        resource_version="834512",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20_000)
    rounds = parser.parse_args().rounds
    msg = pod_message()
    frame = codec.encode(msg)
    assert codec.decode(frame) == msg
    for name, call in (("encode", lambda: codec.encode(msg)), ("decode", lambda: codec.decode(frame))):
        best = min(timeit.repeat(call, number=rounds, repeat=5)) / rounds
        print(f"wire codec {name}: {best * 1e6:.2f} µs per {len(frame)}-byte pod message")


if __name__ == "__main__":
    main()
