"""Making and editing briefings. Each change is one transaction, logged, and returns an
``Edit`` (``coder.project.edit``) of the briefing's rows: undo and redo apply it, as for
every other kind of change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CoderId, new_id
from coder.project import briefings as repo
from coder.project import changelog, codes, codings
from coder.project import frameworks as fw_repo
from coder.project.briefings import Briefing, Theme
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.store import Project

ENTITY = "briefing"
FIELDS = ("title", "audience", "method")


@dataclass(frozen=True)
class ThemeChoice:
    """A theme as chosen: a code by id, or a framework's category by names."""

    code_id: str | None = None
    framework: str | None = None
    category: str | None = None


def _theme(project: Project, choice: ThemeChoice) -> Theme:
    if choice.code_id is not None:
        if not repo.code_exists(project, choice.code_id):
            raise NotFoundError(f"no code with id {choice.code_id} in this project")
        return Theme(new_id(), choice.code_id, None, None)
    if not choice.framework or not choice.category:
        raise InvalidInputError("a theme is a code, or a framework and one of its categories")
    fw = fw_repo.find_framework(project, choice.framework)
    if fw is None:
        raise NotFoundError(f"no framework '{choice.framework}' in this project")
    cat = next(
        (c for c in fw.categories if c.name.casefold() == choice.category.strip().casefold()),
        None,
    )
    if cat is None:
        names = ", ".join(c.name for c in fw.categories) or "none"
        raise NotFoundError(
            f"no category '{choice.category}' in the framework '{fw.name}' (categories: {names})"
        )
    return Theme(new_id(), None, fw.name, cat.name)


def theme_codes(project: Project, theme: Theme) -> set[str]:
    """The project's code ids a theme covers (a code and its sub-codes, or the codes mapped
    to a category and their sub-codes)."""
    tree = codes.code_tree(project)
    if theme.code_id is not None:
        return {theme.code_id, *tree.descendants(theme.code_id)}
    fw = fw_repo.find_framework(project, theme.framework or "")
    out: set[str] = set()
    for cat in fw.categories if fw else ():
        if cat.name == theme.category:
            for code in cat.codes:
                out |= {code, *tree.descendants(code)}
    return out


def theme_label(project: Project, theme: Theme) -> str:
    if theme.code_id is not None:
        return codes.code_tree(project).path(theme.code_id)
    return f"{theme.framework}: {theme.category}"


def _record(project: Project, briefing: Briefing) -> Recorder:
    record = Recorder(project)
    briefing_keys, theme_keys, star_keys = repo.row_keys(briefing)
    record.read(repo.BRIEFINGS, briefing_keys)
    record.read(repo.THEMES, theme_keys)
    record.read(repo.STARS, star_keys)
    return record


def _made(record: Recorder, briefing: Briefing | None) -> Edit:
    if briefing is not None:
        briefing_keys, theme_keys, star_keys = repo.row_keys(briefing)
        record.created(repo.BRIEFINGS, briefing_keys)
        record.created(repo.THEMES, theme_keys)
        record.created(repo.STARS, star_keys)
    return record.edit()


def _change(
    project: Project,
    briefing_id: str,
    make: Callable[[Briefing], Briefing | None],
    coder_id: CoderId | None,
    summary: str,
) -> Edit:
    with project.write():
        before = repo.get_briefing(project, briefing_id)
        if before is None:
            raise NotFoundError("the briefing is no longer in the project")
        record = _record(project, before)
        after = make(before)
        if after is not None:
            after = replace(after, modified_at=utc_now())
        repo.put_briefing(project, briefing_id, after)
        action = "delete" if after is None else "update"
        changelog.log(project, coder_id, action, ENTITY, briefing_id, summary)
        return _made(record, after)


