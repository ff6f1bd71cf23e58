"""Check rules: small declarative objects in one registry.

Each rule has an id (SPEC §5), what it compares, a tolerance, a severity and a message
in English and Chinese. Rules read a `Context` (the document's tables and claims, as
typed objects: the claims stage has already decided how claims relate — `part_of`,
`counted_in`, `scope`, `outcome` — so no rule reads the prose) and yield `Check`
findings with the evidence a reviewer needs: the claim spans and the table cells
involved. Table identities come from the template data (`tables/templates.py`), the one
source of the schema. Add a rule by appending to `REGISTRY`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional, Sequence

from textmine.checks.values import (
    INF,
    UNKNOWN,
    Interval,
    balance_status,
    candidate_positions,
    cell_evidence,
    cell_interval,
    claim_evidence,
    claim_interval,
    compact_evidence,
    compare,
    total,
)
from textmine.document import Check, CheckStatus, Claim, Document, Table, json_number
from textmine.sections import MANDATED_ORDER
from textmine.tables.templates import TEMPLATES, VERSIONS, TableTemplate


@dataclass
class Context:
    doc: Document
    positions: dict[str, dict[str, int]] = field(default_factory=dict)
    intervals: dict[tuple[str, str], Interval] = field(default_factory=dict)
    evidence: dict[tuple[str, str, bool], dict] = field(default_factory=dict)
    # cells of identities the table fails (t3.results.total: 27 vs 21): what the prose is
    # compared with there may be the wrong side; set by run_checks after the identities
    suspect: dict[tuple[str, str], str] = field(default_factory=dict)

    def table(self, key: str) -> Optional[Table]:
        return self.doc.tables.get(key)

    def interval(self, table_key: str, cell_key: str) -> Interval:
        # rules ask for the same cells many times (each column identity, each row sum)
        got = self.intervals.get((table_key, cell_key))
        if got is None:
            got = self.intervals[(table_key, cell_key)] = self._interval(table_key, cell_key)
        return got

    def cell_evidence(self, table_key: str, cell_key: str, compact: bool = False) -> dict:
        """A cell's evidence, built once per document: a cell appears in its row sum, its
        column identity and often a claim check. Findings share the dict; nothing may
        change it afterwards."""
        got = self.evidence.get((table_key, cell_key, compact))
        if got is None:
            got = cell_evidence(self.table(table_key), cell_key, table_key)
            if compact:
                got = compact_evidence(got)
            self.evidence[(table_key, cell_key, compact)] = got
        return got

    def _interval(self, table_key: str, cell_key: str) -> Interval:
        t = self.table(table_key)
        if t is None:
            return cell_interval(None, cell_key)
        if table_key not in self.positions:
            self.positions[table_key] = candidate_positions(t)
        c = t.cell(cell_key)
        if c is not None and c.provenance.startswith("inferred"):
            # a value inferred from an identity cannot be evidence for that identity
            return cell_interval(None, cell_key)
        return cell_interval(c, cell_key, self.positions[table_key].get(cell_key))

    def candidate_values(self, table_key: str, cell_key: str) -> Optional[set[float]]:
        """The values an ambiguous cell takes over its candidate readings (None when it is
        not ambiguous or its position in the candidates is unknown)."""
        t = self.table(table_key)
        c = t.cell(cell_key) if t is not None else None
        if t is None or c is None or c.status != "ambiguous" or not c.candidates:
            return None
        if table_key not in self.positions:
            self.positions[table_key] = candidate_positions(t)
        pos = self.positions[table_key].get(cell_key)
        if pos is None:
            return None
        return {float(x[pos]) for x in c.candidates if pos < len(x) and x[pos] is not None}

    def template(self, table_key: str) -> TableTemplate:
        """The template the table was read with (the newest when it names none)."""
        t = self.table(table_key)
        versions = TEMPLATES[table_key]
        return versions.get(t.template if t is not None and t.template else "", versions[VERSIONS[0]])

    def claims(self, *types: str) -> list[Claim]:
        return [c for c in self.doc.claims if c.type in types and not c.breakdown]


def _fmt(iv: Interval) -> str:
    if iv.exact:
        return f"{iv.label()}"
    if not iv.known:
        return "?"
    return f"{iv.label()[0]}..{'' if iv.hi == INF else iv.label()[1]}"


@dataclass
class Rule:
    id: str  # may contain {k}: one finding per element of the rule's range
    description: str
    message_en: str
    message_zh: str
    tolerance: float = 0.0
    severity: str = "error"

    def run(self, ctx: Context) -> Iterator[Check]:  # pragma: no cover - interface
        raise NotImplementedError

    def finding(
        self,
        cid: str,
        status: CheckStatus,
        left: Interval,
        right: Interval,
        evidence: list[dict],
        note: str = "",
        compacted: bool = False,
        **fmt,
    ) -> Check:
        msg_en = self.message_en.format(left=_fmt(left), right=_fmt(right), **fmt)
        msg_zh = self.message_zh.format(left=_fmt(left), right=_fmt(right), **fmt)
        if note:
            msg_en += f" ({note})"
        if status in ("uncertain", "not_assessable"):
            why = ", ".join(x for x in (left.why, right.why) if x)
            if why:
                msg_en += f" — open because of: {why}"
        if status == "pass" and not compacted:
            evidence = [compact_evidence(e) for e in evidence]
        return Check(
            id=cid,
            status=status,
            message=msg_en,
            left=left.label(),
            right=right.label(),
            evidence=evidence,
            severity=self.severity,
            message_zh=msg_zh,
        )


@dataclass
class Identity(Rule):
    """A table identity (勾稽关系) as the table's template states it: Σ lhs cells == Σ rhs
    cells, one finding per element of its range. `identity` names a column identity of
    the template (balance, results), checked per column; without it, the template's row
    sum (applicant columns = 总计, results = 总计), checked per row."""

    table: str = "applications"
    identity: str = ""

    def _terms(self, tpl: TableTemplate, rows: Sequence[str]) -> list[tuple[str, list[str], list[str]]]:
        """(k, lhs cell keys, rhs cell keys) for each element k of the range."""
        cols = [c.key for c in tpl.cols]
        if self.identity:
            ident = tpl.identity(self.identity)
            if ident is None:
                return []
            return [(k, [f"{r}.{k}" for r in ident.lhs], [f"{r}.{k}" for r in ident.rhs]) for k in cols]
        row_sum = tpl.rows[0].row_sum
        if row_sum is None:
            return []
        parts, total_col = [cols[i] for i in row_sum[0]], cols[row_sum[1]]
        return [(k, [f"{k}.{c}" for c in parts], [f"{k}.{total_col}"]) for k in rows]

    def run(self, ctx: Context) -> Iterator[Check]:
        table = ctx.table(self.table)
        if table is None:
            return
        tpl = ctx.template(self.table)
        rows: list[str] = []
        for c in table.cells:
            if c.row not in rows:
                rows.append(c.row)
        # the cell keys of (template, rows read) are the same in every report of that
        # shape: built once per process, not once per finding
        memo = (tpl.version, tuple(rows))
        terms = self._memo.get(memo)
        if terms is None:
            terms = self._memo[memo] = self._terms(tpl, rows)
        for k, lk, rk in terms:
            li = [ctx.interval(self.table, x) for x in lk]
            ri = [ctx.interval(self.table, x) for x in rk]
            left, right = total(li), total(ri)
            status = balance_status(left, right, self.tolerance)
            compact = status == "pass"
            evidence = [ctx.cell_evidence(self.table, x, compact) for x in lk + rk]
            yield self.finding(self.id.format(k=k), status, left, right, evidence, compacted=compact, k=k)

    def __post_init__(self) -> None:
        self._memo: dict[tuple, list[tuple[str, list[str], list[str]]]] = {}


@dataclass
class ClaimVsTable(Rule):
    """A narrative claim against the table cells that count the same thing."""

    claim_types: Sequence[str] = ()
    table: str = "applications"
    cells: Sequence[str] = ()
    public_cells: Sequence[str] = ()  # what a claim scoped to the public (群众申请) compares with too
    # counted in by a claim that says so (收到申请15件(含上年结转2件)) or may be (see run)
    carried_cells: Sequence[str] = ()
    # a claim scoped to part of what `cells` count (直接起诉2件: scope suit_direct) compares
    # with that part's cells
    scoped_cells: dict[str, Sequence[str]] = field(default_factory=dict)

    def run(self, ctx: Context) -> Iterator[Check]:
        """Each claim against the cells; the worst finding stands for the rule. A claim that
        says it counts last year's carried-over applications in (`counted_in`) is compared by
        its rest; one that matches new + carried over, or the public's column when it speaks
        of the public (`applicant`), is uncertain rather than failed."""
        claims = [c for c in ctx.claims(*self.claim_types) if not c.outcome]
        if not claims:
            return
        table = ctx.table(self.table)
        findings: list[Check] = []
        for claim in claims:
            cells = self.scoped_cells.get(claim.scope or "", self.cells)
            right = total(ctx.interval(self.table, k) for k in cells)
            left = claim_interval(claim)
            evidence = [claim_evidence(claim)] + [ctx.cell_evidence(self.table, k) for k in cells]
            if table is None:
                findings.append(
                    self.finding(self.id, "not_assessable", left, right, evidence, note="the table is absent")
                )
                continue
            if self.carried_cells:
                with_carried = total(ctx.interval(self.table, k) for k in list(self.cells) + list(self.carried_cells))
                carried_evidence = [ctx.cell_evidence(self.table, k) for k in self.carried_cells]
                stated = next((c for c in ctx.doc.claims if c.counted_in == claim.start), None)
                if stated is not None:
                    # the prose itself counts last year's carried-over applications in: what
                    # it says of this year's new ones is the rest
                    carried = claim_interval(stated)
                    new = Interval(
                        max(0.0, left.lo - carried.hi),
                        left.hi - carried.lo,
                        left.exact and carried.exact,
                        True,
                        ", ".join(w for w in (left.why, carried.why) if w),
                    )
                    findings.append(
                        against_table(
                            self,
                            ctx,
                            self.table,
                            self.id,
                            compare(new, right, self.tolerance),
                            new,
                            right,
                            evidence + [claim_evidence(stated)],
                            note=f"the prose's {_fmt(left)} counts in {_fmt(carried)} carried over from last year",
                        )
                    )
                    continue
            status = compare(left, right, self.tolerance)
            note = ""
            if status == "fail" and self.carried_cells and compare(left, with_carried) == "pass":
                status = "uncertain"
                note = (
                    f"it matches {'+'.join(list(self.cells) + list(self.carried_cells))} "
                    f"({_fmt(with_carried)}): the prose may count last year's carried-over applications in"
                )
                evidence += carried_evidence
            if status == "fail" and self.public_cells and claim.applicant == "natural_person":
                scoped = total(ctx.interval(self.table, k) for k in self.public_cells)
                if compare(left, scoped) == "pass":
                    status = "uncertain"
                    note = (
                        f"the claim speaks of the public; it matches {'+'.join(self.public_cells)} "
                        f"({_fmt(scoped)}) but not the total"
                    )
                    evidence += [ctx.cell_evidence(self.table, k) for k in self.public_cells]
            findings.append(against_table(self, ctx, self.table, self.id, status, left, right, evidence, note=note))
        yield _worst(findings)


# a table whose identities fail this often is no account of anything: nonsense printed,
# or a reading gone wrong (a few failures are what inconsistent reports look like)
UNTRUSTED_SHARE = 0.75
UNTRUSTED_MIN = 5


def table_verdict(table: Table, identities: Sequence[Check]) -> str:
    """ok | partial | blank | untrusted, from the table's cells and its identity findings."""
    if (
        table.cells
        and all(c.value in (None, 0) for c in table.cells)
        and not any(
            c.status == "ok" and not c.provenance.startswith(("blank=0", "absent", "solver:missing"))
            for c in table.cells
        )
    ):
        return "blank"  # no count written anywhere: an unfilled template read as zeros
    failed = sum(1 for c in identities if c.status == "fail")
    assessed = sum(1 for c in identities if c.status in ("pass", "fail"))
    if failed >= UNTRUSTED_MIN and failed > UNTRUSTED_SHARE * assessed:
        return "untrusted"
    if any(c.status == "missing" for c in table.cells):
        return "partial"
    return "ok"


