"""Label and field selectors, parsed and matched exactly as kube-apiserver does.

Callers import the modules: ``labels.parse(...)``/``labels.from_label_selector(...)`` for label
selectors, ``fields.parse(...)``, ``fields.validate_for(...)`` and ``fields.field_values(...)``
for field selectors. Everything here is pure: strings and dicts in, values or StatusError out.
"""

from __future__ import annotations

from kubeedge.apiserver.selectors import fields, labels

__all__ = ["fields", "labels"]
