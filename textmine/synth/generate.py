"""Writing synthetic reports and their truth files (see the package docstring)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Optional

from textmine.synth import model, prose, render
from textmine.synth.model import T3_APPLICANTS, T4_GROUPS, Tables

LAYOUTS = render.LAYOUTS
# checks whose outcome depends on the table reader (the rest read prose and sections only)
TABLE_CHECK_PREFIXES = ("t3.", "t4.", "n2t.", "doc.tables")

_SECTION_TITLES = {
    "overview": ["一、总体情况", "一、政府信息公开总体情况"],
    "active_disclosure": ["二、主动公开政府信息情况"],
    "applications": ["三、收到和处理政府信息公开申请情况"],
    "review_litigation": ["四、政府信息公开行政复议、行政诉讼情况"],
    "problems_improvements": ["五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况"],
    "other_matters": ["六、其他需要报告的事项"],
}
_WEB_TOP = [["首页 > 政务公开 > 政府信息公开年报"], ["登录 注册"], ["字号:", "大 中 小分享到:"], []]
_WEB_BOTTOM = [["【打印本页】 【关闭窗口】", "扫码使用手机浏览本页内容"], ["分享到:"], []]


def generate(n: int, out_dir: Path | str, seed: int = 0, layouts: Optional[list[str]] = None) -> list[Path]:
    """Write `n` reports and their truth files into `out_dir`; return the report paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        name, data, truth = make_report(seed, i, layouts)
        path = out / name
        path.write_bytes(data)
        (out / (path.stem + ".truth.json")).write_text(
            json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        written.append(path)
    return written


def make_report(seed: int, index: int, layouts: Optional[list[str]] = None) -> tuple[str, bytes, dict[str, Any]]:
    """One report: (file name, file bytes, truth). Depends only on (seed, index, layouts)."""
    rng = random.Random(f"{seed}:{index}")
    layout = (layouts or list(LAYOUTS))[index % len(layouts or LAYOUTS)]
    year = rng.randint(2019, 2024)
    template = "2019" if year <= 2020 else "2021"
    body = prose.draw_body(rng)
    true = model.draw_tables(rng, template, body.scale)
    name = f"synth_{seed}_{index:06d}_{layout}"
    return render_report(rng, body, year, true, layout, name, seed, index, inject=True)


def render_report(
    rng: random.Random,
    body: prose.Body,
    year: int,
    true: Tables,
    layout: str,
    name: str,
    seed: int = 0,
    index: int = 0,
    inject: bool = True,
    extra_overview: Optional[str] = None,
) -> tuple[str, bytes, dict[str, Any]]:
    """A report of `body` for `year` whose tables print `true` (plus, with `inject`, the
    inconsistencies `_inject` draws); `extra_overview` is a sentence added to section 一."""
    template = true.template
    facts = _facts(rng, body, true, year)
    if extra_overview:
        facts.extra_overview = extra_overview
    printed = true.copy()
    injected = _inject(rng, layout, printed, facts) if inject else []

    published = f"{year + 1}-01-{rng.randint(8, 31):02d}"
    blocks = _blocks(rng, body, facts, year, published, layout)
    tables = render.RENDERERS[layout](printed, rng)
    text_lines = _assemble(blocks, tables, layout)
    if layout == "html":
        data = _html_page(rng, body, year, published, blocks, tables).encode("utf-8")
        ext = ".html"
    else:
        text = "\n".join(text_lines) + "\n"
        if layout == "traditional":
            text = render.to_traditional(text, rng)
            text = text.replace("(一)主動", '(一)<span style="font-family:仿宋">主動</span>', 1) + "</p>\n"
            text = text.replace("。", "。鈥�", 1)
        data = text.encode("utf-8")
        ext = ".txt"
    name = f"{name}{ext}"
    truth = _truth(name, seed, index, layout, body, year, published, template, printed, facts, injected)
    return name, data, truth


def _facts(rng: random.Random, body: prose.Body, t: Tables, year: int) -> prose.Facts:
    scale_k = {"township": 1, "county": 4, "city": 12, "province": 30}[body.scale]
    published = rng.randint(20, 150) * scale_k + rng.randint(0, 9)
    parts = prose.split_parts(rng, published, prose.BODIES[body.kind][2]) if rng.random() < 0.8 else []
    n_problems = rng.randint(2, 4)
    n_measures = rng.randint(2, 4)
    return prose.Facts(
        year=year,
        received=t.t3["new.total"],
        carried_over=t.t3["carried_over.total"],
        processed=t.t3["total_processed.total"],
        carried_forward=t.t3["carried_forward.total"],
        outcomes=model.grouped_outcomes(t),
        review=t.t4["review.total"],
        litigation=t.t4["suit_direct.total"] + t.t4["suit_after_review.total"],
        published=published,
        published_parts=parts,
        published_repeat=published if rng.random() < 0.5 else None,
        channel_posts=rng.randint(40, 900) if rng.random() < 0.7 else 0,
        staff=(rng.randint(1, 3), rng.choice([0, rng.randint(2, 20)])),
        problems=rng.sample(prose.PROBLEMS, n_problems),
        measures=rng.sample(prose.MEASURES, n_measures),
        stated_measures=n_measures if rng.random() < 0.5 else None,
        outcome_style=rng.choice(["breakdown", "breakdown", "results", "none"]),
        t2_sentence=prose.t2_sentence(rng, t.template, t.t2),
    )


def _inject(rng: random.Random, layout: str, t: Tables, f: prose.Facts) -> list[dict[str, Any]]:
    """Perturb the printed tables or the prose; return what was injected."""
    if rng.random() < 0.45:
        return []
    kinds = ["received", "published", "enumeration"]
    if layout in render.STRICT_LAYOUTS:
        kinds += ["balance", "rowsum", "t4", "balance", "rowsum"]
    chosen = rng.sample(kinds, rng.choice([1, 1, 2]))
    done: list[dict[str, Any]] = []
    for kind in chosen:
        if kind == "received":
            delta = rng.choice([-3, -2, -1, 1, 2, 3, 5, 10])
            wrong = f.received + delta
            # not a number a careful reader could take for another true count: the public's
            # applications alone, or the new ones with last year's carried over counted in
            other_readings = {t.t3["new.natural_person"], f.received + t.t3["carried_over.total"]}
            if wrong <= 0 or wrong in other_readings:
                wrong = f.received + abs(delta)
                while wrong in other_readings:
                    wrong += 1
            done.append(
                {
                    "kind": kind,
                    "description": f"prose says {wrong} applications received, table 3 new.total is {f.received}",
                }
            )
            f.received = wrong
        elif kind == "published":
            wrong = f.published + rng.choice([-20, -5, -1, 1, 3, 12, 100])
            f.published_repeat = wrong
            done.append({"kind": kind, "description": f"published items stated as {f.published} and later as {wrong}"})
        elif kind == "enumeration":
            f.stated_measures = len(f.measures) + rng.choice([-1, 1]) if len(f.measures) > 2 else len(f.measures) + 1
            done.append(
                {"kind": kind, "description": f"announces {f.stated_measures} measures, lists {len(f.measures)}"}
            )
        elif kind == "balance":
            col = rng.choice(T3_APPLICANTS[:2])
            delta = rng.choice([1, 2])
            t.t3[f"carried_forward.{col}"] += delta
            t.t3["carried_forward.total"] += delta
            done.append(
                {
                    "kind": kind,
                    "description": f"carried_forward.{col} and carried_forward.total printed {delta} too high",
                }
            )
        elif kind == "rowsum":
            rows = [r for r in model.t3_result_rows(t.template) if t.t3[f"{r}.total"] > 0] or ["granted"]
            row = rng.choice(rows)
            delta = rng.choice([-1, 1, 2, 10]) if t.t3[f"{row}.total"] > 1 else rng.choice([1, 2, 10])
            t.t3[f"{row}.total"] += delta
            done.append(
                {
                    "kind": kind,
                    "description": f"{row}.total printed as {t.t3[f'{row}.total']} "
                    f"(the applicant columns add up to {t.t3[f'{row}.total'] - delta})",
                }
            )
        elif kind == "t4":
            g = rng.choice(T4_GROUPS)
            delta = 1 if t.t4[f"{g}.total"] == 0 else rng.choice([-1, 1])
            t.t4[f"{g}.total"] += delta
            done.append({"kind": kind, "description": f"table 4 {g}.total printed as {t.t4[f'{g}.total']}"})
    return done


def _blocks(
    rng: random.Random, body: prose.Body, f: prose.Facts, year: int, published: str, layout: str
) -> list[tuple[str, str]]:
    title = f"{body.agency}{year}年政府信息公开工作年度报告"
    blocks: list[tuple[str, str]] = []
    web = layout in ("pipe_sparse", "cell_per_line", "runs") and rng.random() < 0.8
    if web:
        blocks += [("noise", line) for line in rng.choice(_WEB_TOP)]
    blocks.append(("title", title))
    date_on_top = rng.random() < 0.6
    if date_on_top:
        blocks.append(
            (
                "meta",
                rng.choice(
                    [
                        f"发布日期:{published}",
                        f"来源:{body.agency}\n发布日期:{published}",
                        f"发布日期:{published}  来源:{body.agency}  点击数:",
                    ]
                ),
            )
        )
    blocks += [("para", p) for p in prose.preamble(rng, body, year)]
    for key, titles in _SECTION_TITLES.items():
        blocks.append(("heading", rng.choice(titles)))
        if key == "overview":
            blocks += [("para", p) for p in prose.overview(rng, body, f)]
            if f.extra_overview:
                blocks.append(("para", f.extra_overview))
        elif key in ("active_disclosure", "applications", "review_litigation"):
            blocks.append(("table", key))
        elif key == "problems_improvements":
            blocks += [("para", p) for p in prose.problems_section(rng, body, f)]
        else:
            blocks += [("para", p) for p in prose.other_matters(rng, body, f)]
    blocks.append(("sign", body.agency))
    if not date_on_top or rng.random() < 0.3:
        y, m, d = published.split("-")
        blocks.append(("sign", f"{y}年{int(m)}月{int(d)}日"))
    if web:
        blocks += [("noise", line) for line in rng.choice(_WEB_BOTTOM)]
    return blocks


def _assemble(blocks: list[tuple[str, str]], tables: dict[str, list[str]], layout: str) -> list[str]:
    indent = "  " if layout in ("runs", "cell_per_line") else ""
    lines: list[str] = []
    for kind, text in blocks:
        if kind == "table":
            lines += tables[text]
            if layout in ("runs", "cell_per_line"):
                lines += ["", ""]
        elif kind in ("para", "heading"):
            lines.append(indent + text)
            if layout in ("runs", "cell_per_line"):
                lines.append("")
        else:
            lines.append(text)
    return lines


def _html_page(
    rng: random.Random,
    body: prose.Body,
    year: int,
    published: str,
    blocks: list[tuple[str, str]],
    tables: dict[str, list[str]],
) -> str:
    import html as h

    title = f"{body.agency}{year}年政府信息公开工作年度报告"
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{h.escape(title)}_{h.escape(body.agency)}</title>",
        f'<meta name="PubDate" content="{published} 09:30">',
        "<script>function setFont(s){document.getElementById('zoom').style.fontSize=s+'px';}</script>",
        "<style>.xxgk-table td{border:1px solid #000;}</style>",
        "</head>",
        "<body>",
        '<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="#">登录</a> <a href="#">注册</a></div>',  # noqa: E501
        '<div class="position">当前位置:<a href="/">首页</a> &gt; 政府信息公开年度报告</div>',
        '<div class="article">',
    ]
    for kind, text in blocks:
        if kind == "title":
            out.append(f"<h1>{h.escape(text)}</h1>")
            out.append(
                '<div class="tools">字号:<a href="javascript:setFont(18)">大</a> '
                '<a href="javascript:setFont(16)">中</a> <a href="javascript:setFont(14)">小</a></div>'
            )
            out.append('<div id="zoom">')
        elif kind == "meta":
            out.append("".join(f"<p>{h.escape(x)}</p>" for x in text.split("\n")))
        elif kind == "heading":
            out.append(f"<p><strong>{h.escape(text)}</strong></p>")
        elif kind == "para":
            out.append(f'<p style="text-indent:2em">{h.escape(text)}</p>')
        elif kind == "table":
            out += tables[text]
        elif kind == "sign":
            out.append(f'<p style="text-align:right">{h.escape(text)}</p>')
    out += ["</div>", "</div>", '<div class="footer"><p>扫码使用手机浏览本页内容</p></div>', "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _truth(
    name: str,
    seed: int,
    index: int,
    layout: str,
    body: prose.Body,
    year: int,
    published: str,
    template: str,
    t: Tables,
    f: prose.Facts,
    injected: list[dict[str, Any]],
) -> dict[str, Any]:
    """The truth file of one synthetic report: meta, key cells, the injected
    inconsistencies and the status every check must have, computed from the printed
    values (not from the intentions)."""
    expect = model.table_check_status(t)
    v3, v4 = t.t3, t.t4
    expect["n2t.applications_received"] = _eq(f.received, v3["new.total"])
    granted = f.outcomes["granted"]
    if (
        f.received
        and f.processed
        and f.outcome_style == "results"
        and granted
        and sum(1 for x in f.outcomes.values() if x) > 1
    ):
        expect["n2t.applications_granted"] = _eq(granted, v3["granted.total"])
    expect["n2t.review_cases"] = _eq(f.review, v4["review.total"])
    expect["n2t.litigation_cases"] = _eq(f.litigation, v4["suit_direct.total"] + v4["suit_after_review.total"])
    # table 2's facts the prose states (drawn from the printed table: they agree)
    for words, measure in (("现行有效", "in_force"), ("制发", "made"), ("新制作", "made"), ("废止", "repealed")):
        if words in f.t2_sentence:
            expect[f"n2t.normative_documents.{measure}"] = "pass"
    # order of trust: the prose against a total that fails its own identity is uncertain
    suspect = model.suspect_cells(t)
    compared = {
        "n2t.applications_received": ["new.total"],
        "n2t.applications_granted": ["granted.total"],
        "n2t.review_cases": ["review.total"],
        "n2t.litigation_cases": ["suit_direct.total", "suit_after_review.total"],
    }
    for key, cells in compared.items():
        if key in expect and suspect.intersection(cells):
            expect[key] = "uncertain"
    if layout == "pipe_sparse" and not any(v3.values()):
        # every count of table 3 printed as an empty cell: a blank table, against which the
        # prose can only be uncertain (it may be a template nobody filled): not asserted
        for key in ("n2t.applications_received", "n2t.applications_granted"):
            expect.pop(key, None)
    if f.published_repeat is not None:
        expect["n2n.published_items"] = _eq(f.published, f.published_repeat)
    if f.published_parts:
        expect["n2n.sum"] = "pass"
    if f.stated_measures is not None:
        expect["n.enumeration"] = _eq(f.stated_measures, len(f.measures))
    expect["doc.sections"] = "pass"
    if layout in render.STRICT_LAYOUTS:
        expect["doc.tables"] = "pass"
    by_kind = {
        "received": ["n2t.applications_received"],
        "published": ["n2n.published_items"],
        "enumeration": ["n.enumeration"],
    }
    failing = sorted(k for k, s in expect.items() if s == "fail")
    for inj in injected:
        kind = inj["kind"]
        if kind in by_kind:
            inj["checks"] = [c for c in by_kind[kind] if expect.get(c) == "fail"]
        else:
            prefix = {"balance": "t3.balance.", "rowsum": "t3.", "t4": "t4.sum."}[kind]
            inj["checks"] = [
                c for c in failing if c.startswith(prefix) or (kind in ("rowsum", "t4") and c.startswith("n2t."))
            ]
    # an injection whose checks a blank table leaves open breaks nothing a check can find
    injected[:] = [inj for inj in injected if inj["checks"]]
    cells3 = [
        "new.total",
        "new.natural_person",
        "carried_over.total",
        "granted.total",
        "partial.total",
        "total_processed.total",
        "carried_forward.total",
    ]
    return {
        "file": name,
        "generator": "textmine.synth",
        "seed": seed,
        "index": index,
        "layout": layout,
        "format": "html" if layout == "html" else "txt",
        "encoding": "utf-8",
        "strict": layout in render.STRICT_LAYOUTS,
        "meta": {
            "title": f"{body.agency}{year}年政府信息公开工作年度报告",
            "agency": body.agency,
            "year": year,
            "published": published,
            "template": template,
            "script": "traditional" if layout == "traditional" else "simplified",
        },
        "sections": list(_SECTION_TITLES),
        "cells": {
            "applications": {k: v3[k] for k in cells3},
            "review_litigation": {f"{g}.total": v4[f"{g}.total"] for g in T4_GROUPS},
        },
        "prose": {
            "applications_received": f.received,
            "published_items": f.published,
            "published_items_repeat": f.published_repeat,
            "review_cases": f.review,
            "litigation_cases": f.litigation,
        },
        "injected": injected,
        "expect": dict(sorted(expect.items())),
        "expect_fail": failing,
        "expect_pass": sorted(k for k, s in expect.items() if s == "pass"),
        "expect_uncertain": sorted(k for k, s in expect.items() if s == "uncertain"),
        "requires_tables": sorted(k for k in expect if k.startswith(TABLE_CHECK_PREFIXES)),
    }


def _eq(a: float, b: float) -> str:
    return "pass" if a == b else "fail"
