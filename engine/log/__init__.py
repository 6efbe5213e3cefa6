"""The daily log read back: patterns, history, the summary line, the status line
(``nervecheck status``), the clinician report, the training load and insights
(``load``, ``insights``: docs/insights.md) and the exchange formats (JSON Lines and CSV
import and export).

It imports the kernel modules and :mod:`nervecheck.engine.store`; never the triage or
the routines. :mod:`.runs` (issue 16: stored activities, the day's run, shoes) also
imports the watch room, only inside the functions that import files.
"""
