"""A slot connected to `clicked`, `triggered`, `activated` or `returnPressed` takes no
arguments of its own: Qt passes `checked` to it, and `save(path=None)` received False
(which is how every file-writing button of the first version broke)."""

from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "src" / "actionkit" / "gui"
SIGNALS = frozenset({"clicked", "triggered", "activated", "returnPressed", "pressed"})


def connected_methods(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(signal, method name, line) for every `<x>.<signal>.connect(self.<method>)`."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "connect" or not isinstance(node.func.value, ast.Attribute):
            continue
        signal = node.func.value.attr
        target = node.args[0] if node.args else None
        own = isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
        if signal in SIGNALS and own and target.value.id == "self":  # type: ignore[union-attr]
            found.append((signal, target.attr, node.lineno))  # type: ignore[union-attr]
    return found


def methods(tree: ast.AST) -> dict[str, ast.FunctionDef]:
    return {
        node.name: node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.args.args and node.args.args[0].arg == "self"
    }


def offenders(source: str) -> list[str]:
    tree = ast.parse(source)
    defined = methods(tree)
    bad = []
    for signal, name, line in connected_methods(tree):
        method = defined.get(name)
        if method is None:
            continue  # a Qt method (accept, close, ...): takes what Qt gives it
        extra = method.args.args[1:] + method.args.kwonlyargs
        if extra or method.args.vararg:
            bad.append(f"line {line}: {signal} -> {name}({', '.join(a.arg for a in extra)})")
    return bad


def test_no_slot_wired_to_a_click_takes_arguments() -> None:
    problems = {
        path.relative_to(GUI).as_posix(): found
        for path in sorted(GUI.rglob("*.py"))
        if (found := offenders(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


def test_the_check_finds_the_old_mistake() -> None:
    old = (
        "class Studio:\n"
        "    def __init__(self):\n"
        "        self.save_button.clicked.connect(self.save)\n"
        "    def save(self, path=None):\n"
        "        pass\n"
    )
    assert offenders(old) == ["line 3: clicked -> save(path)"]
