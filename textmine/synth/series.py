"""Synthetic series: several bodies, each reporting over consecutive years, whose tables
chain from year to year as real ones must (SPEC §1 across reports), with breaks of each
chain injected on purpose and duplicate reports (the same file twice, the same report
as a web page and as text).

`make_series(seed, n_bodies, years)` returns the files and a truth dict naming every
cross-year check that must fail and every duplicate. Used by tests and benchmarks.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any, Optional

from textmine.synth import model, prose
from textmine.synth.generate import render_report
from textmine.synth.model import T3_APPLICANTS, Tables

# layouts whose tables read back exactly (the cross-year truth needs every cell)
SERIES_LAYOUTS = ["pipe_full", "cell_per_line", "html"]
BREAKS = ("carry", "in_force", "prev_count", "change")


def _template(year: int) -> str:
    return "2019" if year <= 2020 else "2021"


def _chain(rng: random.Random, prev: Optional[Tables], cur: Tables) -> None:
    """Make `cur` continue `prev`: carried over = last year's carried forward, rules in
    force and project counts follow on, every single-report identity still holding."""
    if prev is None:
        return
    for col in T3_APPLICANTS:
        cur.t3[f"carried_over.{col}"] = prev.t3[f"carried_forward.{col}"]
        _rebalance(rng, cur, col)
    if prev.template == cur.template == "2021":
        for row in ("regulations", "normative_documents"):
            k = f"art20_1.{row}"
            made, repealed = cur.t2[f"{k}.made"], cur.t2[f"{k}.repealed"]
            repealed = min(repealed, prev.t2[f"{k}.in_force"] + made)
            cur.t2[f"{k}.repealed"] = repealed
            cur.t2[f"{k}.in_force"] = prev.t2[f"{k}.in_force"] + made - repealed
    if prev.template == cur.template == "2019":
        for k in (
            "art20_5.licensing",
            "art20_5.other_services",
            "art20_6.punishment",
            "art20_6.enforcement",
            "art20_8.fees",
        ):
            cur.t2[f"{k}.prev_count"] = max(0, prev.t2[f"{k}.prev_count"] + prev.t2[f"{k}.change"])


def _break(rng: random.Random, kind: str, prev: Tables, cur: Tables) -> Optional[str]:
    """Break one chain between `prev` and `cur`; the check id that must then fail."""
    if kind == "carry":
        col = rng.choice(T3_APPLICANTS[:2])
        if cur.t3[f"new.{col}"] < 1:
            cur.t3[f"new.{col}"] += 2  # keep the balance: what is added to carried over, new loses
        cur.t3[f"carried_over.{col}"] += 1
        cur.t3[f"new.{col}"] -= 1
        for row in ("new", "carried_over"):
            cur.t3[f"{row}.total"] = sum(cur.t3[f"{row}.{c}"] for c in T3_APPLICANTS)
        _rebalance(rng, cur, col)
        return f"x.carry.{col}"
    if kind == "in_force" and prev.template == cur.template == "2021":
        row = rng.choice(["regulations", "normative_documents"])
        cur.t2[f"art20_1.{row}.in_force"] += rng.choice([1, 2, 5])
        return f"x.in_force.{row}"
    if kind == "prev_count" and prev.template == cur.template == "2019":
        k = rng.choice(["art20_5.licensing", "art20_6.punishment"])
        cur.t2[f"{k}.prev_count"] += rng.choice([1, 3])
        return f"x.prev_count.{k}"
    return None


def _rebalance(rng: random.Random, t: Tables, col: str) -> None:
    """After new/carried over moved: processed + forward = new + carried over again."""
    available = t.t3[f"new.{col}"] + t.t3[f"carried_over.{col}"]
    forward = min(t.t3[f"carried_forward.{col}"], available)
    t.t3[f"carried_forward.{col}"] = forward
    t.t3[f"total_processed.{col}"] = available - forward
    model._split_results(rng, t, col, available - forward)
    for row in model.t3_rows(t.template):
        t.t3[f"{row}.total"] = sum(t.t3[f"{row}.{c}"] for c in T3_APPLICANTS)


_PLACE_CHARS = "东西南北清河山川江湖平安宁远新兴永丰长乐云龙凤泉石桥青白金玉"


def _new_body(rng: random.Random, used: set[str]) -> prose.Body:
    """A body whose name no earlier body has (two bodies sharing a name would be one body
    to any reader). The drawn names run out after ~1,400; then a prefecture-level place
    is put in front (X市…), as real names of same-named county bodies have."""
    for _ in range(50):
        body = prose.draw_body(rng)
        if body.agency not in used:
            break
    while body.agency in used:
        prefix = "".join(rng.sample(_PLACE_CHARS, 2)) + "市"
        body = dataclasses.replace(body, agency=prefix + body.agency)
    used.add(body.agency)
    return body


def make_series(
    seed: int, n_bodies: int, years: range = range(2019, 2024), p_break: float = 0.5
) -> tuple[list[tuple[str, bytes]], dict[str, Any]]:
    """Files [(relative path, bytes)] and truth {"bodies", "fail", "duplicates", "mirrors", "conflicts"}.
    A conflict's original is read first (same layout, earlier path), so the chain truth holds."""
    rng = random.Random(f"series:{seed}")
    files: list[tuple[str, bytes]] = []
    truth: dict[str, Any] = {"bodies": {}, "fail": [], "duplicates": [], "mirrors": [], "conflicts": []}
    used: set[str] = set()
    for b in range(n_bodies):
        body = _new_body(rng, used)
        truth["bodies"][body.agency] = []
        prev: Optional[Tables] = None
        for year in years:
            cur = model.draw_tables(rng, _template(year), body.scale)
            _chain(rng, prev, cur)
            breaks = []
            if prev is not None and rng.random() < p_break:
                check = _break(rng, rng.choice(BREAKS[:3]), prev, cur)
                if check:
                    breaks.append(check)
                if check and check.startswith("x.carry."):
                    breaks.append("x.carry.total")  # a column's break breaks the total's chain too
            extra = None
            if prev is not None and rng.random() < 0.5:
                before, now = prev.t3["new.total"], cur.t3["new.total"]
                lie = rng.random() < 0.4
                if before >= 10 and rng.random() < 0.4:  # a relative change, as printed: one decimal
                    pct = round(100 * (now - before) / before, 1) + (rng.choice([-9.5, 8.3, 15.0]) if lie else 0)
                    word = "增长" if pct > 0 else "下降"
                    extra = f"本年度共收到政府信息公开申请{now}件,同比{word}{abs(pct):.1f}%。" if pct else None
                else:
                    change = now - before + (rng.choice([-3, -1, 2, 4]) if lie else 0)
                    word = "增加" if change > 0 else "减少"
                    extra = f"本年度共收到政府信息公开申请{now}件,较上年{word}{abs(change)}件。" if change else None
                if extra and lie:
                    breaks.append("x.change.applications_received")
            layout = rng.choice(SERIES_LAYOUTS)
            stem = f"body{b:04d}/{year}_{layout}"
            name, data, _ = render_report(
                random.Random(f"{seed}:{b}:{year}"), body, year, cur, layout, stem, inject=False, extra_overview=extra
            )
            files.append((name, data))
            truth["bodies"][body.agency].append(year)
            truth["fail"] += [{"agency": body.agency, "year_to": year, "check": c} for c in breaks]
            if rng.random() < 0.05:  # the same file published twice
                copy = f"body{b:04d}/mirror_site/{year}_{layout}{name[name.rindex('.') :]}"
                files.append((copy, data))
                truth["duplicates"].append([name, copy])
            elif rng.random() < 0.04:  # another, different report for the same body and year (a revision)
                other_t = model.draw_tables(rng, _template(year), body.scale)
                name2, data2, _ = render_report(
                    random.Random(f"{seed}:{b}:{year}:r"),
                    body,
                    year,
                    other_t,
                    layout,
                    f"body{b:04d}/revised_{year}_{layout}",
                    inject=False,
                )
                files.append((name2, data2))
                truth["conflicts"].append([name, name2])
            elif rng.random() < 0.05:  # the same report in another layout (a web page and its text)
                other = "html" if layout != "html" else "pipe_full"
                name2, data2, _ = render_report(
                    random.Random(f"{seed}:{b}:{year}"),
                    body,
                    year,
                    cur,
                    other,
                    f"body{b:04d}/copy_{year}_{other}",
                    inject=False,
                    extra_overview=extra,
                )
                files.append((name2, data2))
                truth["mirrors"].append([name, name2])
            prev = cur
    return files, truth
