"""In-process timings in a fresh interpreter: Pilot at 80x24 and engine-side work.

``python bench/pilot_probe.py TASK DB RUNS`` prints one JSON object:
``{"values": [seconds...], "note": "..."}`` or ``{"na": "reason"}``. Tasks:

* ``keys-log`` / ``keys-check``: open the screen, then for each digit key the time
  from ``pilot.press`` to the first frame the app hands its driver (``App._display``,
  called once the compositor has rendered); ``keys-hello`` is the reference: a digit
  rewriting the Static of the bare hello world. (``press`` + ``pause`` alone measures
  Pilot's idle wait, about 85 ms, not the repaint.)
* ``history``: push the history screen (365 days when it takes ``days``); the times to
  its first frame and to the last frame before the app went idle (``settled``; Pilot's
  own idle wait is not counted); ``screen-ref`` does the same with a bare
  Header/Static/Footer screen on the same app.
* ``history-engine``: ``nervecheck.engine.log.history.history(store, today, 365)`` on an open store.
* ``report-engine``: ``nervecheck.engine.log.report.render(store, today, 28)`` on an open store.
* ``report``: ``nervecheck report --days 28`` run in-process, the database load included.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import io
import json
import sys
import time
from pathlib import Path

from nervecheck.engine.clock import SystemClock  # benchmarks run on the real clock

SIZE = (80, 24)
LOG_KEYS = "35203520"  # pain digits, each different from the one before
CHECK_KEYS = "22222"  # ticks and unticks the second sign of the first checklist; re-opened each round


def _screen_class(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as error:
        if error.name and module.startswith(error.name):
            return f"{module} does not exist yet"
        raise
    except AttributeError:
        return f"{module} has no {name}"


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _watch_frames(app) -> list[float]:
    """Record when the app hands each frame to its driver (the compositor has run)."""
    stamps: list[float] = []
    display = app._display

    def recorded(screen, renderable) -> None:
        if renderable is not None:
            stamps.append(time.perf_counter())
        display(screen, renderable)

    app._display = recorded
    return stamps


async def _keys(app, keys: str, rounds: int, screen=None) -> list[float]:
    """Key-to-frame times: from posting the key to the first frame after it."""
    times, frames = [], _watch_frames(app)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        for _ in range(rounds):
            if screen is not None:
                app.push_screen(screen())
                await _settle(pilot)
            for key in keys:
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                after = [stamp for stamp in frames if stamp > start]
                if after:
                    times.append(after[0] - start)
            if screen is not None:
                app.pop_screen()
                await _settle(pilot)
    return times


def _app(db: Path):
    from nervecheck.engine.store.repository import open_store
    from nervecheck.tui.app import build_app

    app = build_app(open_store(db))
    app.animation_level = "none"
    return app


def keys(task: str, db: Path, runs: int) -> dict:
    if task == "keys-hello":
        from hello_keys_app import HelloKeysApp

        return {"values": asyncio.run(_keys(HelloKeysApp(), LOG_KEYS, runs)), "note": "digit rewrites the Static"}
    module, name, keys_ = {"keys-log": ("nervecheck.tui.screens.log", "LogScreen", LOG_KEYS),
                           "keys-check": ("nervecheck.tui.screens.check", "CheckScreen", CHECK_KEYS)}[task]
    screen = _screen_class(module, name)
    if isinstance(screen, str):
        return {"na": screen}
    return {"values": asyncio.run(_keys(_app(db), keys_, runs, screen)), "note": f"keys {keys_!r}"}


def _bare_screen():
    """The reference screen: Header, Static, Footer, pushed on the same app."""
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    class BareScreen(Screen[None]):
        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()

    return BareScreen


def history_screen(db: Path, runs: int, reference: bool = False) -> dict:
    screen = _bare_screen() if reference else _screen_class("nervecheck.tui.screens.history", "HistoryScreen")
    if isinstance(screen, str):
        return {"na": screen}
    params = inspect.signature(screen).parameters
    kwargs = {"days": 365} if "days" in params else {}
    note = "365 days" if kwargs else "default range (HistoryScreen takes no days=)"
    if reference:
        note = "bare Header/Static/Footer screen"

    async def go() -> tuple[list[float], list[float]]:
        app, first, last = _app(db), [], []
        frames = _watch_frames(app)
        async with app.run_test(size=SIZE) as pilot:
            await _settle(pilot)
            for _ in range(runs + 1):
                start = time.perf_counter()
                app.push_screen(screen(**kwargs))
                await _settle(pilot)
                after = [stamp - start for stamp in frames if stamp > start] or [time.perf_counter() - start]
                first.append(after[0])
                last.append(after[-1])
                app.pop_screen()
                await _settle(pilot)
        return first[1:], last[1:]  # the first push imports and builds styles once

    first, last = asyncio.run(go())
    return {"values": first, "settled": last, "note": note}


def history_engine(db: Path, runs: int) -> dict:
    try:
        from nervecheck.engine.log.history import history
    except ModuleNotFoundError:
        return {"na": "nervecheck.engine.log.history does not exist yet"}
    from nervecheck.engine.store.repository import open_store

    store, today = open_store(db), SystemClock().today()
    history(store, today, 365)
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        history(store, today, 365)
        values.append(time.perf_counter() - start)
    return {"values": values}


def report_engine(db: Path, runs: int) -> dict:
    try:
        from nervecheck.engine.log.report import render
    except ModuleNotFoundError:
        return {"na": "nervecheck.engine.log.report does not exist yet"}
    from nervecheck.engine.store.repository import open_store

    store, today = open_store(db), SystemClock().today()
    render(store, today, 28)
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        render(store, today, 28)
        values.append(time.perf_counter() - start)
    return {"values": values}


def report(db: Path, runs: int) -> dict:
    from nervecheck.cli import main

    argv = ["--db", str(db), "report", "--days", "28"]
    err = io.StringIO()
    if main(argv, out=io.StringIO(), err=err) != 0:  # warm-up: imports the report code
        return {"na": "report fails: " + err.getvalue().strip()[:120]}
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        main(argv, out=io.StringIO(), err=io.StringIO())
        values.append(time.perf_counter() - start)
    return {"values": values, "note": "in-process, database load included"}


def main() -> None:
    task, db, runs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    if task.startswith("keys"):
        found = keys(task, db, runs)
    elif task in ("history", "screen-ref"):
        found = history_screen(db, runs, reference=task == "screen-ref")
    elif task == "history-engine":
        found = history_engine(db, runs)
    elif task == "report-engine":
        found = report_engine(db, runs)
    else:
        found = report(db, runs)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
