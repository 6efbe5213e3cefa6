"""Run one ``nervecheck`` command in-process and say which heavy modules it imported.

``python bench/modules_probe.py OUT.json -- ARGS...`` runs ``nervecheck.cli.main(ARGS)``
with its output discarded, then writes ``{"status", "textual", "rich", "modules"}``
to OUT.json. Used by figure b to prove CLI commands never import Textual.
"""

from __future__ import annotations

import io
import json
import sys


def main() -> None:
    out_path, args = sys.argv[1], sys.argv[3:]
    from nervecheck.cli import main as cli

    status = cli(args, out=io.StringIO(), err=io.StringIO())
    loaded = sorted(sys.modules)
    report = {
        "status": status,
        "textual": [m for m in loaded if m == "textual" or m.startswith("textual.")][:5],
        "rich": [m for m in loaded if m == "rich" or m.startswith("rich.")][:5],
        "modules": len(loaded),
    }
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(report, handle)


if __name__ == "__main__":
    main()
