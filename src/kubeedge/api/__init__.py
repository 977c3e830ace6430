"""Typed, versioned schemas at the system's boundary.

``kubeedge.api.config`` holds the config files (``cloudcore.yaml``, ``edgecore.yaml``) as frozen
pydantic models. This package sits at the bottom of the layer stack (above only ``_aio``): it
imports nothing from ``cloud``, ``edge``, ``wire`` or ``beehive``.
"""

__all__: list[str] = []
