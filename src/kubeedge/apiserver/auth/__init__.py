"""Who is asking, and may they: the apiserver's authentication and authorization.

- :mod:`.authn`: client certificates, static bearer tokens (:mod:`.tokenfile`), anonymous;
- :mod:`.authz`: the fixed policy (masters, discovery, node identities, default deny), built on
  :mod:`.attributes` (the request facts), :mod:`.nodeauthz` (what a node may do) and
  :mod:`.nodegraph` (which pods, secrets and configmaps belong to which node).

Everything here is pure: no sockets, no files except the token file read at start.
"""

from __future__ import annotations

__all__: list[str] = []
