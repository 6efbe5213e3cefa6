"""The ``nervecheck`` command line (CLI.md). Textual is imported only to open the TUI.

Every bad argument or input ends with exit status 2 and one line on standard error;
nothing stored is changed by a command that fails.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from nervecheck import __version__
from nervecheck.cli.errors import UsageError, is_terminal

if TYPE_CHECKING:
    from nervecheck.engine.clock import Clock

EXIT_BAD_INPUT = 2


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument gives one line on stderr, not the usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def format_help(self) -> str:
        if callable(self.epilog):  # worded only when shown
            self.epilog = self.epilog()
        return super().format_help()

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse builds a formatter for every add_argument, and its default width
        # comes from shutil (2.5 ms to import on every command); os gives the same.
        return self.formatter_class(prog=self.prog, width=_terminal_columns() - 2)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil."""
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


#: What ``log add --clear`` takes (nervecheck/cli/log.py has the fields they are).
CLEARABLE = ("pain", "symptoms", "locations", "run", "pain-after", "exercises", "note")

#: How every typed day may be written (engine/dates.py).
DAY_FORMS = "YYYY-MM-DD, today, yesterday or -N (N days ago)"


def _add_range(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="D", help=f"first day: {DAY_FORMS}")
    parser.add_argument("--to", dest="end", metavar="D", help=f"last day: {DAY_FORMS}")


def _ids_epilog() -> str:
    """The ids ``--symptom`` and ``--location`` take (engine/vocab.py), wrapped."""
    import textwrap

    from nervecheck.engine.vocab import LOCATIONS, PAIN_AFTER, SYMPTOMS

    width = max(40, min(_terminal_columns() - 2, 100))
    from nervecheck.engine.store.fields import exercise_ids

    lines = [f"symptom ids: {', '.join(SYMPTOMS)}", f"location ids: {', '.join(LOCATIONS)}",
             f"pain-after values: {', '.join(PAIN_AFTER)}",
             f"routine ids (--add-exercise ROUTINE:EXERCISE; a wrong exercise lists the routine's): "
             f"{', '.join(exercise_ids() or ())}",
             f"--clear fields: {', '.join(CLEARABLE)}", f"days: {DAY_FORMS}"]
    return "\n".join(textwrap.fill(line, width, subsequent_indent="  ") for line in lines)


