"""The `actionkit` command: opens the app, or runs one headless job.

Thin over `actionkit.core`: parse arguments, call the core, print the result.
Errors the user can cause (`ActionKitError`) are printed as one clear line and
exit with status 1; the other exit statuses are in EXIT_STATUSES.
Heavy modules are imported inside the handlers so `actionkit --version` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from actionkit import get_version
from actionkit.core.errors import ActionKitError
from actionkit.core.paths import HOME_ENV, AppPaths, resolve_paths

# Exit statuses, the same for every command (`actionkit --help` and the README
# list them; tests/test_cli_unix.py checks both say the same).
EXIT_OK = 0  # done
EXIT_FAILED = 1  # refused or failed, with a message on stderr saying why
EXIT_USAGE = 2  # the command line itself is wrong (argparse's own status)
EXIT_PARTIAL = 3  # done, but something was left out; stderr or the output says what
EXIT_INTERRUPTED = 130  # Ctrl+C (128 + SIGINT, as the shell reports it)
# The reader of our output went away (`actionkit prisoners list | head -1`): the
# command stops quietly with the status a Unix tool killed by SIGPIPE has
# (128 + 13), so `set -o pipefail` treats us like cat or grep there.
EXIT_PIPE_CLOSED = 141
EXIT_STATUSES: tuple[tuple[int, str], ...] = (
    (EXIT_OK, "done"),
    (EXIT_FAILED, "refused or failed (a message on stderr says why)"),
    (EXIT_USAGE, "usage error: an unknown option or a missing argument"),
    (EXIT_PARTIAL, "done, with something left out (the output says what)"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl+C)"),
    (EXIT_PIPE_CLOSED, "the output's reader closed the pipe (as `head` does); nothing is said"),
)

Handler = Callable[[argparse.Namespace, AppPaths], int]


# Which module registers each command; only the one a command line needs is
# imported, so opening the app does not pay for every command's code.
COMMAND_MODULES: dict[str, str] = {
    "prisoners": "people",
    "dataset": "people",
    "poster": "pieces",
    "placard": "pieces",
    "wall": "pieces",
    "flyer": "handouts",
    "palmcard": "handouts",
    "appeal": "handouts",
    "print-check": "printcheck",
    "event": "signatures",
    "sheets": "signatures",
    "signatures": "signatures",
    "export": "handoff",
    "merge": "handoff",
    "purge": "handoff",
    "exports": "handoff",
    "lock": "handoff",
    "keys": "keys",
}
APP_OPTIONS = ("--home", "--smoke-test", "--self-test", "--version")


def _modules_for(argv: Sequence[str]) -> list[str]:
    """The command modules to register for this command line: none to open the
    app, the command's own, or all of them (for --help and mistakes)."""
    everything = sorted(set(COMMAND_MODULES.values()))
    index = 0
    while index < len(argv):
        arg = argv[index]
        if not arg.startswith("-"):
            module = COMMAND_MODULES.get(arg)
            return [module] if module else everything
        if arg.split("=", 1)[0] not in APP_OPTIONS:
            return everything  # --help, or an option argparse should explain
        index += 2 if arg == "--home" else 1
    return []


