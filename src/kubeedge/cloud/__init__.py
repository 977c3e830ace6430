"""CloudCore: the cloud half of KubeEdge (CloudHub, EdgeController, DeviceController, SyncController)."""