def _log_parsers(commands: argparse._SubParsersAction) -> None:
    log = commands.add_parser("log", help="daily log: add, show, export, import")
    verbs = log.add_subparsers(dest="verb", required=True, parser_class=Parser)
    # The ids' epilog (textwrap) is worded only when help is shown, not for every `log add`.
    add = verbs.add_parser("add", help="create or update one day's entry", epilog=_ids_epilog,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    add.add_argument("--date", help=f"the day (default today): {DAY_FORMS}")
    add.add_argument("--pain", help="pain 0..10")
    add.add_argument("--symptom", action="append", default=[],
                     help="a nerve symptom id (repeatable): sets the day's whole list, saying what it replaced")
    add.add_argument("--add-symptom", action="append", metavar="SYMPTOM", help="add a symptom to the day's list")
    add.add_argument("--remove-symptom", action="append", metavar="SYMPTOM", help="take a symptom off the day's list")
    add.add_argument("--location", action="append", default=[],
                     help="a location id (repeatable): sets the day's whole list, saying what it replaced")
    add.add_argument("--add-location", action="append", metavar="LOCATION", help="add a location to the day's list")
    add.add_argument("--remove-location", action="append", metavar="LOCATION",
                     help="take a location off the day's list")
    distance = add.add_mutually_exclusive_group()
    distance.add_argument("--run-km", help="run distance in kilometres")
    distance.add_argument("--run-mi", help="run distance in miles")
    add.add_argument("--run-min", help="run duration in minutes")
    add.add_argument("--pain-after", help="pain after exercise: none, under_2h or over_2h")
    add.add_argument("--note", help="free text, shown exactly as typed")
    add.add_argument("--edit", action="store_true",
                     help="write the note in $VISUAL or $EDITOR (else vi), starting from the day's note; "
                          "lines NerveCheck adds, starting with #, are left out")
    add.add_argument("--add-exercise", action="append", metavar="ROUTINE:EXERCISE[:SETS[:REPS[:SECONDS]]]",
                     help="log an exercise done (what is left out is the routine's own dose)")
    add.add_argument("--remove-exercise", action="append", metavar="ROUTINE[:EXERCISE]",
                     help="take the day's lines of an exercise (or of a whole routine) off")
    add.add_argument("--clear", action="append", choices=CLEARABLE, metavar="FIELD",
                     help=f"empty a field of the day (repeatable): {', '.join(CLEARABLE)}")
    show = verbs.add_parser("show", help="print every field of each day, in your units (km or mi)",
                            description="Each day: pain, symptoms, places and the run, then pain after exercise, "
                                        "the exercises, imported runs with their shoe, the checks saved that day "
                                        "and the whole note. For data, use `log export`.")
    _add_range(show)
    export = verbs.add_parser("export", help="print entries as JSON or CSV")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    _add_range(export)
    imp = verbs.add_parser("import", help="merge entries from a json or csv export")
    imp.add_argument("file", help="file to import, or - for standard input")
    rm = verbs.add_parser("rm", help="delete one day's entry (the day's backup and merges keep the deletion safe)")
    rm.add_argument("date", metavar="DATE", help=f"the day: {DAY_FORMS}")


COMMANDS = ("check", "log", "report", "insights", "content", "db", "status", "completion", "runs", "shoes")
CHECK_VERBS = ("list", "mistake", "unmark")


def build_parser(only: str | None = None) -> Parser:
    """The whole command line, or (``only``) the top level and that one command.

    Every parser costs argparse a few gettext lookups and formatters, so a run builds
    just the command it runs; help and errors use the whole parser, which names
    every command.
    """
    parser = Parser(prog="nervecheck", description="NerveCheck: nerve-pain check, log and routines for runners. "
                    "`nervecheck` alone (no command) opens the app, in a terminal.",
                    epilog="Dates typed on the command line may also be today, yesterday or -N (N days ago). "
                           "Bad input exits with status 2 and one line on standard error.")
    parser.add_argument("--version", action="version", version=f"nervecheck {__version__}")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $NERVECHECK_DB or the data dir)")
    commands = parser.add_subparsers(dest="command", parser_class=Parser)
    if only in (None, "check"):
        check = commands.add_parser("check", help="symptom check from answers (JSON or JSON Lines); "
                                                  "check list|mistake ID|unmark ID: the saved checks")
        check.add_argument("--answers", metavar="FILE", help="answers file, or - for standard input")
        # Issue 15: the saved checks, by the id `check list` shows (--answers stays as it was).
        check.add_argument("verb", nargs="?", choices=CHECK_VERBS, metavar="list|mistake|unmark",
                           help="list the saved checks, or mark one entered by mistake (unmark undoes it)")
        check.add_argument("id", nargs="?", metavar="ID", help="the check's id, as `check list` shows it")
    if only in (None, "log"):
        _log_parsers(commands)
    if only in (None, "report"):
        _report_parser(commands)
    if only in (None, "insights"):
        insights = commands.add_parser("insights", help="load and symptom insights")
        insights.add_argument("--days", default="90", help="how many days back the comparisons look (default 90)")
        insights.add_argument("--format", choices=("text", "json"), default="text")
    if only in (None, "content"):
        _content_parser(commands)
    if only in (None, "db"):
        _db_parser(commands)
    if only in (None, "status"):
        commands.add_parser(
            "status", help="one line for a prompt or status bar; exit 0 all well, 1 needs attention",
            description="One line: logged today or not, the last check and its age, and what the log shows.",
            epilog="Exit status: 0 today is logged and nothing needs attention; 1 today is not logged, "
                   "the last check says to get help or a new check is due, or the log shows a notice; "
                   "2 bad input or no database (status never creates one).")
    if only in (None, "completion"):
        completion = commands.add_parser("completion", help="print a shell completion script (bash, zsh, fish)",
                                         description="Print a completion script; see the README to install it.")
        completion.add_argument("shell", choices=("bash", "zsh", "fish"))
    if only in (None, "runs", "shoes"):
        from nervecheck.cli.runs import add_parsers  # issue 16

        add_parsers(commands, Parser, only)
    return parser


