"""The warning signs a routine shows: stop rules (emergency now) and notes (help today).

Only layout lives here; which signs, in which words, and what to do are content
(``content/routines.json``), checked by :mod:`nervecheck.engine.routines.plan` when it loads.
"""

from __future__ import annotations

from textual.content import Content

from nervecheck.engine.routines.plan import WarningSigns


def warning_signs_text(signs: WarningSigns) -> Content:
    """Both tiers, each as its action in bold then one bullet per line of signs."""
    stop = [Content.styled(signs.stop_action, "bold $error")]
    stop += [Content(f" • {line.text}") for line in signs.stop_rules]
    urgent = [Content.styled(signs.urgent_action, "bold $warning")]
    urgent += [Content(f" • {line.text}") for line in signs.notes]
    return Content("\n").join([*stop, Content(""), *urgent])
