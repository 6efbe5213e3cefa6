"""NerveCheck's content: the triage tree and the exercise routines, as JSON data.

Files here are read through :mod:`importlib.resources`, so they work from a wheel as
well as from a checkout. See ``docs/content.md`` for how to edit them.
"""