def _report_parser(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="a report for your clinician")
    report.add_argument("--days", default="28", help="how many days back (default 28)")
    report.add_argument("--format", choices=("md", "html"), default="md")
    report.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE (a new file) instead of standard output")
    report.add_argument("--force", action="store_true",
                        help="with --output: replace FILE if it exists (never the database or its backups)")


def _content_parser(commands: argparse._SubParsersAction) -> None:
    content = commands.add_parser("content", help="content maintenance")
    content_check = content.add_subparsers(dest="verb", required=True, parser_class=Parser).add_parser(
        "check", help="validate content/ and prove the triage contract")
    content_check.add_argument("--content", metavar="DIR",
                               help="check the content files in DIR instead of the installed ones")
    content_check.add_argument("--stamp", action="store_true",
                               help="when every check passes, record the files as proven (content/proven.json), "
                                    "so `check` trusts them without re-validating")


def _db_parser(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="database maintenance: check, backups, restore")
    db_verbs = db.add_subparsers(dest="verb", required=True, parser_class=Parser)
    db_verbs.add_parser("check", help="validate the database and report every problem")
    db_verbs.add_parser("backups", help="list the rolling backups")
    restore = db_verbs.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("--backup", metavar="FILE", help="the backup to restore (default: newest valid)")
    restore.add_argument("--force", action="store_true",
                         help="restore even though the database is healthy (it is kept as .replaced-<time>)")
    merge = db_verbs.add_parser("merge", help="merge other copies of the database (two machines, sync conflicts)")
    merge.add_argument("other", nargs="+", metavar="OTHER",
                       help="another copy's file, or a folder: its *.sync-conflict-* copies of the database")


def _command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, read before parsing: the first word that is not an
    option (or the value of ``--db``); ``""`` when there is none (the app). ``None``
    when help is asked for or it is unclear: then the whole parser is built."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help", "--version", "--"):
            return None
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return ""


NO_TERMINAL = "no terminal: the app needs one; use a command such as `nervecheck log add` (see --help)"


def _dispatch(args: argparse.Namespace, out: TextIO, err: TextIO, clock: Clock | None) -> int:
    if args.command is None and not (is_terminal(sys.stdin) and is_terminal(sys.stdout)):
        # cron, a pipe, ssh without -t: the app would wait for keys no one can press.
        raise UsageError(NO_TERMINAL)
    saved_checks = args.command == "check" and (args.verb is not None or args.answers is None)
    if (args.command not in ("check", "content", "completion") or saved_checks) and clock is None:
        # Only the commands that read "today" or "now" load the clock (and datetime):
        # ``check`` must start fast.
        from nervecheck.engine.clock import SystemClock

        clock = SystemClock()
    if args.command is None:
        from nervecheck.engine.store.locations import database_path

        from nervecheck.tui.app import run  # the only path that imports Textual

        return run(database_path(args.db), clock)
    if saved_checks:
        from nervecheck.cli.saved_checks import run as run_saved_checks

        return run_saved_checks(args, out, clock)
    if args.command == "check":
        from nervecheck.cli.check import run_check

        return run_check(args.answers, sys.stdin, out, err)
    if args.command == "content":
        from nervecheck.cli.check import run_content_check

        return run_content_check(out, err, content_dir=_content_dir(args.content), stamp=args.stamp)
    if args.command == "log":
        from nervecheck.cli import log as log_cli

        return log_cli.run(args, out, err, clock)
    if args.command == "report":
        from nervecheck.cli import report as report_cli

        return report_cli.run(args, out, clock)
    if args.command == "status":
        from nervecheck.cli import status as status_cli

        return status_cli.run(args, out, clock)
    if args.command == "completion":
        from nervecheck.cli import completion

        return completion.run(args, out)
    if args.command == "insights":
        from nervecheck.cli import insights as insights_cli

        return insights_cli.run(args, out, clock)
    if args.command in ("runs", "shoes"):
        from nervecheck.cli import runs as runs_cli

        return runs_cli.run(args, out, err, clock)
    from nervecheck.cli import db as db_cli

    return db_cli.run(args, out, clock)


