"""EdgeHub: the edge end of the cloud-edge link (certificates so far; the hub module comes next)."""

__all__: list[str] = []