class HelpFormatter(argparse.HelpFormatter):
    """Wraps prose to the terminal, but keeps a paragraph with indented lines (the
    examples, the table of exit statuses) exactly as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap  # only for --help: not at start-up

        paragraphs = []
        for paragraph in textwrap.dedent(text).strip("\n").split("\n\n"):
            if any(line.startswith(" ") for line in paragraph.splitlines()):
                paragraphs.append(textwrap.indent(paragraph, indent))
            else:
                paragraphs.append(
                    textwrap.fill(
                        " ".join(paragraph.split()),
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent,
                    )
                )
        return "\n\n".join(paragraphs)


class Parser(argparse.ArgumentParser):
    """The parser of `actionkit` and of each command under it (argparse makes the
    commands' parsers of the same class), all with the same help layout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


def _exit_statuses() -> str:
    return "Exit status:\n" + "\n".join(f"  {code:<4} {meaning}" for code, meaning in EXIT_STATUSES)


class _VersionAction(argparse.Action):
    """Like argparse's "version", but reads the version only when asked (start-up cost)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"actionkit {get_version()}")
        parser.exit()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for the command line `argv`; without one, for every command."""
    parser = Parser(
        prog="actionkit",
        description=(
            "Posters, flyers and signature sheets for street actions for political "
            "prisoners. Without a command, opens the app. `actionkit COMMAND --help` "
            "explains a command, with an example."
        ),
        epilog=(
            f"User folders (settings, signatures) follow the platform's conventions; "
            f"--home or ${HOME_ENV} moves all of them to one folder.\n\n"
            "A FILE of `-` is standard input where a command reads a file (import-csv, "
            "dataset validate, keys trust, --passphrase-file), and `-o -` writes a PDF to "
            "standard output (not to a terminal); messages then go to stderr.\n\n"
            + _exit_statuses()
            + "\n\nExamples:\n"
            "  actionkit prisoners list --status sentenced_to_death --format json\n"
            "  actionkit --home ~/demo-profile sheets list"
        ),
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="the passphrase of a locked signature store (see `actionkit lock`); "
        "- reads it from standard input",
    )
    parser.add_argument(
        "--home",
        metavar="DIR",
        help=f"keep settings, data and caches in DIR (default: ${HOME_ENV} or the platform's)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the main window, wait until it is shown, and exit (for tests and packagers)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="without a window: render a poster and a sheet, decode their QR codes, "
        "write and read an export, and exit (for packagers)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    modules = sorted(set(COMMAND_MODULES.values())) if argv is None else _modules_for(argv)
    for module in modules:
        importlib.import_module(f"actionkit.cli.{module}").register(sub)
    return parser


def _run_gui(args: argparse.Namespace, paths: AppPaths) -> int:
    # Once PySide6 is loaded it hooks every later import, which makes each one
    # slower: load the pure-Python modules the window needs before Qt.
    import actionkit.core.assets
    import actionkit.core.settings  # noqa: F401

    try:
        from actionkit.gui.app import run_gui
    except ImportError as exc:
        print(
            f"actionkit: the desktop app cannot start because Qt failed to load ({exc}).\n"
            "On Debian or Ubuntu: sudo apt-get install libgl1 libegl1 libfontconfig1 "
            "libglib2.0-0 libxkbcommon0 libx11-6 libdbus-1-3",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return run_gui(paths, smoke_test=args.smoke_test)


def _self_test(args: argparse.Namespace, paths: AppPaths) -> int:
    from actionkit.cli.selftest import run_self_test

    return run_self_test()


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        return _pipe_closed()


def _pipe_closed() -> int:
    """Whoever read our output stopped reading (`| head -1`): end quietly. Later
    writes to stdout, and the interpreter's last flush, go to the null device, so
    Python prints no "Exception ignored" either (the recipe in the documentation
    of the signal module)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a real file (a test's capture)
        pass
    return EXIT_PIPE_CLOSED


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    paths = resolve_paths(args.home)
    _remove_stale_partials(paths)
    handler: Handler = getattr(args, "handler", None) or (
        _self_test if args.self_test else _run_gui
    )
    reset: Callable[[], None] = _nothing
    try:
        reset = _use_passphrase(args.passphrase_file)
        writes = getattr(args, "writes_store", None)
        if writes is None:
            status = handler(args, paths)
        else:
            status = _run_holding_profile(handler, args, paths, f"actionkit {writes}")
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return status
    except BrokenPipeError:
        raise  # not a reason to say "cannot use": main() ends quietly
    except ActionKitError as exc:
        print(f"actionkit: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:  # a missing folder, a full disk, no permission
        where = f" {exc.filename}" if exc.filename else ""
        print(f"actionkit: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("actionkit: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        reset()
        streams = sys.modules.get("actionkit.cli.streams")
        if streams is not None:
            streams.forget_stdin()


def _remove_stale_partials(paths: AppPaths) -> None:
    """What an earlier run killed mid-export or mid-merge left on disk goes first."""
    from actionkit.core.storage import remove_stale_partials

    try:
        remove_stale_partials(paths.data_dir)
    except OSError as exc:  # never a reason not to start; the next start tries again
        print(f"actionkit: could not remove leftover files: {exc}", file=sys.stderr)


def _run_holding_profile(
    handler: Handler, args: argparse.Namespace, paths: AppPaths, program: str
) -> int:
    """A command that writes the signature store holds the profile while it runs, so
    the store is never changed by two processes or swapped under one."""
    from actionkit.core.profile_lock import hold_profile

    paths.ensure()
    with hold_profile(paths.data_dir, program) as took_over:
        if took_over is not None:
            print(
                f"actionkit: note: {took_over.describe()} ended without closing this "
                "profile; its lock was taken over.",
                file=sys.stderr,
            )
        return handler(args, paths)


def _use_passphrase(file: str | None) -> Callable[[], None]:
    """Hand the store's passphrase to this command; returns how to take it back."""
    if not file:
        return _nothing
    from actionkit.cli.session import PASSPHRASE, read_secret

    token = PASSPHRASE.set(read_secret(file, "passphrase"))
    return lambda: PASSPHRASE.reset(token)


def _nothing() -> None:
    """What there is to undo when no passphrase was given."""