def _content_dir(value: str | None) -> Path | None:
    """``--content DIR``: a folder that exists (the files in it are checked one by one)."""
    if value is None:
        return None
    if not value:
        raise UsageError("--content: the folder is empty")
    folder = Path(value).expanduser()
    if not folder.is_dir():
        raise UsageError(f"--content: {value} is not a folder")
    return folder


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None,
         clock: Clock | None = None) -> int:
    """Entry point of the ``nervecheck`` script; returns the exit status.

    ``clock`` is where every command gets "today" and "now" (log add and import,
    backups, report windows, restore, the app); by default the real one.
    """
    out, err = out or sys.stdout, err or sys.stderr
    import gc

    from nervecheck.engine.store import wait_notices_to

    def say(line: str) -> None:
        err.write(f"nervecheck: {one_line(line)}\n")
        err.flush()

    # What exists now (the interpreter, the modules imported, the caller's objects) is
    # not garbage: frozen, a full collection while the command makes its tens of
    # thousands of documents and models walks only those (one full walk of everything
    # was 50 ms, half of a `report`).
    gc.freeze()
    try:
        with wait_notices_to(say):
            return _run(argv, out, err, clock)
    finally:
        gc.unfreeze()


def _run(argv: Sequence[str] | None, out: TextIO, err: TextIO, clock: Clock | None) -> int:
    """Parse and dispatch; every expected failure is one line on ``err`` and exit 2."""
    from nervecheck.engine.store import StoreError, describe_os_error

    try:
        args = parse_args(argv, out)
        return _dispatch(args, out, err, clock)
    except _Exit as done:
        return done.status
    except (UsageError, StoreError, ValueError) as error:
        err.write(f"nervecheck: {one_line(str(error))}\n")
        return EXIT_BAD_INPUT
    except OSError as error:  # e.g. an unwritable --output, a closed pipe
        where = f"{error.filename}: " if error.filename else ""
        err.write(f"nervecheck: {one_line(where + describe_os_error(error))}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def script() -> NoReturn:
    """The ``nervecheck`` command (and ``python -m engine``): :func:`main`, then exit.

    The process ends right after the work, so the objects it made are not freed one
    by one first: the database a command read is about 150,000 objects at ten years,
    held in reference cycles (store, storage, TinyDB), and Python's last collection
    would spend about 12 ms, an eighth of a ``log add``, on memory the system takes
    back anyway. :func:`gc.freeze` keeps that collection off them; files are closed
    by their ``with`` blocks and standard output is flushed at exit as always.
    """
    import gc

    status = main()
    gc.freeze()
    sys.exit(status)


class _Exit(Exception):
    """``--version`` or ``--help`` finished: a status to return, not a SystemExit."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def parse_args(argv: Sequence[str] | None, out: TextIO) -> argparse.Namespace:
    """Parse; ``--version`` and ``--help`` print to ``out`` and end with :class:`_Exit`."""
    from contextlib import redirect_stdout

    words = sys.argv[1:] if argv is None else list(argv)
    try:
        with redirect_stdout(out):
            only = _command_named(words)
            if only is not None:
                try:
                    return build_parser(only).parse_args(words)
                except UsageError:
                    pass  # worded by the whole parser below, which knows every command
            return build_parser().parse_args(words)
    except SystemExit as done:
        raise _Exit(done.code if isinstance(done.code, int) else 0) from None


def one_line(text: str) -> str:
    """A message as one line with no control characters (it may quote user input)."""
    from nervecheck.engine.textsafe import visible

    return visible(" ".join(text.split()))
