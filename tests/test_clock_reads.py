"""Only engine/clock.py reads the real clock or the machine's time zone.

Everything else takes a :class:`nervecheck.engine.clock.Clock`, so tests (and the command line)
can inject one. This scans the source of every shipped package and the benchmarks.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("nervecheck", "engine", "tui", "content", "bench")
ALLOWED = {Path("engine/clock.py")}

#: Calls that read the wall clock or convert with the machine's zone. ``.astimezone()``
#: with no argument is the machine's zone; ``time.monotonic``/``perf_counter`` are
#: timers, not calendar reads, and are allowed.
READS = re.compile(
    r"\b(?:date|datetime)\.today\("
    r"|\bdatetime\.now\("
    r"|\butcnow\("
    r"|\btime\.time(?:_ns)?\("
    r"|\bfromtimestamp\("
    r"|\butcfromtimestamp\("
    r"|\b(?:time\.)?localtime\("
    r"|\bmktime\("
    r"|\btime\.ctime\("
    r"|\btime\.strftime\("
    r"|\.astimezone\(\s*\)"
)


def clock_reads(text: str) -> list[tuple[int, str]]:
    """``(line number, line)`` for every real-clock read in ``text`` (comments skipped)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        if READS.search(code):
            found.append((number, line.strip()))
    return found


def test_the_scanner_finds_every_kind_of_read() -> None:
    reads = [
        "x = dt.date.today()", "x = date.today()", "x = datetime.datetime.now()", "x = dt.datetime.now(tz)",
        "x = datetime.utcnow()", "x = time.time()", "x = time.time_ns()", "x = dt.datetime.fromtimestamp(s)",
        "x = datetime.utcfromtimestamp(s)", "x = time.localtime()", "x = localtime()", "x = time.mktime(t)",
        "x = moment.astimezone()", "x = moment.astimezone( )", "x = dt.datetime.today()", "x = time.ctime()",
        "x = time.strftime('%H')",
    ]
    assert [n for n, _ in clock_reads("\n".join(reads))] == list(range(1, len(reads) + 1))


def test_the_scanner_lets_timers_conversions_and_comments_be() -> None:
    fine = [
        "x = time.monotonic()", "x = time.perf_counter()", "x = clock.now()", "x = clock.today()",
        "x = moment.astimezone(zone)", "x = moment.astimezone(dt.timezone.utc)", "# date.today() is not called",
        "x = self.app.clock.local(check.time)", "y = now.strftime('%H:%M')",
    ]
    assert clock_reads("\n".join(fine)) == []


def test_no_module_but_engine_clock_reads_the_real_clock() -> None:
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in ALLOWED:
                continue
            found += [f"{relative}:{n}: {line}" for n, line in clock_reads(path.read_text(encoding="utf-8"))]
    assert found == [], "read the clock through nervecheck.engine.clock instead:\n" + "\n".join(found)


def test_the_scan_covers_the_packages() -> None:
    """The scan would pass on an empty tree; make sure it read the real one."""
    scanned = {p.relative_to(ROOT).parts[0] for folder in SCANNED for p in (ROOT / folder).rglob("*.py")}
    assert {"engine", "tui", "bench"} <= scanned
    assert clock_reads((ROOT / "engine" / "clock.py").read_text(encoding="utf-8")), "clock.py should read it"


def test_no_test_reads_the_real_clock() -> None:
    """Tests use the injected clock (tests/conftest.py's NOW); the only real-clock test,
    in test_clock.py, goes through SystemClock with its zone pinned. conftest.py may
    read the moved system clock to check that it took effect."""
    allowed = {Path("tests/conftest.py"), Path("tests/test_clock_reads.py")}
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative not in allowed:
            found += [f"{relative}:{n}: {line}" for n, line in clock_reads(path.read_text(encoding="utf-8"))]
    assert found == [], "use the FixedClock of tests/conftest.py instead:\n" + "\n".join(found)
