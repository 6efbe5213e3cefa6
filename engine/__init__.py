"""NerveCheck's domain layer: models, store, triage, log analytics and the CLI.

Nothing in this package imports Textual: the command line must start fast and the
clinical logic must be testable without a UI.
"""

__version__ = "0.1.0"
