"""EdgeCore: the edge half of KubeEdge (EdgeHub, MetaManager, Edged, EventBus, DeviceTwin)."""
