"""python -m portal: see portal.cli."""

import sys

from .cli import main

sys.exit(main())
