"""The app's commands and their keys, in one place.

The main window turns every `Command` into a `QAction` (in the menus, with its
shortcut), so a key works wherever the menu does and survives a language
switch (an action's text can change without touching its shortcut; a button's
cannot). A command that belongs to a workspace is carried out by that
workspace's button for it (see `Workspace.commands`): the key does exactly
what the click does, and is off while the button is off.

`LOCAL_KEYS` are keys that only mean something inside one place (typing a
sheet in, say); they are listed in Help -> Keyboard shortcuts beside the
commands, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

# The workspaces, in the order of the side bar and of Ctrl+1..4.
WORKSPACE_TITLES = ("nav.people", "nav.studio", "nav.signatures", "nav.settings")


@dataclass(frozen=True)
class Command:
    name: str  # what a workspace's commands() answers to, e.g. "save"
    keys: str  # portable QKeySequence text, e.g. "Ctrl+S"; "" for a menu item with no key
    text_key: str  # the menu text's translation key
    menu: str  # "file", "go" or "help"
    # The workspace (its index) whose button carries the command out, shown first, so the
    # menu item works from anywhere; None: the current workspace's button, if it has one.
    workspace: int | None = None


COMMANDS: tuple[Command, ...] = (
    Command("save", "Ctrl+S", "action.save", "file"),
    Command("print", "Ctrl+P", "action.print", "file"),
    Command("export", "Ctrl+E", "action.export", "file"),
    Command("merge", "", "action.merge", "file", workspace=2),
    Command("edit", "F2", "action.edit", "file"),
    Command("find", "Ctrl+F", "action.find", "file"),
    Command("quit", "Ctrl+Q", "action.quit", "file"),
    *(Command(f"go.{n}", f"Ctrl+{n + 1}", key, "go") for n, key in enumerate(WORKSPACE_TITLES)),
    Command("totals", "", "action.totals", "go", workspace=2),  # the signers' Totals tab
    Command("shortcuts", "F1", "action.shortcuts", "help"),
)

# Typing a sheet in (gui/workspaces/transcribe.py) and typing it a second time, blind
# (second_pass.py, the same row): the keys the row, the rows table, the duplicate question
# and the comparison of the two typings answer to. None of them is a key a line edit uses
# itself (Ctrl+Z stays the field's own undo).
TYPING_KEYS: dict[str, str] = {
    "save_row": "Ctrl+Return",
    "consent": "Ctrl+Space",
    "undo_row": "Ctrl+Shift+Backspace",
    "rows": "F6",
    "paper_count": "F7",
    "whole_sheet": "F4",  # the sheet's photo, when it has one
    "misread": "F8",  # "Is this right?" No: the photo's row was read wrong
    "suggestion": "Down",
    "same_person": "Alt+1",
    "different_people": "Alt+2",
    "decide_later": "Alt+3",
    # A paper row saved with a mark (core marks.MARKS), one key each.
    "illegible": "Ctrl+Shift+I",
    "declined": "Ctrl+Shift+D",
    "blank": "Ctrl+Shift+E",  # an empty or crossed-out row
    "keep_first": "1",  # comparing the two typings (the focus is on no field then)
    "keep_second": "2",
}

# Keys that work inside one place only: (keys, translation key of what they do).
LOCAL_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab", "keys.next_field"),
    ("Return", "type.key_enter"),
    (TYPING_KEYS["save_row"], "type.key_save_row"),
    (TYPING_KEYS["consent"], "type.key_consent"),
    (TYPING_KEYS["suggestion"], "type.key_suggestion"),
    ("Ctrl+Z", "type.key_undo_field"),
    (TYPING_KEYS["undo_row"], "type.key_undo_row"),
    (TYPING_KEYS["illegible"], "type.key_illegible"),
    (TYPING_KEYS["declined"], "type.key_declined"),
    (TYPING_KEYS["blank"], "type.key_blank"),
    (TYPING_KEYS["same_person"], "type.key_same_person"),
    (TYPING_KEYS["different_people"], "type.key_different_people"),
    (TYPING_KEYS["decide_later"], "type.key_decide_later"),
    (TYPING_KEYS["rows"], "type.key_rows"),
    ("Home", "type.key_home"),
    ("End", "type.key_end"),
    (TYPING_KEYS["paper_count"], "type.key_paper_count"),
    (TYPING_KEYS["whole_sheet"], "type.key_whole_sheet"),
    (TYPING_KEYS["misread"], "type.key_misread"),
    ("F2", "type.key_correct"),
    ("Del", "type.key_delete"),
    ("Esc", "type.key_escape"),
    (TYPING_KEYS["keep_first"], "double.key_keep_first"),
    (TYPING_KEYS["keep_second"], "double.key_keep_second"),
    ("Esc", "double.key_escape"),
)


def command(name: str) -> Command:
    return next(c for c in COMMANDS if c.name == name)