def create_briefing(
    project: Project,
    name: str,
    themes: list[ThemeChoice],
    coder_id: CoderId | None,
    title: str = "",
    audience: str = "",
) -> Edit:
    """A new briefing named ``name`` (unique, any case) with these themes."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInputError("a briefing needs a name")
    with project.write():
        if repo.find_briefing(project, name) is not None:
            raise InvalidInputError(f"a briefing named '{name}' exists already; choose another")
        now = utc_now()
        briefing = Briefing(
            new_id(),
            name,
            title.strip() or name,
            audience.strip(),
            "",
            now,
            now,
            tuple(_theme(project, t) for t in themes),
        )
        record = Recorder(project)
        repo.put_briefing(project, briefing.id, briefing)
        changelog.log(project, coder_id, "create", ENTITY, briefing.id, f"briefing '{name}'")
        return _made(record, briefing)


def set_field(
    project: Project, briefing_id: str, field: str, text: str, coder_id: CoderId | None
) -> Edit:
    """Set the title, audience or method paragraph."""
    if field not in FIELDS:
        raise InvalidInputError(f"a briefing's text fields are {', '.join(FIELDS)}")
    if field == "title" and not text.strip():
        raise InvalidInputError("a briefing needs a title")
    return _change(
        project,
        briefing_id,
        lambda b: _set(b, field, text.strip()),
        coder_id,
        f"briefing {field}",
    )


def _set(b: Briefing, field: str, text: str) -> Briefing:
    if field == "title":
        return replace(b, title=text)
    if field == "audience":
        return replace(b, audience=text)
    return replace(b, method=text)


def add_theme(
    project: Project, briefing_id: str, choice: ThemeChoice, coder_id: CoderId | None
) -> Edit:
    def make(b: Briefing) -> Briefing:
        theme = _theme(project, choice)
        for t in b.themes:
            if (t.code_id, t.framework, t.category) == (
                theme.code_id,
                theme.framework,
                theme.category,
            ):
                raise InvalidInputError(
                    f"'{theme_label(project, theme)}' is a theme of the briefing already"
                )
        return replace(b, themes=(*b.themes, theme))

    return _change(project, briefing_id, make, coder_id, "briefing theme added")


def _with_theme(b: Briefing, theme_id: str, change: Callable[[Theme], Theme | None]) -> Briefing:
    if not any(t.id == theme_id for t in b.themes):
        raise NotFoundError("the theme is no longer in the briefing")
    themes = []
    for t in b.themes:
        changed = change(t) if t.id == theme_id else t
        if changed is not None:
            themes.append(changed)
    return replace(b, themes=tuple(themes))


def remove_theme(
    project: Project, briefing_id: str, theme_id: str, coder_id: CoderId | None
) -> Edit:
    return _change(
        project,
        briefing_id,
        lambda b: _with_theme(b, theme_id, lambda t: None),
        coder_id,
        "briefing theme removed",
    )


def set_theme_text(
    project: Project,
    briefing_id: str,
    theme_id: str,
    coder_id: CoderId | None,
    considerations: str | None = None,
    questions: str | None = None,
) -> Edit:
    """Set a theme's considerations for police and/or reflective questions (one per line)."""

    def change(t: Theme) -> Theme:
        return replace(
            t,
            considerations=t.considerations if considerations is None else considerations.strip(),
            questions=t.questions if questions is None else questions.strip(),
        )

    return _change(
        project,
        briefing_id,
        lambda b: _with_theme(b, theme_id, change),
        coder_id,
        "briefing theme text",
    )


def star(
    project: Project,
    briefing_id: str,
    coding_id: str,
    coder_id: CoderId | None,
    theme_id: str | None = None,
) -> Edit:
    """Star a coding's quote under a theme (by default the first theme that covers its
    code). Raises NotFoundError for a coding not in the project, InvalidInputError when no
    theme covers it."""

    def make(b: Briefing) -> Briefing:
        coding = codings.get_coding(project, coding_id)
        if coding is None:
            raise NotFoundError(f"no coding with id {coding_id} in this project")
        covering = [t for t in b.themes if coding.code_id in theme_codes(project, t)]
        if theme_id is not None:
            covering = [t for t in covering if t.id == theme_id]
        if not covering:
            raise InvalidInputError(
                f"coding {coding_id} is not under any theme of the briefing; add its code "
                "as a theme first"
            )
        target = covering[0].id
        return _with_theme(
            b,
            target,
            lambda t: t if coding_id in t.stars else replace(t, stars=(*t.stars, coding_id)),
        )

    return _change(project, briefing_id, make, coder_id, "quote starred")


def unstar(
    project: Project, briefing_id: str, theme_id: str, coding_id: str, coder_id: CoderId | None
) -> Edit:
    return _change(
        project,
        briefing_id,
        lambda b: _with_theme(
            b, theme_id, lambda t: replace(t, stars=tuple(s for s in t.stars if s != coding_id))
        ),
        coder_id,
        "quote unstarred",
    )


def delete_briefing(project: Project, briefing_id: str, coder_id: CoderId | None) -> Edit:
    return _change(project, briefing_id, lambda b: None, coder_id, "briefing deleted")
