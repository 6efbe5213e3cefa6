"""``python -m engine``: the same as the ``nervecheck`` command."""

import sys

from engine.cli import main

sys.exit(main())
