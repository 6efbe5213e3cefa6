"""Figure g (issue 16): ``nervecheck runs import`` of a ten-year export, against the decoders alone.

Subject: ``nervecheck --db NEW runs import EXPORT`` run in-process (``nervecheck.cli.main``,
as the command runs it: every file read and checked, the activities made, deduplicated,
their documents checked and stored in one locked write), into a new database each
round. Baseline, in the same process and run, alternating: every file of the same
export read with the decoder alone, exactly as the importer calls it: ``fitdecode``'s
``FitReader`` with its CRC checked, every frame; ``defusedxml``'s ``fromstring`` for
GPX. Both read the files from the disk cache (a warm-up on a few files first).

Times are this process's CPU time (``time.process_time``), not the wall clock: both
sides run in this one process on one thread, and the import is seconds of pure
computation, so CPU time is what it costs and is not moved by other programs sharing
the cores (on a busy machine the wall-clock ratio of one round wandered from 0.9x to
1.5x; the work after the files are read, dedupe, documents and the write, is 0.2 s of
about 15).

Budget: at most 1.5x. The export is :mod:`watch_export`'s: about 2,000 activities.
"""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

from common import Row, Sample
from watch_export import build_export

from nervecheck.engine.clock import SystemClock  # benchmarks run on the real clock


def decode_only(folder: Path) -> int:
    """Read every activity file under ``folder`` with its decoder alone; how many."""
    import defusedxml.ElementTree as ElementTree
    import fitdecode

    count = 0
    for path in sorted((folder / "activities").iterdir()):
        data = path.read_bytes()
        if path.suffix == ".fit":
            with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE,
                                     error_handling=fitdecode.ErrorHandling.RAISE) as reader:
                for _frame in reader:
                    pass
        else:
            ElementTree.fromstring(data, forbid_dtd=True)
        count += 1
    return count


def run_import(folder: Path, db: Path) -> str:
    """``nervecheck --db DB runs import FOLDER`` in this process; its summary line."""
    from nervecheck.cli import main

    shutil.rmtree(db.parent, ignore_errors=True)
    out, err = io.StringIO(), io.StringIO()
    status = main(["--db", str(db), "runs", "import", str(folder)], out, err)
    if status != 0:
        raise RuntimeError(f"runs import exited {status}: {err.getvalue()[-300:]}")
    return out.getvalue().strip()


def _seconds(action) -> tuple[float, object]:
    """CPU seconds ``action`` took in this process (see the module), and its result."""
    start = time.process_time()
    result = action()
    return time.process_time() - start, result


def measure(home: Path, rounds: int) -> list[Row]:
    export = home / "watch-export"
    held = build_export(export, SystemClock().today())
    files = held["fit"] + held["gpx"]
    sample = home / "watch-sample"
    (sample / "activities").mkdir(parents=True, exist_ok=True)
    for path in sorted((export / "activities").iterdir())[:40]:
        shutil.copyfile(path, sample / "activities" / path.name)
    decode_only(sample)  # warm-up: the modules imported, the code paths run once
    run_import(sample, home / "import-warm" / "nervecheck.json")
    subjects, baselines, line = [], [], ""
    for index in range(rounds):
        seconds, count = _seconds(lambda: decode_only(export))
        baselines.append(seconds)
        seconds, line = _seconds(lambda: run_import(export, home / f"import-{index}" / "nervecheck.json"))
        subjects.append(seconds)
    added = f"activities added {files},"
    return [Row(f"g. runs import of a ten-year export ({held['fit']:,} FIT, {held['gpx']} GPX) "
                f"(vs the decoders alone), CPU time", Sample(subjects), Sample(baselines), ratio=1.5,
                note=str(line).split(",")[0], proof=str(line).startswith(added) and count == files)]
