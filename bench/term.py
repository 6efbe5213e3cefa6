"""A real terminal for the measured apps: a pty at 80x24, read with timestamps.

:class:`Terminal` forks the app on a pseudo-terminal sized 80x24 (``TIOCSWINSZ`` on
both ends, plus ``COLUMNS``/``LINES``), ``TERM=xterm-256color`` and truecolor, and
records every byte it writes with the time it arrived.

Peak RSS is the app's ``VmHWM`` read from ``/proc/PID/status`` half a second after its
screen has settled (so work deferred past the first frame still counts). ``os.wait4``'s ``ru_maxrss`` is not used for it: the child is forked from this
(large) benchmark process and Linux keeps the forked copy's high-water mark across
``exec``, so every app would look at least as big as the suite itself.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

ROWS, COLS = 24, 80
CTRL_Q = b"\x11"
QUIET = 0.05  # output silent this long after the marker: the screen has settled
RSS_AFTER = 0.5  # peak RSS is read this long after settling, so deferred loading counts
_ESCAPES = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_>=]")


def visible_text(raw: bytes) -> str:
    """What the output writes on screen, escape sequences removed."""
    return _ESCAPES.sub(b"", raw).decode("utf-8", "replace")


def terminal_env(base: dict[str, str]) -> dict[str, str]:
    return {**base, "TERM": "xterm-256color", "COLORTERM": "truecolor",
            "COLUMNS": str(COLS), "LINES": str(ROWS)}


def _set_size(fd: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))


@dataclass
class Exit:
    """How the child ended: status, ``ru_maxrss`` (see the module doc) and when."""

    status: int
    maxrss_mib: float
    seconds: float


class Terminal:
    """One app on one pty; times are seconds since the fork."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.output = bytearray()
        self.start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, become the app
            try:
                _set_size(0)
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        _set_size(fd)
        self.last_output = 0.0
        self.closed = False

    def now(self) -> float:
        return time.perf_counter() - self.start

    def _read(self, timeout: float) -> bool:
        """Read what is waiting (up to ``timeout``); False when nothing came."""
        if self.closed:
            return False
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.output += chunk
        self.last_output = self.now()
        return True

    def wait_for(self, marker: str, timeout: float = 20.0) -> float:
        """Seconds until the output first shows ``marker`` (the first frame with it)."""
        deadline = self.now() + timeout
        while marker not in visible_text(bytes(self.output)):
            if self.closed or self.now() > deadline:
                tail = visible_text(bytes(self.output[-400:]))
                raise TimeoutError(f"{marker!r} never appeared; last output: {tail!r}")
            self._read(deadline - self.now())
        return self.last_output

    def settle(self, quiet: float = QUIET, timeout: float = 5.0) -> float:
        """Read until the output is silent for ``quiet``; returns the last output time."""
        deadline = self.now() + timeout
        while self.now() < deadline and self._read(quiet):
            pass
        return self.last_output

    def drain(self, seconds: float) -> None:
        """Keep reading for ``seconds`` (lets deferred work after the first frame run)."""
        deadline = self.now() + seconds
        while self.now() < deadline:
            self._read(deadline - self.now())

    def press(self, key: bytes, quiet: float = QUIET) -> int:
        """Send ``key`` and return how many bytes the app wrote in answer."""
        self.settle(quiet)
        before = len(self.output)
        os.write(self.fd, key)
        self.settle(quiet)
        return len(self.output) - before

    def peak_rss_mib(self) -> float:
        """The app's peak resident set so far (``VmHWM``), in MiB; 0.0 if unknown."""
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def quit(self, key: bytes = CTRL_Q, timeout: float = 10.0) -> Exit:
        """Send the quit key, drain the output, reap the child with ``os.wait4``."""
        if not self.closed:
            try:
                os.write(self.fd, key)
            except OSError:
                pass
        deadline = self.now() + timeout
        while not self.closed and self.now() < deadline:
            self._read(0.2)
        return self._reap()

    def _reap(self, timeout: float = 5.0) -> Exit:
        deadline = self.now() + timeout
        pid, status, usage = os.wait4(self.pid, os.WNOHANG)
        while not pid and self.now() < deadline:
            time.sleep(0.002)
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
        if not pid:  # it ignored the quit key: stop it, the figure is still reported
            os.kill(self.pid, 9)
            pid, status, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return Exit(os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, self.now())


def first_frame(argv: Sequence[str], env: dict[str, str], marker: str) -> tuple[float, float, float, Exit]:
    """Start the app, wait for ``marker`` then for quiet, quit.

    Returns the time to the first frame with the marker, the time to the settled
    screen, the peak RSS (MiB) half a second after that, and how it exited.
    """
    term = Terminal(argv, terminal_env(env))
    try:
        frame = term.wait_for(marker)
        settled = term.settle()
        term.drain(RSS_AFTER)
        rss = term.peak_rss_mib()
    except BaseException:
        term.quit()
        raise
    return frame, settled, rss, term.quit()
