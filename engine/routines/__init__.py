"""Exercise routines: the catalogue and its unlock rules (:mod:`.plan`) and a guided
session with its timers (:mod:`.session`).

It imports the kernel modules and :mod:`nervecheck.engine.store`; never the triage or
the log.
"""