_UNRELIABLE = {
    "blank": "the table is blank (an unfilled template)",
    "untrusted": "the table is untrusted (most of its identities fail)",
}


def against_table(
    rule: "Rule",
    ctx: "Context",
    table_key: str,
    cid: str,
    status: CheckStatus,
    left: Interval,
    right: Interval,
    evidence: list[dict],
    note: str = "",
    **fmt,
) -> Check:
    """A finding comparing prose with a table: against a blank or untrusted table, or a total
    that fails its own identity, what would be a pass or a fail is only uncertain."""
    table = ctx.table(table_key)
    cells = [e["cell"] for e in evidence if e.get("kind") == "cell" and e.get("table") == table_key]
    if status == "uncertain" and left.exact and len(cells) == 1 and table is not None:
        # fused digits split many ways: if no split gives the prose's value, it disagrees
        # with every reading of the table
        values = ctx.candidate_values(table_key, cells[0])
        if values and left.lo not in values:
            shown = ", ".join(str(json_number(v)) for v in sorted(values)[:8])
            status = "fail"
            note = "; ".join(x for x in (note, f"no reading of the fused digits gives it ({shown})") if x)
    why = _UNRELIABLE.get(table.verdict if table is not None else "", "")
    if not why:
        # order of trust: a total that fails its own identity is no measure of the prose
        failing = sorted(
            {
                f"{e['cell']} fails its own identity ({ctx.suspect[(table_key, e['cell'])]})"
                for e in evidence
                if e.get("kind") == "cell" and e.get("table") == table_key and (table_key, e["cell"]) in ctx.suspect
            }
        )
        why = "; ".join(failing) + ": the table is inconsistent" if failing else ""
    if why and status in ("pass", "fail"):
        status, note = "uncertain", "; ".join(x for x in (note, why) if x)
    return rule.finding(cid, status, left, right, evidence, note=note, **fmt)


