"""Server-side printing: the ``Table`` responses ``kubectl get`` renders.

``convert.to_table`` is the entry point; ``duration`` and ``jsonpath`` are the pieces kube's
printers are built from (human ages, CRD printer columns). Pure code: objects and the current
time in, a JSON-ready dict out.
"""

from __future__ import annotations

from kubeedge.apiserver.tables import convert, duration, jsonpath

__all__ = ["convert", "duration", "jsonpath"]
