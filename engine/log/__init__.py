"""The daily log read back: patterns, history, the summary line, the status line
(``nervecheck status``), the clinician report (``report``: its numbers in
``report_data``, the page in ``report_html``, the chart in ``report_chart``, the files in
``report_files``), the chart's numbers (``chart``), the training load and insights
(``load``, ``insights``: docs/insights.md; ``load.from_store`` is the one joined log of
typed and imported runs they all read) and the exchange formats (JSON Lines and CSV
import and export).

It imports the kernel modules and :mod:`nervecheck.engine.store`; never the triage or
the routines. :mod:`.runs` (issue 16: stored activities, the day's run, shoes) also
imports the watch room, only inside the functions that import files.
"""
