"""``python -m nervecheck``: the same as the ``nervecheck`` command."""

from nervecheck.cli import script

script()
