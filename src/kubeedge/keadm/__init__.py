"""keadm: the command-line tool to install, join and inspect a KubeEdge cluster."""