def claim_vs_cells(rule: "Rule", ctx: "Context", table_key: str, k: str, claim: Claim, keys: Sequence[str]) -> Check:
    """One claim against the sum of some cells of a table (`k` fills the rule's id)."""
    left, right = claim_interval(claim), total(ctx.interval(table_key, x) for x in keys)
    status: CheckStatus = compare(left, right) if ctx.table(table_key) is not None else "not_assessable"
    evidence = [claim_evidence(claim)] + [ctx.cell_evidence(table_key, x) for x in keys]
    return against_table(rule, ctx, table_key, rule.id.format(k=k), status, left, right, evidence, k=k)


_ORDER = {"fail": 0, "uncertain": 1, "pass": 2, "not_assessable": 3}


def _worst(findings: list[Check]) -> Check:
    return min(findings, key=lambda c: _ORDER[c.status])


@dataclass
class PublishedItemsAgree(Rule):
    """Repeated headline counts of published items agree within their qualifiers.

    Only headline mentions are compared: not parts of a breakdown, not counts scoped to
    one channel, platform or category (累计通过县定平台公开信息20余则 is another scope)."""

    def run(self, ctx: Context) -> Iterator[Check]:
        published = ctx.claims("published_items")
        heads = [c for c in published if c.scope == "headline"]
        if len(heads) < 2:
            if published:
                iv = claim_interval(heads[0]) if heads else Interval(0, INF, False, known=False)
                yield self.finding(
                    self.id,
                    "not_assessable",
                    iv,
                    iv,
                    [claim_evidence(c) for c in heads],
                    note="fewer than two comparable mentions",
                )
            return
        findings = []
        for a, b in zip(heads, heads[1:]):
            la, lb = claim_interval(a), claim_interval(b)
            status = compare(la, lb)
            if status == "uncertain" and la.lo <= lb.hi and lb.lo <= la.hi:
                status = "pass"  # two approximate mentions with overlapping ranges agree
            findings.append(self.finding(self.id, status, la, lb, [claim_evidence(a), claim_evidence(b)]))
        yield _worst(findings)


