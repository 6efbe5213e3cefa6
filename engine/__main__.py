"""``python -m engine``: the same as the ``nervecheck`` command."""

from engine.cli import script

script()
