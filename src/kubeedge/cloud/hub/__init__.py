"""CloudHub: the cloud end of the cloud-edge link (PKI, join tokens, cert server)."""