@dataclass
class PartsAddUp(Rule):
    """The parts a whole lists (其中…, 分别为…) add up to it (127 = 23 + 104)."""

    def run(self, ctx: Context) -> Iterator[Check]:
        parts_of: dict[int, list[Claim]] = {}
        for c in ctx.doc.claims:
            if c.part_of is not None and c.value is not None and not c.negation:
                parts_of.setdefault(c.part_of, []).append(c)
        findings = []
        for whole in ctx.doc.claims:
            parts = parts_of.get(whole.start, [])
            if len(parts) < 2 or whole.value is None or whole.negation:
                continue
            lw = claim_interval(whole)
            lp = total(claim_interval(p) for p in parts)
            status = compare(lp, lw)
            note = ""
            if status == "fail" and lp.hi < lw.lo:
                if any(p.remainder for p in parts):
                    note = "the list ends in a part for the rest (其他…): it claims the whole"
                else:
                    status = "uncertain"
                    note = "the parts add up to less than the whole; the list may be partial"
            findings.append(
                self.finding(
                    self.id, status, lp, lw, [claim_evidence(whole)] + [claim_evidence(p) for p in parts], note=note
                )
            )
        if findings:
            yield _worst(findings)


@dataclass
class EnumerationCount(Rule):
    """An announced count (以下三点) equals the number of items that follow."""

    def run(self, ctx: Context) -> Iterator[Check]:
        stated = [c for c in ctx.doc.claims if c.type == "stated_count"]
        lists = [c for c in ctx.doc.claims if c.type in ("issues_listed", "improvements_listed")]
        findings = []
        for s in stated:
            following = [lst for lst in lists if 0 <= lst.start - s.end <= 60]
            if not following:
                continue
            lst = following[0]
            left, right = claim_interval(s), claim_interval(lst)
            findings.append(
                self.finding(self.id, compare(left, right), left, right, [claim_evidence(s), claim_evidence(lst)])
            )
        if findings:
            yield _worst(findings)


@dataclass
class SectionsPresent(Rule):
    keys: Sequence[str] = ()

    def run(self, ctx: Context) -> Iterator[Check]:
        found = {s.key for s in ctx.doc.sections}
        missing = [k for k in self.keys if k not in found]
        n = Interval(len(self.keys) - len(missing), len(self.keys) - len(missing), True)
        want = Interval(len(self.keys), len(self.keys), True)
        evidence = [
            {"kind": "section", "key": s.key, "title": s.title, "start": s.start, "end": s.end}
            for s in ctx.doc.sections
            if s.key in self.keys
        ]
        if ctx.doc.meta.outline == "legacy":
            yield self.finding(
                self.id,
                "not_assessable",
                n,
                want,
                evidence,
                note="pre-2019 outline: the six mandated sections do not apply",
                missing="",
            )
            return
        status: CheckStatus = "pass" if not missing else "fail"
        yield self.finding(self.id, status, n, want, evidence, missing=", ".join(missing) if missing else "none")


