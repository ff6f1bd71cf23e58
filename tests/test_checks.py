"""Check rules: pass, fail, uncertain and not_assessable for every rule, plus an
independent re-implementation of the table identities on 500+ generated tables."""

from __future__ import annotations

import random

import pytest

from textmine.checks import REGISTRY, run_checks
from textmine.document import Cell, Claim, Document, Meta, Section, Table
from textmine.sections import MANDATED_ORDER

COLS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
RESULTS_2019 = [
    "granted",
    "partial",
    "denied_state_secret",
    "denied_law_forbidden",
    "denied_three_safety",
    "denied_third_party",
    "denied_internal",
    "denied_process",
    "denied_enforcement_file",
    "denied_admin_query",
    "unable_not_held",
    "unable_need_creation",
    "unable_unclear",
    "ignored_petition",
    "ignored_repeat",
    "ignored_publication",
    "ignored_massive",
    "ignored_confirm",
    "other",
]
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
            cells.append(
                Cell(
                    r,
                    c,
                    None if st == "missing" else v,
                    str(v),
                    st,
                    candidates=[[v], [v + 10]] if st == "ambiguous" else None,
                )
            )
    return Table(key, "2019", cells)


def doc_with(
    tables: dict[str, Table] | None = None,
    claims: list[Claim] | None = None,
    sections: list[str] | None = None,
    text: str = "",
) -> Document:
    d = Document("x", "x.txt", None, Meta(outline="2019"), text=text)
    d.tables = tables or {}
    d.claims = claims or []
    keys = sections if sections is not None else MANDATED_ORDER
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


@pytest.mark.parametrize(
    "rule,ctype,table_key,cells",
    [
        ("n2t.applications_received", "applications_received", "applications", {"new.total": 5}),
        ("n2t.applications_granted", "applications_granted", "applications", {"granted.total": 5}),
        ("n2t.review_cases", "review_cases", "review_litigation", {"review.total": 5}),
        (
            "n2t.litigation_cases",
            "litigation_cases",
            "review_litigation",
            {"suit_direct.total": 3, "suit_after_review.total": 2},
        ),
    ],
)
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
    c = claim("applications_received", 0, "没有收到要求政府信息公开的群众申请", applicant="natural_person")
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


def at(t: str, v: float | None, start: int, unit: str = "条", **kw) -> Claim:
    """A claim at offset `start`, as the claims stage would have related it (fields in kw)."""
    return Claim(t, v, "", start, start + 2, "overview", unit=unit, **kw)


def test_published_items_agreement():
    def agree(*claims: Claim) -> str | None:
        return statuses(doc_with(claims=list(claims))).get("n2n.published_items")

    assert (
        agree(
            at("published_items", 120, 0, approx=True, low=120, high=129, scope="headline"),
            at("published_items", 122, 20, scope="headline"),
        )
        == "pass"
    )
    assert (
        agree(
            at("published_items", 120, 0, approx=True, low=120, high=129, scope="headline"),
            at("published_items", 150, 20, scope="headline"),
        )
        == "fail"
    )
    # a platform's count, categories and parts of a breakdown are other scopes, not contradictions
    assert (
        agree(
            at("published_items", 120, 0, scope="headline"),
            at("published_items", 20, 20, scope="channel"),
            at("published_items", 25, 40, scope="category"),
            at("published_items", 12, 50, scope="category"),
            at("published_items", 57, 60, scope="headline", breakdown=True, part_of=0),
        )
        == "not_assessable"
    )
    assert agree(at("staff_count", 2, 0, unit="名")) is None


def test_parts_add_up():
    def parts(whole: float, *values: float, **kw) -> str | None:
        claims = [at("documents_generated", whole, 0, **kw)] + [
            at("other_count", v, 10 * (i + 1), part_of=0) for i, v in enumerate(values)
        ]
        return statuses(doc_with(claims=claims)).get("n2n.sum")

    assert parts(127, 23, 104) == "pass"
    assert parts(300, 200, 150) == "fail"
    assert parts(1786, 500, 223) == "uncertain"  # less than the whole: the list may be partial
    assert parts(300, 200, 95, approx=True, low=270, high=330) == "pass"  # 295 lies within 约300
    assert parts(9, 6) is None  # one part is no sum
    # a negated zero is no whole, and parts of another whole are not its parts
    claims = [
        at("applications_received", 0, 0, negation=True),
        at("other_count", 3, 10, part_of=0),
        at("other_count", 4, 20, part_of=0),
        at("other_count", 5, 30, part_of=99),
    ]
    assert "n2n.sum" not in statuses(doc_with(claims=claims))


def test_enumeration_count():
    def announced(n: float, listed: float) -> str | None:
        claims = [at("stated_count", n, 10, unit="点"), at("improvements_listed", listed, 20, unit="项")]
        return statuses(doc_with(claims=claims)).get("n.enumeration")

    assert announced(3, 3) == "pass"
    assert announced(4, 3) == "fail"
    far = [at("stated_count", 4, 10, unit="点"), at("improvements_listed", 3, 200, unit="项")]
    assert "n.enumeration" not in statuses(doc_with(claims=far))  # a list far from the count is not its


