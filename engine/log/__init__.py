"""The daily log read back: patterns, history, the summary line, the status line
(``nervecheck status``), the clinician report and the exchange formats (JSON Lines and
CSV import and export).

It imports the kernel modules and :mod:`nervecheck.engine.store`; never the triage or
the routines.
"""
