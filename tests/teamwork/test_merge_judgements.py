"""Merging judgements, explains links, recode flags, code settings and frameworks."""

from __future__ import annotations

from coder.codebook.framework_file import parse_framework
from coder.coding.frameworks import import_framework
from coder.coding.judgements import link_explains, set_judgement, unlink
from coder.project import codings, links, recode
from coder.project import frameworks as fw_repo
from coder.project.clock import utc_now
from coder.project.store import Project
from coder.teamwork.distribute import distribute
from coder.teamwork.merge import plan_merge
from coder.teamwork.merge_write import write_merge
from tests.teamwork.test_merge import ids_by_path, make_template, pdfs  # noqa: F401


def test_judgements_links_flags_and_frameworks_survive_a_merge(tmp_path, pdfs):  # noqa: F811
    template = make_template(tmp_path / "study.rcproj", pdfs)
    with Project.open(template) as p:
        risk = codings.list_codings(p, code_id=ids_by_path(p)["Risk/Assessment"])
        practice, factor, other = risk[0].id, risk[1].id, risk[2].id
        (old_link,) = link_explains(p, [factor], other, None).created("coding_link")
        code = ids_by_path(p)["Practice/Supervision"]
        with p.write():
            links.set_code_settings(p, ids_by_path(p)["Practice"], True, False)
            recode.flag(p, ids_by_path(p)["Risk/Assessment"], [code], utc_now())
    ann_path, bob_path = distribute(template, ["Ann", "Bob"], tmp_path / "copies")
    with Project.open(ann_path) as p:
        set_judgement(p, [practice], "missed_opportunity", None)
        (ann_link,) = link_explains(p, [factor], practice, None).created("coding_link")
        with p.write():
            recode.set_resolved(p, [practice], True)
    with Project.open(bob_path) as p:
        set_judgement(p, [other], "good practice", None)
        unlink(p, [old_link], None)  # a deletion the merge honours
        framework = parse_framework(
            "format: review-coder-framework/1\nname: F\nstatus: unverified\n"
            f"categories:\n- name: Cat\n  codes: [{code}]\n"
        )
        import_framework(p, framework, None)
    out = tmp_path / "merged.rcproj"
    with plan_merge([ann_path, bob_path]) as plan:
        write_merge(plan, out)
    with Project.open(out, read_only=True) as p:
        judged = {c.id: c.judgement for c in codings.list_codings(p)}
        assert judged[practice] == "missed_opportunity"
        assert judged[other] == "good_practice"
        assert [(k.id, k.from_coding_id, k.to_coding_id) for k in links.list_links(p)] == [
            (ann_link, factor, practice)
        ]
        _tree, own = links.code_settings(p)
        assert own[ids_by_path(p)["Practice"]] == (True, False)
        flags = {f.coding_id for f in recode.open_flags(p)}
        assert practice not in flags and len(flags) == len(risk) - 1  # Ann settled one
        (merged_fw,) = fw_repo.list_frameworks(p)
        assert (merged_fw.name, [c.codes for c in merged_fw.categories]) == ("F", [(code,)])
