"""NerveCheck: an offline terminal app for runners who live with nerve pain.

The installed package is this one namespace. Its rooms live at the repository's top
level and are mapped in by ``pyproject.toml``:

* :mod:`nervecheck.engine`: the domain (store, triage, log, routines); no Textual.
* :mod:`nervecheck.tui`: the Textual app; no clinical logic.
* :mod:`nervecheck.content`: the triage tree and the routines, as JSON data.
* :mod:`nervecheck.cli`: the command line, the composition root above both.

See ``docs/architecture.md``.
"""

__version__ = "0.2.0"
