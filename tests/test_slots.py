"""No slot connected to ``triggered``, ``clicked`` or ``toggled`` takes an optional data
parameter. Those signals pass ``checked`` (False for a plain action or button), so a slot
such as ``def add_memo(self, text=None)`` receives ``text=False``: that pattern broke
memos, Describe, Merge into, Colour, Change coder and Delete in the real app while the
tests, which called the slots directly, stayed green. Connect a lambda or
``functools.partial`` instead, or give the slot no parameters.

The check reads the UI's source (``coder/ui``) with ``ast``: every ``X.triggered.connect(f)``
(and ``clicked``, ``toggled``), and every call of a helper that connects one of its own
parameters that way (``self._action(text, slot)``, ``act(text, slot)``, also through an
alias such as ``a = self._action``). A slot named as ``self.name``, ``obj.name`` or ``name``
is looked up among the functions defined in ``coder/ui``; a lambda or ``partial`` is fine.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parent.parent / "coder" / "ui"
SIGNALS = {"triggered", "clicked", "toggled"}


def _signal_connect(call: ast.Call) -> bool:
    """``<something>.triggered.connect(...)`` and the like."""
    f = call.func
    return (
        isinstance(f, ast.Attribute)
        and f.attr == "connect"
        and isinstance(f.value, ast.Attribute)
        and f.value.attr in SIGNALS
    )


def _name_of(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Name):
        return expr.id
    return None


def _optional_params(fn: ast.FunctionDef) -> list[str]:
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    with_defaults = positional[len(positional) - len(args.defaults) :] if args.defaults else []
    optional = [a.arg for a in with_defaults]
    optional += [
        a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None
    ]
    return optional


def violations(sources: dict[str, str]) -> list[str]:
    """``file: line: slot (optional parameters)`` for each bad connection."""
    trees = {name: ast.parse(text) for name, text in sources.items()}
    defs: dict[str, list[ast.FunctionDef]] = {}
    connectors: dict[str, int] = {}  # helper name -> index of the argument it connects
    for tree in trees.values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            defs.setdefault(node.name, []).append(node)
            params = [a.arg for a in node.args.args]
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _signal_connect(inner) and inner.args:
                    arg = inner.args[0]
                    if isinstance(arg, ast.Name) and arg.id in params:
                        index = params.index(arg.id) - (1 if params[:1] == ["self"] else 0)
                        connectors[node.name] = index

    found: list[str] = []

    def check(file: str, line: int, slot: ast.expr) -> None:
        name = _name_of(slot)
        if name is None:
            return  # a lambda, a partial(...) call, a subscript: no optional data parameter
        for fn in defs.get(name, []):
            optional = _optional_params(fn)
            if optional:
                found.append(f"{file}:{line}: {name} ({', '.join(optional)})")

    for file, tree in trees.items():
        for scope in ast.walk(tree):
            if not isinstance(scope, ast.FunctionDef | ast.Module):
                continue
            aliases: dict[str, str] = {}
            for node in ast.walk(scope):
                if (
                    isinstance(node, ast.Assign)
                    and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                ):
                    target = _name_of(node.value)
                    if target in connectors:
                        aliases[node.targets[0].id] = target
            for node in ast.walk(scope):
                if not isinstance(node, ast.Call):
                    continue
                if _signal_connect(node) and node.args:
                    check(file, node.lineno, node.args[0])
                    continue
                called = _name_of(node.func)
                helper = aliases.get(called or "", called)
                if helper in connectors and len(node.args) > connectors[helper]:
                    check(file, node.lineno, node.args[connectors[helper]])
    return sorted(set(found))


def test_no_slot_of_an_action_or_button_takes_an_optional_parameter():
    sources = {str(p.relative_to(UI.parent.parent)): p.read_text() for p in UI.glob("*.py")}
    assert violations(sources) == []


@pytest.mark.parametrize(
    "source",
    [
        # a button's clicked signal straight to a slot with an optional parameter
        """
class Panel:
    def __init__(self):
        self.add_button.clicked.connect(self.add)

    def add(self, text=None):
        pass
""",
        # through a helper that connects its parameter, called through an alias
        """
class Window:
    def _action(self, text, slot, shortcut=None):
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    def _make(self):
        a = self._action
        self.describe_act = a("Describe…", self.describe)

    def describe(self, *, text: str | None = None):
        pass
""",
        # a nested helper, as the codebook panel builds its actions
        """
class Codebook:
    def _make_actions(self):
        def act(text, slot, shortcut=None):
            a = QAction(text, self)
            a.triggered.connect(slot)
            return a

        self.colour_action = act("Colour…", self.recolour)

    def recolour(self, colour=None):
        pass
""",
    ],
)
def test_the_check_finds_a_slot_with_an_optional_parameter(source):
    (found,) = violations({"example.py": source})
    assert found.startswith("example.py:")


def test_the_check_allows_lambdas_partials_and_required_parameters():
    source = """
from functools import partial

class Window:
    def _make(self):
        self.act.triggered.connect(lambda: self.describe(None))
        self.other.triggered.connect(partial(self.describe, None))
        self.area.toggled.connect(self.toggle_area)
        self.button.clicked.connect(self.plain)

    def describe(self, text=None):
        pass

    def toggle_area(self, on: bool):
        pass

    def plain(self):
        pass
"""
    assert violations({"example.py": source}) == []
