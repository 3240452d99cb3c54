"""The pure code tree: rows and the depth-first walk a tree view shows."""

from __future__ import annotations

from coder.codebook.tree import CodeTree
from coder.ids import CodeId
from coder.project import codes
from coder.project.records import Code


def _tree() -> CodeTree:
    return CodeTree(
        [
            ("risk", None, "Risk"),
            ("dash", "risk", "DASH"),
            ("collab", None, "Collaboration"),
            ("repeat", "risk", "Repeat victimisation"),
            ("marac", "collab", "MARAC"),
            ("joint", "marac", "Joint working"),
        ]
    )


def test_rows_are_places_among_siblings_in_the_order_given():
    tree = _tree()
    assert [tree.row(c) for c in ("risk", "collab", "dash", "repeat", "marac", "joint")] == [
        0,
        1,
        0,
        1,
        0,
        0,
    ]


def test_walk_is_depth_first_with_depths_as_a_tree_view_lists_them():
    tree = _tree()
    assert tree.walk() == [
        (0, "risk"),
        (1, "dash"),
        (1, "repeat"),
        (0, "collab"),
        (1, "marac"),
        (2, "joint"),
    ]
    assert tree.walk("collab") == [(0, "marac"), (1, "joint")]
    assert [c for _d, c in tree.walk("risk")] == ["dash", "repeat"]


def test_walk_leaves_out_a_loop_of_parents_and_ends():
    tree = CodeTree([("a", None, "A"), ("x", "y", "X"), ("y", "x", "Y"), ("s", "s", "Self")])
    assert tree.walk() == [(0, "a")]
    assert tree.walk("x") == [(0, "y")]  # reached from x, and x is not walked again
    assert tree.walk("s") == []


def test_walking_a_deep_tree_needs_no_recursion():
    rows = [("0", None, "0"), *((str(i), str(i - 1), str(i)) for i in range(1, 5000))]
    walked = CodeTree(rows).walk()
    assert walked[-1] == (4999, "4999")
    assert len(walked) == 5000


def _code(code_id: str, parent: str | None, name: str, position: int) -> Code:
    return Code(
        CodeId(code_id), CodeId(parent) if parent else None, name, "#000000", "", position, True
    )


def test_the_shown_tree_keeps_the_given_order_and_lifts_an_orphan_to_the_top():
    shown = codes.shown_tree(
        [
            _code("b", None, "B", 0),
            _code("a", None, "A", 1),
            _code("a2", "a", "Second", 0),
            _code("a1", "a", "First", 1),
            _code("lost", "gone", "Lost", 0),  # its parent is not in the project
        ]
    )
    assert shown.walk() == [(0, "b"), (0, "a"), (1, "a2"), (1, "a1"), (0, "lost")]
    assert shown.parent["lost"] is None
    assert shown.label("lost") == "Lost"
