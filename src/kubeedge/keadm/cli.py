"""The ``keadm`` command line (spec §12). So far: ``keadm gettoken``.

``keadm gettoken [--kube-config FILE]`` prints the join token CloudCore keeps in the Secret
``kubeedge/tokensecret`` (key ``tokendata``). It exits 1 with one clear line on stderr if the
kubeconfig is unusable, the cluster cannot be reached, or there is no token yet.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kubeedge.cloud.hub import pki
from kubeedge.cloud.kube import KubeClient, load_kubeconfig
from kubeedge.errors import KedgeError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

DEFAULT_KUBECONFIG = "/root/.kube/config"


class CommandError(KedgeError):
    """A command failed in a way the user can act on; the message says how."""


async def _get_token(kubeconfig: Path, *, request_timeout: float) -> str:
    access = load_kubeconfig(kubeconfig)
    async with KubeClient(access, timeout=request_timeout) as kube:
        data = await pki.read_secret(kube, pki.TOKEN_SECRET)
    if data is None:
        raise CommandError(
            f"the Secret {pki.NAMESPACE}/{pki.TOKEN_SECRET} does not exist; is cloudcore running against this cluster?"
        )
    token = data.get(pki.TOKEN_DATA, b"").decode(errors="replace").strip()
    if not token:
        raise CommandError(f"the Secret {pki.NAMESPACE}/{pki.TOKEN_SECRET} has no {pki.TOKEN_DATA}")
    return token


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="keadm", description="Install, join and inspect KubeEdge clusters.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    gettoken = commands.add_parser("gettoken", help="print the token edge nodes join with")
    gettoken.add_argument(
        "--kube-config",
        default=DEFAULT_KUBECONFIG,
        help=f"the kubeconfig of the cluster CloudCore runs against (default {DEFAULT_KUBECONFIG})",
    )
    gettoken.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the API server")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run keadm; returns the process exit code."""
    args = _parser().parse_args(argv)
    if args.command == "gettoken":
        try:
            token = asyncio.run(_get_token(Path(args.kube_config), request_timeout=args.timeout))
        except KedgeError as exc:
            print(f"keadm gettoken: {exc}", file=sys.stderr)
            return 1
        print(token)
        return 0
    return 2  # argparse rejects unknown commands before this


if __name__ == "__main__":
    sys.exit(main())