@dataclass
class TablesComplete(Rule):
    tables: Sequence[str] = ()

    def run(self, ctx: Context) -> Iterator[Check]:
        if ctx.doc.meta.outline == "legacy" and not ctx.doc.tables:
            return
        problems, uncertain = [], []
        evidence = []
        for key in self.tables:
            t = ctx.table(key)
            if t is None:
                problems.append(f"{key} absent")
                continue
            miss = [c.key for c in t.cells if c.status == "missing"]
            amb = [c.key for c in t.cells if c.status == "ambiguous"]
            if t.verdict == "blank":
                problems.append(f"{key}: blank (nothing written in it)")
            elif t.verdict == "untrusted":
                uncertain.append(f"{key}: untrusted (most of its identities fail)")
            if miss:
                # a cell the reader could not place: the document may hold it (lost cell
                # boundaries, a converter's scrambled rows); an empty cell reads as 0
                uncertain.append(f"{key}: {len(miss)} cell(s) not read")
            if amb:
                uncertain.append(f"{key}: {len(amb)} ambiguous cell(s)")
            evidence += [cell_evidence(t, k, key) for k in (miss + amb)[:20]]
        # ambiguous cells are present (their digits are there, only the boundary is
        # open); the table-level checks report that uncertainty, this one completeness
        status: CheckStatus = (
            "fail"
            if problems
            else "uncertain"
            if any("untrusted" in u or "not read" in u for u in uncertain)
            else "pass"
        )
        n = Interval(len(self.tables) - len(problems), len(self.tables) - len(problems), True)
        yield self.finding(
            self.id,
            status,
            n,
            Interval(len(self.tables), len(self.tables), True),
            evidence,
            detail="; ".join(problems + uncertain) or "all complete",
        )


def outcome_rows(tpl: TableTemplate) -> dict[str, Sequence[str]]:
    """The table-3 rows each outcome group the prose names sums (total column)."""
    return {
        "granted_partial": ["granted", "partial"],
        "partial": ["partial"],
        "denied": list(tpl.group("denied")),
        "unable": list(tpl.group("unable")),
        "ignored": list(tpl.group("ignored")),
        "other_handling": list(tpl.group("other_handling")),
        "carried_forward": ["carried_forward"],
        "carried_over": ["carried_over"],
        "processed": ["total_processed"],
    }


@dataclass
class OutcomeVsTable(Rule):
    """Outcomes stated in prose (部分公开3件, 无法提供2件, 结转下年度1件) vs their table-3 rows."""

    def run(self, ctx: Context) -> Iterator[Check]:
        table = ctx.table("applications")
        groups = outcome_rows(ctx.template("applications"))
        by_group: dict[str, list[Claim]] = {}
        for c in ctx.doc.claims:
            if c.outcome in groups and c.value is not None:
                by_group.setdefault(c.outcome, []).append(c)
        for group, claims in by_group.items():
            keys = [f"{r}.total" for r in groups[group]]
            if table is not None and group in ("granted_partial",) and not all(table.cell(k) for k in keys):
                continue
            yield _worst([claim_vs_cells(self, ctx, "applications", group, claim, keys) for claim in claims])


@dataclass
class AllUpheld(Rule):
    """均获维持: every review (or suit) was upheld, so nothing is corrected, other or pending."""

    def run(self, ctx: Context) -> Iterator[Check]:
        table = ctx.table("review_litigation")
        for scope in ("review", "litigation"):
            claims = [c for c in ctx.doc.claims if c.type == "cases_all_upheld" and c.scope in (scope, "both")]
            if not claims:
                continue
            groups = ["review"] if scope == "review" else ["suit_direct", "suit_after_review"]
            keys = [f"{g}.{c}" for g in groups for c in ("corrected", "other", "pending")]
            right = total(ctx.interval("review_litigation", k) for k in keys)
            zero = Interval(0, 0, True)
            status = compare(right, zero) if table is not None else "not_assessable"
            ev = [claim_evidence(claims[0])] + [ctx.cell_evidence("review_litigation", k) for k in keys]
            yield against_table(
                self, ctx, "review_litigation", self.id.format(k=scope), status, zero, right, ev, k=scope
            )


@dataclass(frozen=True)
class Table2Fact:
    """A fact of table 2 the prose may state: the claims that state it and, per template,
    the cell that counts it. `lenient` templates' cells count something close but not the
    same (2019's 对外公开总数量 for the documents in force; 2021's 本年制发件数 for those
    published): a mismatch there is uncertain, not a failure."""

    key: str
    claim_type: str
    cells: dict[str, str]  # template version -> cell key
    measure: Optional[str] = None
    category: Optional[str] = None  # published_items of this category (规范性文件)
    lenient: tuple[str, ...] = ()


def _t2(row: str) -> dict[str, dict[str, str]]:
    """The cells of a row of 第二十条第(一)项 per measure and template (2019 has no 废止 column)."""
    return {
        "made": {"2021": f"art20_1.{row}.made", "2019": f"art20_1.{row}.new_made"},
        "repealed": {"2021": f"art20_1.{row}.repealed"},
        "in_force": {"2021": f"art20_1.{row}.in_force", "2019": f"art20_1.{row}.total_published"},
    }


