"""``log add --edit``: write the day's note in ``$VISUAL`` or ``$EDITOR`` (issue 18).

The editor opens a file holding the day's note as it is stored, followed by a few
instruction lines, each starting with ``#``. Whatever is above them when the editor
exits is the note, kept exactly as written (several lines included; a line of the
note that starts with ``#`` stays, only the instruction lines are left out), without
the line breaks editors add at the end.

The file is made owner-only (0600) in a new folder of its own (0700) in the system's
temporary folder, and removed afterwards. When the text cannot be saved (over the
note's limit, not UTF-8, or the editor failed after you wrote something) the file is
kept and its path said, so nothing typed is lost.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from nervecheck.cli.errors import UsageError, is_terminal
from nervecheck.engine.store.entry_rules import NOTE_MAX

#: The editor when neither ``$VISUAL`` nor ``$EDITOR`` is set (POSIX's, as git does).
FALLBACK_EDITOR = "vi"

_TRAILING_BREAKS = re.compile(r"(\r?\n)+\Z")


def instructions(day: str) -> tuple[str, ...]:
    """The lines below the note; each is left out when the file is read back."""
    return (
        f"# NerveCheck: the note for {day}, above these lines (at most {NOTE_MAX} characters).",
        "# Save and close the editor to save it; empty the note to clear it.",
        "# These lines starting with # are left out; your own lines are kept, # or not.",
        "# To save nothing, quit the editor with an error (in vi: :cq).",
    )


def editor_command(environ: os._Environ[str] | dict[str, str] | None = None) -> list[str]:
    """``$VISUAL``, else ``$EDITOR``, else ``vi``, split into words (``code --wait``)."""
    import shlex

    env = os.environ if environ is None else environ
    words = (env.get("VISUAL") or "").strip() or (env.get("EDITOR") or "").strip() or FALLBACK_EDITOR
    try:
        command = shlex.split(words)
    except ValueError as error:
        raise UsageError(f"--edit: cannot read the editor command {words!r} ({error})") from None
    return command


def has_terminal() -> bool:
    """Whether the editor would have a terminal: standard input and output are one."""
    return is_terminal(sys.stdin) and is_terminal(sys.stdout)


def note_from_file(text: str, day: str) -> str:
    """The note in the file the editor wrote: the instruction lines left out, and the
    line breaks at the end."""
    drop = set(instructions(day))
    lines = [line for line in text.splitlines(keepends=True) if line.rstrip("\r\n").rstrip() not in drop]
    return _TRAILING_BREAKS.sub("", "".join(lines))


class NoteFile:
    """The temporary file the editor works on, in its own owner-only folder."""

    def __init__(self, day: str, note: str) -> None:
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="nervecheck-note-"))  # 0700, a new name
        self.path = self.folder / f"note-{day}.txt"
        self.day = day
        self.kept = False
        text = (note + "\n" if note else "\n") + "\n".join(instructions(day)) + "\n"
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="surrogatepass", newline="") as file:
            file.write(text)

    def read_note(self) -> str:
        """The note as written; refuses (and keeps the file) text that is not UTF-8."""
        raw = self.path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise UsageError(f"--edit: the note is not UTF-8 text (byte {error.start + 1}); nothing was saved; "
                             f"{self.keep()}") from None
        return note_from_file(text, self.day)

    def keep(self, note: str | None = None) -> str:
        """Keep the file (holding ``note`` when given, without the instructions) and say where."""
        if note is not None:
            self.path.write_text(note, encoding="utf-8", errors="surrogatepass", newline="")
        self.kept = True
        return f"your text is kept in {self.path}"

    def remove(self) -> None:
        if not self.kept:
            self.path.unlink(missing_ok=True)
            self.folder.rmdir()


def run_editor(command: Sequence[str], path: Path) -> int:
    """Run the editor on ``path`` and wait; the exit status (negative: killed by a signal).

    ctrl+C is the editor's while it runs (vi uses it), so it does not end this process.
    """
    import signal
    import subprocess

    try:
        editor = subprocess.Popen([*command, str(path)])
    except OSError as error:
        raise UsageError(f"--edit: cannot start the editor {command[0]!r} ({error.strerror or error}); "
                         "set $VISUAL or $EDITOR") from None
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return editor.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def edit_note(day: str, note: str) -> tuple[str, NoteFile]:
    """Open the editor on the day's ``note``; the note written, and its file (the caller
    removes it, or keeps it when the note cannot be saved). Refuses with one line when
    there is no terminal, no editor, or the editor fails."""
    if not has_terminal():
        raise UsageError("--edit: no terminal for the editor; give the note with --note TEXT")
    command = editor_command()
    import shutil

    if shutil.which(command[0]) is None:
        named = "" if command[0] != FALLBACK_EDITOR or os.environ.get("VISUAL") or os.environ.get("EDITOR") else (
            " (neither $VISUAL nor $EDITOR is set)")
        raise UsageError(f"--edit: no editor: {command[0]!r} is not found{named}; set $VISUAL or $EDITOR")
    file = NoteFile(day, note)
    try:
        status = run_editor(command, file.path)
        written = file.read_note()
        if status != 0:
            kept = f"; {file.keep(written)}" if written != note else ""
            how = f"was stopped by signal {-status}" if status < 0 else f"exited with status {status}"
            raise UsageError(f"--edit: the editor {how}; nothing was saved{kept}")
        if len(written) > NOTE_MAX:
            raise UsageError(f"--edit: the note has {len(written)} characters, over the limit of {NOTE_MAX}; "
                             f"nothing was saved; {file.keep(written)}")
    except BaseException:
        file.remove()
        raise
    return written, file
