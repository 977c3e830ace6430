"""``python -m kubeedge.apiserver`` is ``kubeedge-apiserver``."""

import sys

from kubeedge.apiserver.cli import main

sys.exit(main())