TABLE2_FACTS: list[Table2Fact] = [
    *(
        Table2Fact(f"{row}.{measure}", row, cells, measure=measure, lenient=("2019",) if measure == "in_force" else ())
        for row in ("normative_documents", "regulations")
        for measure, cells in _t2(row).items()
    ),
    *(
        Table2Fact(
            f"{row}.published",
            "published_items",
            {"2019": f"art20_1.{row}.new_published", "2021": f"art20_1.{row}.made"},
            category=category,
            lenient=("2021",),
        )
        for row, category in (("normative_documents", "规范性文件"), ("regulations", "规章"))
    ),
    Table2Fact("licensing_decisions", "licensing_decisions", {v: "art20_5.licensing.decisions" for v in VERSIONS}),
    Table2Fact("punishment_decisions", "punishment_decisions", {v: "art20_6.punishment.decisions" for v in VERSIONS}),
    Table2Fact(
        "enforcement_decisions", "enforcement_decisions", {v: "art20_6.enforcement.decisions" for v in VERSIONS}
    ),
    Table2Fact("admin_fees", "admin_fees", {"2021": "art20_8.fees.amount"}),
    Table2Fact("procurement_count", "procurement_count", {"2019": "art20_9.procurement.count"}),
    Table2Fact("procurement_amount", "procurement_amount", {"2019": "art20_9.procurement.amount"}),
]

# amounts as written, in the table's unit (万元)
_TO_WAN = {"元": 1e-4, "千元": 1e-1, "万元": 1.0, "亿元": 1e4}


def _decimals(v: float) -> int:
    text = repr(float(v))
    return 0 if text.endswith(".0") else len(text.split(".", 1)[1]) if "." in text else 0


@dataclass
class Table2VsProse(Rule):
    """What the prose says of table 2's rows (制发规范性文件5件, 现行有效393件, 作出行政处罚决定
    312件, 行政事业性收费86.5万元, 政府集中采购4项,金额38.6万元) against its cells; amounts
    converted to the table's 万元 and compared within the rounding either side shows."""

    facts: Sequence[Table2Fact] = ()

    def run(self, ctx: Context) -> Iterator[Check]:
        table = ctx.table("active_disclosure")
        version = ctx.template("active_disclosure").version
        for fact in self.facts:
            claims = [
                c
                for c in ctx.doc.claims
                if c.type == fact.claim_type
                and c.value is not None
                and not c.breakdown
                and (fact.measure is None or c.measure == fact.measure)
                and (fact.category is None or (c.category or "").endswith(fact.category) and len(c.category or "") <= 7)
            ]
            if not claims:
                continue
            cid = self.id.format(k=fact.key)
            key = fact.cells.get(version)
            findings = []
            for claim in claims:
                left = self._claim(claim)
                if table is None or key is None:
                    why = "the table is absent" if table is None else f"the {version} table has no such cell"
                    findings.append(
                        self.finding(
                            cid, "not_assessable", left, UNKNOWN, [claim_evidence(claim)], note=why, k=fact.key
                        )
                    )
                    continue
                cell = table.cell(key)
                right = ctx.interval("active_disclosure", key)
                tolerance = 0.0
                if claim.unit in _TO_WAN:
                    places = len(cell.raw.split(".", 1)[1]) if cell is not None and "." in cell.raw else 0
                    tolerance = max(0.5 * 10 ** -_decimals(claim.value or 0) * _TO_WAN[claim.unit], 0.5 * 10**-places)
                status = compare(left, right, tolerance)
                note = ""
                if status == "fail" and version in fact.lenient:
                    status, note = "uncertain", f"the {version} table's {key.split('.')[-1]} counts something close"
                evidence = [claim_evidence(claim), ctx.cell_evidence("active_disclosure", key)]
                findings.append(
                    against_table(
                        self, ctx, "active_disclosure", cid, status, left, right, evidence, note=note, k=fact.key
                    )
                )
            yield _worst(findings)

    @staticmethod
    def _claim(claim: Claim) -> Interval:
        iv = claim_interval(claim)
        scale = _TO_WAN.get(claim.unit or "")
        if scale is None:
            return iv
        return Interval(iv.lo * scale, iv.hi * scale, iv.exact, iv.known, iv.why)


@dataclass
class CaseResultsVsTable(Rule):
    """What review and litigation cases came to in the prose (其中维持2件、纠正1件; 未被复议
    机关纠错: none corrected) against table 4's result columns."""

    def run(self, ctx: Context) -> Iterator[Check]:
        by_key: dict[str, list[Claim]] = {}
        for c in ctx.doc.claims:
            if c.type in ("review_cases", "litigation_cases") and c.outcome and c.value is not None:
                kind = "review" if c.type == "review_cases" else "litigation"
                by_key.setdefault(f"{kind}.{c.outcome}", []).append(c)
        for k, claims in by_key.items():
            kind, outcome = k.split(".")
            findings = []
            for claim in claims:
                groups = (
                    ["review"]
                    if kind == "review"
                    else [claim.scope]
                    if claim.scope in ("suit_direct", "suit_after_review")
                    else ["suit_direct", "suit_after_review"]
                )
                keys = [f"{g}.{outcome}" for g in groups]
                findings.append(claim_vs_cells(self, ctx, "review_litigation", k, claim, keys))
            yield _worst(findings)