def test_document_rules():
    assert statuses(doc_with())["doc.sections"] == "pass"
    assert statuses(doc_with(sections=["overview", "applications"]))["doc.sections"] == "fail"
    legacy = doc_with(sections=["overview", "fees"])
    legacy.meta.outline = "legacy"
    assert statuses(legacy)["doc.sections"] == "not_assessable"
    full = {
        "active_disclosure": table("active_disclosure", {"fees": {"amount": 0}}),
        "applications": table("applications", t3_simple()),
        "review_litigation": table("review_litigation", {"review": {"total": 0}}),
    }
    assert statuses(doc_with(full))["doc.tables"] == "pass"
    partial = dict(full)
    partial["review_litigation"] = table(
        "review_litigation", {"review": {"total": 0, "upheld": 0}}, {"review.upheld": "missing"}
    )
    # a cell not read may be the reader's loss (the document may hold it): open, not failed
    assert statuses(doc_with(partial))["doc.tables"] == "uncertain"
    assert statuses(doc_with({k: v for k, v in full.items() if k != "applications"}))["doc.tables"] == "fail"


def test_every_rule_has_bilingual_messages_and_unique_ids():
    ids = [r.id for r in REGISTRY]
    assert len(ids) == len(set(ids))
    for r in REGISTRY:
        assert r.message_en and r.message_zh and r.description and r.severity in ("error", "warning")


def test_bundled_corpus_fails_exactly_the_planted_inconsistencies():
    from textmine.corpus.walk import iter_corpus
    from textmine.pipeline import analyze_path

    from conftest import CORPUS

    fails = {}
    for p in iter_corpus(CORPUS):
        doc = analyze_path(p)
        fails[p.name] = {c.id for c in doc.checks if c.status == "fail"}
    assert fails.pop("2023_inconsistent.txt") == {
        "t3.balance.natural_person",
        "t3.rowsum.carried_forward",
        "n2t.applications_received",
    }
    assert all(not f for f in fails.values()), fails


def _t3_outcomes(granted: int, partial: int, unable: int, forward: int = 0) -> dict:
    """A table 3 whose identities hold: new = processed + carried forward."""
    processed = granted + partial + unable
    vals = t3_simple(new=processed + forward, carried=0, granted=granted, forward=forward)
    vals["partial"] = {"natural_person": partial, "total": partial}
    vals["unable_not_held"] = {"natural_person": unable, "total": unable}
    vals["total_processed"] = {"natural_person": processed, "total": processed}
    return vals


def test_outcomes_vs_table_rows():
    claims = [
        at("other_count", 1, 10, unit="件", outcome="partial"),
        at("other_count", 1, 20, unit="件", outcome="unable"),
    ]
    st = statuses(doc_with({"applications": table("applications", _t3_outcomes(3, 1, 1))}, claims))
    assert st["n2t.outcome.partial"] == "pass" and st["n2t.outcome.unable"] == "pass"
    st = statuses(doc_with({"applications": table("applications", _t3_outcomes(2, 2, 1))}, claims))
    assert st["n2t.outcome.partial"] == "fail"
    # a negated zero naming a table row (无结转下年度) is compared with it too
    zero = [at("other_count", 0, 30, unit="件", negation=True, outcome="carried_forward")]
    st = statuses(doc_with({"applications": table("applications", _t3_outcomes(3, 1, 1, forward=1))}, zero))
    assert st["n2t.outcome.carried_forward"] == "fail"
    assert statuses(doc_with({}, claims))["n2t.outcome.partial"] == "not_assessable"


def test_order_of_trust_a_total_that_fails_its_identity_is_no_measure_of_the_prose():
    """The prose against a cell of an identity the table fails: uncertain, saying so —
    neither a pass against a wrong total nor a failure the table may have caused."""
    vals = _t3_outcomes(3, 1, 1)
    vals["partial"] = {"natural_person": 2, "total": 2}  # results 3 + 2 + 1 = 6, total processed 5
    claims = [at("other_count", 2, 10, unit="件", outcome="partial")]
    doc = doc_with({"applications": table("applications", vals)}, claims)
    found = {c.id: c for c in run_checks(doc)}
    assert found["t3.results.total"].status == "fail"
    assert found["n2t.outcome.partial"].status == "uncertain"
    assert "fails its own identity (t3.results.total)" in found["n2t.outcome.partial"].message
    # a cell outside the failing identities is still compared
    received = [at("applications_received", 9, 40)]
    found = {c.id: c for c in run_checks(doc_with({"applications": table("applications", vals)}, received))}
    assert found["n2t.applications_received"].status == "fail"


def test_all_upheld_vs_table_four():
    upheld = [at("cases_all_upheld", None, 0, scope="review")]
    good = {"review": {"upheld": 2, "corrected": 0, "other": 0, "pending": 0, "total": 2}}
    assert (
        statuses(doc_with({"review_litigation": table("review_litigation", good)}, upheld))["n2t.all_upheld.review"]
        == "pass"
    )
    bad = {"review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}}
    assert (
        statuses(doc_with({"review_litigation": table("review_litigation", bad)}, upheld))["n2t.all_upheld.review"]
        == "fail"
    )
    assert "n2t.all_upheld.litigation" not in statuses(doc_with({}, upheld))


@pytest.mark.parametrize(
    "counted_in,value,status",
    [
        (0, 15, "pass"),  # 15 received, 2 of them carried over: 13 new, as the table
        (0, 17, "fail"),
        (None, 15, "uncertain"),  # not said, but 15 = new + carried over: maybe counted in
        (None, 20, "fail"),
    ],
)
def test_received_with_carried_over_counted_in(counted_in, value, status):
    claims = [
        at("applications_received", value, 0, unit="件"),
        at("other_count", 2, 10, unit="件", outcome="carried_over", counted_in=counted_in),
    ]
    t = table("applications", {"new": {"total": 13}, "carried_over": {"total": 2}})
    assert statuses(doc_with({"applications": t}, claims))["n2t.applications_received"] == status
