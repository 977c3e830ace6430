"""The cloud's one door to a Kubernetes API server: kubeconfig loading and an async REST client."""

from kubeedge.cloud.kube.client import GVR, KubeAPIError, KubeClient, WatchEvent
from kubeedge.cloud.kube.informer import reflect
from kubeedge.cloud.kube.kubeconfig import ClusterAccess, load_kubeconfig

__all__ = ["GVR", "ClusterAccess", "KubeAPIError", "KubeClient", "WatchEvent", "load_kubeconfig", "reflect"]
