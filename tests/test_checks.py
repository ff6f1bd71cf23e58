"""Check rules: pass, fail, uncertain and not_assessable for every rule, plus an
independent re-implementation of the table identities on 500+ generated tables."""
from __future__ import annotations

import random

import pytest

from textmine.checks import REGISTRY, run_checks
from textmine.claims import extract_claims
from textmine.document import Cell, Claim, Document, Meta, Section, Table

COLS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
RESULTS_2019 = ["granted", "partial", "denied_state_secret", "denied_law_forbidden", "denied_three_safety",
                "denied_third_party", "denied_internal", "denied_process", "denied_enforcement_file",
                "denied_admin_query", "unable_not_held", "unable_need_creation", "unable_unclear",
                "ignored_petition", "ignored_repeat", "ignored_publication", "ignored_massive", "ignored_confirm",
                "other"]
ROWS_2019 = ["new", "carried_over"] + RESULTS_2019 + ["total_processed", "carried_forward"]
GROUPS = ["review", "suit_direct", "suit_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]


def random_t3(rng: random.Random) -> dict[str, dict[str, int]]:
    """A valid table 3: each applicant column balances, row sums give the total column."""
    vals: dict[str, dict[str, int]] = {r: {} for r in ROWS_2019}
    for c in COLS[:-1]:
        results = {r: (rng.randint(0, 9) if rng.random() < 0.3 else 0) for r in RESULTS_2019}
        processed = sum(results.values())
        forward = rng.randint(0, 3) if rng.random() < 0.3 else 0
        carried = rng.randint(0, min(3, processed + forward))
        new = processed + forward - carried
        for r, v in results.items():
            vals[r][c] = v
        vals["total_processed"][c], vals["carried_forward"][c] = processed, forward
        vals["carried_over"][c], vals["new"][c] = carried, new
    for r in ROWS_2019:
        vals[r]["total"] = sum(vals[r][c] for c in COLS[:-1])
    return vals


def random_t4(rng: random.Random) -> dict[str, dict[str, int]]:
    out = {}
    for g in GROUPS:
        parts = {c: rng.randint(0, 4) if rng.random() < 0.4 else 0 for c in T4_COLS[:-1]}
        parts["total"] = sum(parts.values())
        out[g] = parts
    return out


def table(key: str, vals: dict[str, dict[str, float]], status: dict[str, str] | None = None) -> Table:
    cells = []
    for r, cols in vals.items():
        for c, v in cols.items():
            st = (status or {}).get(f"{r}.{c}", "ok")
            cells.append(Cell(r, c, None if st == "missing" else v, str(v), st,
                              candidates=[[v], [v + 10]] if st == "ambiguous" else None))
    return Table(key, "2019", cells)


def doc_with(tables: dict[str, Table] | None = None, claims: list[Claim] | None = None,
             sections: list[str] | None = None, text: str = "") -> Document:
    d = Document("x", "x.txt", None, Meta(outline="2019"), text=text)
    d.tables = tables or {}
    d.claims = claims or []
    keys = sections if sections is not None else ["overview", "active_disclosure", "applications",
                                                   "review_litigation", "problems_improvements", "other_matters"]
    d.sections = [Section(k, None, k, i, i + 1) for i, k in enumerate(keys)]
    return d


def statuses(d: Document) -> dict[str, str]:
    return {c.id: c.status for c in run_checks(d)}


# ---------- independent implementation of SPEC §1 identities ----------
def identities_hold(t3: dict, t4: dict) -> bool:
    for c in COLS:
        if t3["new"][c] + t3["carried_over"][c] != t3["total_processed"][c] + t3["carried_forward"][c]:
            return False
        if sum(t3[r][c] for r in RESULTS_2019) != t3["total_processed"][c]:
            return False
    for r in ROWS_2019:
        if sum(t3[r][c] for c in COLS[:-1]) != t3[r]["total"]:
            return False
    for g in GROUPS:
        if sum(t4[g][c] for c in T4_COLS[:-1]) != t4[g]["total"]:
            return False
    return True


def test_identities_cross_validated_on_generated_tables():
    rng = random.Random(20261123)
    valid = corrupted = 0
    for _ in range(520):
        t3, t4 = random_t3(rng), random_t4(rng)
        assert identities_hold(t3, t4)
        d = doc_with({"applications": table("applications", t3), "review_litigation": table("review_litigation", t4)})
        got = [c for c in run_checks(d) if c.id.startswith(("t3.", "t4."))]
        assert got and all(c.status == "pass" for c in got), [c.message for c in got if c.status != "pass"]
        valid += 1
        # corrupt one cell of either table
        if rng.random() < 0.7:
            r, c = rng.choice(ROWS_2019), rng.choice(COLS)
            t3[r][c] += rng.choice([-2, -1, 1, 2, 5]) if t3[r][c] >= 2 else rng.choice([1, 2, 5])
        else:
            g, c = rng.choice(GROUPS), rng.choice(T4_COLS)
            t4[g][c] += rng.choice([1, 3])
        assert not identities_hold(t3, t4)
        d = doc_with({"applications": table("applications", t3), "review_litigation": table("review_litigation", t4)})
        fails = [c.id for c in run_checks(d) if c.status == "fail"]
        assert fails, "a corruption went unnoticed"
        corrupted += 1
    assert valid >= 500 and corrupted >= 500


def t3_simple(new=5, carried=1, granted=4, forward=2) -> dict:
    vals = {r: {c: 0 for c in COLS} for r in ROWS_2019}
    vals["new"]["natural_person"] = new
    vals["carried_over"]["natural_person"] = carried
    vals["granted"]["natural_person"] = granted
    vals["total_processed"]["natural_person"] = granted
    vals["carried_forward"]["natural_person"] = forward
    for r in ROWS_2019:
        vals[r]["total"] = vals[r]["natural_person"]
    return vals


def test_table_identity_statuses():
    ok = table("applications", t3_simple())
    assert statuses(doc_with({"applications": ok}))["t3.balance.total"] == "pass"
    bad = t3_simple(new=9)
    assert statuses(doc_with({"applications": table("applications", bad)}))["t3.balance.total"] == "fail"
    # an ambiguous cell leaves the balance open; a missing one that cannot matter still fails
    amb = table("applications", t3_simple(), {"new.total": "ambiguous"})
    assert statuses(doc_with({"applications": amb}))["t3.balance.total"] == "uncertain"
    miss = table("applications", t3_simple(new=9), {"carried_over.total": "missing"})
    assert statuses(doc_with({"applications": miss}))["t3.balance.total"] == "fail"
    miss_ok = table("applications", t3_simple(), {"carried_over.total": "missing"})
    assert statuses(doc_with({"applications": miss_ok}))["t3.balance.total"] == "uncertain"
    gone = {r: {c: 0 for c in COLS} for r in ROWS_2019}
    all_missing = table("applications", gone, {f"{r}.{c}": "missing" for r in ROWS_2019 for c in COLS})
    assert statuses(doc_with({"applications": all_missing}))["t3.balance.total"] == "not_assessable"


def test_t4_sum_statuses():
    good = {g: {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2} for g in GROUPS}
    assert statuses(doc_with({"review_litigation": table("review_litigation", good)}))["t4.sum.review"] == "pass"
    bad = {g: dict(v) for g, v in good.items()}
    bad["review"]["total"] = 5
    assert statuses(doc_with({"review_litigation": table("review_litigation", bad)}))["t4.sum.review"] == "fail"
    amb = table("review_litigation", good, {"review.pending": "ambiguous"})
    assert statuses(doc_with({"review_litigation": amb}))["t4.sum.review"] == "uncertain"
    miss = table("review_litigation", good, {f"review.{c}": "missing" for c in T4_COLS})
    assert statuses(doc_with({"review_litigation": miss}))["t4.sum.review"] == "not_assessable"


def claim(t: str, v: float, text: str = "", approx: bool = False, **kw) -> Claim:
    c = Claim(t, v, text or f"{t} {v}", 0, 1, "overview", unit="件", approx=approx, **kw)
    return c


@pytest.mark.parametrize("rule,ctype,table_key,cells", [
    ("n2t.applications_received", "applications_received", "applications", {"new.total": 5}),
    ("n2t.applications_granted", "applications_granted", "applications", {"granted.total": 5}),
    ("n2t.review_cases", "review_cases", "review_litigation", {"review.total": 5}),
    ("n2t.litigation_cases", "litigation_cases", "review_litigation",
     {"suit_direct.total": 3, "suit_after_review.total": 2}),
])
def test_narrative_vs_table_statuses(rule, ctype, table_key, cells):
    vals: dict[str, dict[str, float]] = {}
    for k, v in cells.items():
        r, c = k.split(".")
        vals.setdefault(r, {})[c] = v
    t = table(table_key, vals)
    assert statuses(doc_with({table_key: t}, [claim(ctype, 5)]))[rule] == "pass"
    assert statuses(doc_with({table_key: t}, [claim(ctype, 7)]))[rule] == "fail"
    first = next(iter(cells))
    amb = table(table_key, vals, {first: "ambiguous"})
    assert statuses(doc_with({table_key: amb}, [claim(ctype, 5)]))[rule] == "uncertain"
    assert statuses(doc_with({}, [claim(ctype, 5)]))[rule] == "not_assessable"
    # no claim, no finding
    assert rule not in statuses(doc_with({table_key: t}, []))


def test_received_claim_scoped_to_the_public_is_uncertain_not_fail():
    t = table("applications", {"new": {"natural_person": 0, "other_org": 112, "total": 112}})
    c = claim("applications_received", 0, "没有收到要求政府信息公开的群众申请")
    checks = run_checks(doc_with({"applications": t}, [c]))
    f = next(x for x in checks if x.id == "n2t.applications_received")
    assert f.status == "uncertain" and "natural_person" in f.message
    assert any(e.get("cell") == "new.natural_person" for e in f.evidence)


def test_approximate_claims_compare_by_range():
    t = table("applications", {"new": {"total": 122}})
    c = Claim("applications_received", 120, "收到申请120余件", 0, 5, approx=True, qualifier="余", low=120, high=129)
    assert statuses(doc_with({"applications": t}, [c]))["n2t.applications_received"] == "pass"
    c2 = Claim("applications_received", 120, "收到申请120余件", 0, 5, approx=True, qualifier="余", low=120, high=129)
    t2 = table("applications", {"new": {"total": 150}})
    assert statuses(doc_with({"applications": t2}, [c2]))["n2t.applications_received"] == "fail"


def doc_from_text(text: str, key: str = "overview") -> Document:
    d = doc_with(text=text)
    d.sections = [Section(key, "一", "", 0, len(text), 0)]
    d.claims = extract_claims(text, d.sections)
    return d


def test_published_items_agreement():
    assert statuses(doc_from_text("全年主动公开信息120余条。另据统计,全年共主动公开政府信息122条。"))[
        "n2n.published_items"] == "pass"
    assert statuses(doc_from_text("全年主动公开信息120余条。另据统计,全年共主动公开政府信息150条。"))[
        "n2n.published_items"] == "fail"
    # a platform-scoped count is another scope, not a contradiction
    assert statuses(doc_from_text("全年共公开政务信息120余则。累计通过县定平台公开信息20余则。"))[
        "n2n.published_items"] == "not_assessable"
    assert "n2n.published_items" not in statuses(doc_from_text("本机关有2名工作人员。"))
    # counts listed with 、 are categories of the year's output, not restatements of its total
    assert statuses(doc_from_text("全年主动公开政府信息120条。全年公开财政预决算信息25条、重大建设项目信息12条。"))[
        "n2n.published_items"] == "not_assessable"


def test_parts_add_up():
    assert statuses(doc_from_text("共生成政府信息127条,其中主动公开23条,不予公开的政府信息104条。"))["n2n.sum"] == "pass"
    assert statuses(doc_from_text("主动公开政府信息300条,其中政策文件200条,工作动态150条。"))["n2n.sum"] == "fail"
    assert statuses(doc_from_text("主动公开政府信息1786条,其中政策文件500条,工作动态223条。"))["n2n.sum"] == "uncertain"
    d = doc_from_text("主动公开政府信息约300条,其中政策文件200条,工作动态95条。")
    assert statuses(d)["n2n.sum"] == "pass"  # 295 lies within 约300
    # 另有… after the list stands beside the whole, it is not one of its parts
    d = doc_from_text("本年度办结申请9件,其中予以公开6件,部分公开3件,另有1件结转至下一年度办理。")
    assert statuses(d)["n2n.sum"] == "pass"


def test_enumeration_count():
    text = ("今后工作中存在的不足需要改进。下一步,将重点开展以下三点工作:一是加强学习。二是完善制度。三是强化督查。\n")
    d = doc_with(text=text)
    d.sections = [Section("problems_improvements", "五", "", 0, len(text), 0)]
    d.claims = extract_claims(text, d.sections)
    assert statuses(d)["n.enumeration"] == "pass"
    text2 = text.replace("三点", "四点")
    d.text = text2
    d.claims = extract_claims(text2, d.sections)
    assert statuses(d)["n.enumeration"] == "fail"


def test_document_rules():
    assert statuses(doc_with())["doc.sections"] == "pass"
    assert statuses(doc_with(sections=["overview", "applications"]))["doc.sections"] == "fail"
    legacy = doc_with(sections=["overview", "fees"])
    legacy.meta.outline = "legacy"
    assert statuses(legacy)["doc.sections"] == "not_assessable"
    full = {"active_disclosure": table("active_disclosure", {"fees": {"amount": 0}}),
            "applications": table("applications", t3_simple()),
            "review_litigation": table("review_litigation", {"review": {"total": 0}})}
    assert statuses(doc_with(full))["doc.tables"] == "pass"
    partial = dict(full)
    partial["review_litigation"] = table("review_litigation", {"review": {"total": 0, "upheld": 0}},
                                         {"review.upheld": "missing"})
    assert statuses(doc_with(partial))["doc.tables"] == "fail"
    assert statuses(doc_with({k: v for k, v in full.items() if k != "applications"}))["doc.tables"] == "fail"


def test_every_rule_has_bilingual_messages_and_unique_ids():
    ids = [r.id for r in REGISTRY]
    assert len(ids) == len(set(ids))
    for r in REGISTRY:
        assert r.message_en and r.message_zh and r.description and r.severity in ("error", "warning")


def test_findings_carry_evidence_spans():
    d = doc_from_text("全年主动公开信息120余条。另据统计,全年共主动公开政府信息150条。")
    f = next(c for c in run_checks(d) if c.id == "n2n.published_items")
    spans = [(e["start"], e["end"]) for e in f.evidence]
    assert [d.text[s:e] for s, e in spans] == ["120余条", "150条"]
    assert f.left == [120, 129] and f.right == 150


def test_bundled_corpus_fails_exactly_the_planted_inconsistencies():
    from conftest import CORPUS
    from textmine.pipeline import analyze_path, iter_corpus
    fails = {}
    for p in iter_corpus(CORPUS):
        doc = analyze_path(p)
        fails[p.name] = {c.id for c in doc.checks if c.status == "fail"}
    assert fails.pop("2023_inconsistent.txt") == {"t3.balance.natural_person", "t3.rowsum.carried_forward",
                                                  "n2t.applications_received"}
    assert all(not f for f in fails.values()), fails


def test_outcomes_in_prose_vs_table_rows():
    text = "全年共受理信息公开申请5件,其中予以公开3件,部分公开1件,本机关不掌握相关政府信息1件。"
    vals = t3_simple(new=5, carried=0, granted=3, forward=0)
    vals["partial"] = {"total": 1}
    vals["unable_not_held"] = {"total": 1}
    d = doc_from_text(text)
    d.tables = {"applications": table("applications", vals)}
    st = statuses(d)
    assert st["n2t.outcome.partial"] == "pass" and st["n2t.outcome.unable"] == "pass"
    vals["partial"] = {"total": 2}
    d.tables = {"applications": table("applications", vals)}
    assert statuses(d)["n2t.outcome.partial"] == "fail"
    vals["partial"] = {"total": 1}  # ambiguous between 1 and 11: the claim of 1 is open
    d.tables = {"applications": table("applications", vals, {"partial.total": "ambiguous"})}
    assert statuses(d)["n2t.outcome.partial"] == "uncertain"
    d.tables = {}
    assert statuses(d)["n2t.outcome.partial"] == "not_assessable"


def test_all_upheld_vs_table_four():
    d = doc_from_text("本年度被申请行政复议2件,均获维持。")
    good = {"review": {"upheld": 2, "corrected": 0, "other": 0, "pending": 0, "total": 2}}
    d.tables = {"review_litigation": table("review_litigation", good)}
    assert statuses(d)["n2t.all_upheld.review"] == "pass"
    bad = {"review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}}
    d.tables = {"review_litigation": table("review_litigation", bad)}
    assert statuses(d)["n2t.all_upheld.review"] == "fail"
    d.tables = {"review_litigation": table("review_litigation", good, {"review.pending": "ambiguous"})}
    assert statuses(d)["n2t.all_upheld.review"] == "uncertain"
    d.tables = {}
    assert statuses(d)["n2t.all_upheld.review"] == "not_assessable"


@pytest.mark.parametrize("text", [
    "全年共受理申请12件,已全部办结,其中当面申请3件,网络申请9件。",
    "本年度共收到政府信息公开申请12件。其中,自然人申请10件,法人或其他组织申请2件。",
    "本年度未发生因政府信息公开申请提起的行政复议。全年共收到政府信息公开申请12件。",
])
def test_parts_and_causes_of_applications_are_not_received_counts(text):
    """Only the whole (12) speaks of the applications received: the parts listed after
    其中 (in the sentence or opening the next) and an application that caused a review
    (未发生因…申请提起的行政复议) are no statement of it, so the table's 12 agrees."""
    doc = doc_from_text(text, "applications")
    doc.tables = {"applications": table("applications", {"new": {"total": 12}})}
    assert statuses(doc)["n2t.applications_received"] == "pass"


@pytest.mark.parametrize("text,status", [
    ("全年共收到政府信息公开申请15件(含上年结转2件)。", "pass"),  # 15 - 2 = 13 new, as the table
    ("全年共受理政府信息公开申请15件,其中上年结转2件。", "pass"),
    ("全年共收到政府信息公开申请17件(含上年结转2件)。", "fail"),  # 15 new against 13
    ("全年共收到政府信息公开申请15件。", "uncertain"),  # = new + carried over: maybe counted in
    ("全年共收到政府信息公开申请20件。", "fail"),
])
def test_applications_received_with_carried_over_counted_in(text, status):
    """Reports often count last year's carried-over applications into the year's
    'received' (SPEC survey: 1261 including 74 carried over). Said so, the rest is
    compared with the new ones; unsaid but matching new + carried over, it is open."""
    doc = doc_from_text(text, "applications")
    doc.tables = {"applications": table("applications", {"new": {"total": 13}, "carried_over": {"total": 2}})}
    assert statuses(doc)["n2t.applications_received"] == status
