"""kubeedge-py: KubeEdge rebuilt in Python, with an embedded Kubernetes-compatible control plane."""

__version__ = "0.1.0"