@dataclass
class SharesAgree(Rule):
    """A share the prose gives (不予公开5件,占6.17%) against the count and its whole: the
    whole it is a part of, else the year's processed applications (the prose's, else table
    3's), within the rounding of the written share."""

    def run(self, ctx: Context) -> Iterator[Check]:
        starts = {c.start: c for c in ctx.doc.claims}
        processed = next((c for c in ctx.doc.claims if c.outcome == "processed" and c.value and not c.negation), None)
        findings = []
        for claim in ctx.doc.claims:
            if claim.share is None or claim.value is None:
                continue
            whole = starts.get(claim.part_of) if claim.part_of is not None else None
            evidence = [claim_evidence(claim)]
            if whole is None and claim.outcome:
                whole = processed
            if whole is not None and whole.value:
                base = claim_interval(whole)
                evidence.append(claim_evidence(whole))
            elif claim.outcome and ctx.table("applications") is not None:
                base = ctx.interval("applications", "total_processed.total")
                evidence.append(ctx.cell_evidence("applications", "total_processed.total"))
            else:
                continue
            count = claim_interval(claim)
            if not base.known or base.hi <= 0:
                findings.append(
                    self.finding(self.id, "not_assessable", Interval(claim.share, claim.share, True), base, evidence)
                )
                continue
            # the share the counts give, as an interval over what the counts may be
            lo = 100 * count.lo / base.hi
            hi = 100 * count.hi / base.lo if base.lo > 0 else INF
            computed = Interval(
                lo, hi, count.exact and base.exact, True, ", ".join(w for w in (count.why, base.why) if w)
            )
            stated = Interval(claim.share, claim.share, True)
            # written with d decimals: one unit in the last place either way (rounded or cut)
            tolerance = 10 ** -(claim.share_decimals or 0)
            status = compare(
                stated, Interval(round(lo, 6), round(hi, 6), computed.exact, True, computed.why), tolerance
            )
            findings.append(
                self.finding(
                    self.id,
                    status,
                    stated,
                    Interval(round(lo, 2), round(hi, 2), computed.exact, True, computed.why),
                    evidence,
                )
            )
        if findings:
            yield _worst(findings)


@dataclass
class ProblemsStated(Rule):
    """Section 五 must state the year's problems (条例 art. 50): a list of them or problem
    statements pass; a section that says there are none (无 / 本年度未发现问题) fails."""

    def run(self, ctx: Context) -> Iterator[Check]:
        section = ctx.doc.section("problems_improvements")
        if section is None:
            return
        listed = [c for c in ctx.doc.claims if c.type == "issues_listed" and c.section == section.key]
        none = [c for c in listed if c.negation]
        problems = [
            st
            for st in ctx.doc.statements
            if st.label == "problem"
            and section.start <= st.start < section.end
            # 本年度未发现问题 names problems only to say there are none
            and not any(st.start <= c.start < st.end for c in none)
        ]
        n = sum(1 for c in listed if not c.negation and c.value) + len(problems)
        evidence: list[dict] = [claim_evidence(c) for c in listed[:3]] + [
            {"kind": "statement", "label": st.label, "text": st.text, "start": st.start, "end": st.end}
            for st in problems[:3]
        ]
        evidence.append(
            {"kind": "section", "key": section.key, "title": section.title, "start": section.start, "end": section.end}
        )
        stated = Interval(float(n), float(n), True)
        if n:
            status: CheckStatus = "pass"
        elif none:
            status = "fail"
        else:
            status = "uncertain"
        yield self.finding(self.id, status, stated, Interval(1, INF, False), evidence)


@dataclass
class ListNumbering(Rule):
    """A list numbered as it runs (一是…二是…三是): a number skipped or written twice is a
    slip of the report (一是…三是…三是)."""

    def run(self, ctx: Context) -> Iterator[Check]:
        for c in ctx.doc.claims:
            if c.type in ("issues_listed", "improvements_listed") and c.ordinals:
                want = list(range(1, len(c.ordinals) + 1))
                yield self.finding(
                    self.id,
                    "fail",
                    Interval(float(len(c.ordinals)), float(len(c.ordinals)), True),
                    Interval(float(len(want)), float(len(want)), True),
                    [claim_evidence(c)],
                    written="、".join(map(str, c.ordinals)),
                )
                return


REGISTRY: list[Rule] = [
    Identity(
        "t3.balance.{k}",
        "applications: new + carried over = processed + carried forward, per column",
        "{k}: new + carried over ({left}) vs processed + carried forward ({right})",
        "{k}:本年新收+上年结转({left})应等于办理结果总计+结转下年度({right})",
        table="applications",
        identity="balance",
    ),
    Identity(
        "t3.results.{k}",
        "applications: the outcome rows add up to the processed total, per column",
        "{k}: sum of outcomes ({left}) vs total processed ({right})",
        "{k}:各项办理结果之和({left})应等于办理结果总计({right})",
        table="applications",
        identity="results",
    ),
    Identity(
        "t3.rowsum.{k}",
        "applications: applicant columns add up to the total column, per row",
        "{k}: applicant columns ({left}) vs total ({right})",
        "{k}:各类申请人之和({left})应等于总计({right})",
        table="applications",
    ),
    Identity(
        "t4.sum.{k}",
        "review/litigation: results add up to the group total",
        "{k}: upheld + corrected + other + pending ({left}) vs total ({right})",
        "{k}:维持+纠正+其他+尚未审结({left})应等于总计({right})",
        table="review_litigation",
    ),
    ClaimVsTable(
        "n2t.applications_received",
        "applications received in the prose vs table 3 new.total",
        "the prose says {left} applications received, table 3 new applications total {right}",
        "正文称收到申请{left}件,表三本年新收总计为{right}件",
        claim_types=["applications_received"],
        cells=["new.total"],
        public_cells=["new.natural_person"],
        carried_cells=["carried_over.total"],
    ),
    ClaimVsTable(
        "n2t.applications_granted",
        "applications granted in the prose vs table 3 granted.total",
        "the prose says {left} applications granted, table 3 予以公开 total {right}",
        "正文称予以公开{left}件,表三予以公开总计为{right}件",
        claim_types=["applications_granted"],
        cells=["granted.total"],
    ),
    ClaimVsTable(
        "n2t.review_cases",
        "review cases in the prose vs table 4 review.total",
        "the prose says {left} administrative reviews, table 4 review total {right}",
        "正文称行政复议{left}件,表四行政复议总计为{right}件",
        claim_types=["review_cases"],
        table="review_litigation",
        cells=["review.total"],
    ),
    OutcomeVsTable(
        "n2t.outcome.{k}",
        "application outcomes stated in prose vs their table-3 rows",
        "{k}: the prose says {left}, table 3 shows {right}",
        "{k}:正文称{left}件,表三为{right}件",
    ),
    ClaimVsTable(
        "n2t.litigation_cases",
        "lawsuits in the prose vs table 4 suit totals",
        "the prose says {left} lawsuits, table 4 suits total {right}",
        "正文称行政诉讼{left}件,表四行政诉讼总计为{right}件",
        claim_types=["litigation_cases"],
        table="review_litigation",
        cells=["suit_direct.total", "suit_after_review.total"],
        scoped_cells={"suit_direct": ["suit_direct.total"], "suit_after_review": ["suit_after_review.total"]},
    ),
    CaseResultsVsTable(
        "n2t.result.{k}",
        "what review and litigation cases came to in the prose vs table 4's result columns",
        "{k}: the prose says {left}, table 4 shows {right}",
        "{k}:正文称{left}件,表四为{right}件",
    ),
    Table2VsProse(
        "n2t.{k}",
        "table 2's facts stated in prose (normative documents, decisions, fees, procurement) vs table 2",
        "{k}: the prose says {left}, table 2 shows {right}",
        "{k}:正文称{left},表二为{right}",
        facts=TABLE2_FACTS,
    ),
    SharesAgree(
        "n2n.percent",
        "a stated share agrees with its count and whole",
        "the prose states a share of {left}%, its counts give {right}%",
        "正文所称占比{left}%,按数量计算为{right}%",
        severity="warning",
    ),
    AllUpheld(
        "n2t.all_upheld.{k}",
        "均获维持 in prose vs corrected/other/pending cells of table 4",
        "{k}: the prose says all were upheld; table 4 has {right} corrected, other or pending",
        "{k}:正文称均获维持,表四纠正、其他结果及尚未审结合计{right}件",
    ),
    PublishedItemsAgree(
        "n2n.published_items",
        "repeated counts of published items agree",
        "published items stated as {left} and as {right}",
        "主动公开信息数量前后表述为{left}与{right}",
        severity="warning",
    ),
    PartsAddUp(
        "n2n.sum",
        "parts listed after 其中 add up to the whole",
        "parts add up to {left}, the whole is {right}",
        "其中各项之和为{left},总数为{right}",
        severity="warning",
    ),
    EnumerationCount(
        "n.enumeration",
        "an announced count equals the items listed",
        "announced {left} items, listed {right}",
        "文中称{left}项,实际列举{right}项",
        severity="warning",
    ),
    ListNumbering(
        "n.numbering",
        "a numbered list runs 1, 2, 3 without a gap or a repeat",
        "a list of {left} items is numbered {written}",
        "列举{left}项,序号写作{written}",
        severity="warning",
    ),
    ProblemsStated(
        "doc.problems_stated",
        "section 五 states the year's problems",
        "{left} problem(s) stated in section 五",
        "第五部分列出问题{left}项",
        severity="warning",
    ),
    SectionsPresent(
        "doc.sections",
        "all six mandated sections present",
        "{left} of {right} mandated sections found (missing: {missing})",
        "六个法定部分找到{left}个(缺:{missing})",
        keys=MANDATED_ORDER,
    ),
    TablesComplete(
        "doc.tables",
        "each mandated table present and complete",
        "{left} of {right} mandated tables present and complete ({detail})",
        "法定表格完整{left}/{right}({detail})",
        tables=["active_disclosure", "applications", "review_litigation"],
    ),
]


def rule_ids() -> list[str]:
    return [r.id for r in REGISTRY]
