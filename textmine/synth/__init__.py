"""Synthetic annual reports with ground truth, for tests and benchmarks (never training).

    generate(n, out_dir, seed) -> list of written report paths

Each report is a complete 政府信息公开工作年度报告 of a fictional body: preamble, the six
mandated sections with prose in several phrasings, the three tables in one of the
layouts of SPEC §2 (`render.LAYOUTS`), for the 2019 or 2021 template. Table numbers
satisfy every identity of SPEC §1 until an inconsistency is injected on purpose:

- `received`   the prose states a received count other than table 3 `new.total`;
- `published`  the published-items count is repeated later with another value;
- `balance`    a carried-forward cell and its total are off by the same amount (the
               column balance breaks, the row sum still holds);
- `rowsum`     a row's total cell is mistyped (its row sum and the results column break);
- `t4`         a table-4 group total is mistyped;
- `enumeration` the announced number of measures differs from the measures listed.

Table inconsistencies are only injected in layouts that keep every value's position
(`render.STRICT_LAYOUTS`); where positions are lost (sparse pipes, fused digits) a broken
identity could not be told from a misread one, even by a careful human.

Next to every `<name>.txt|.html` a `<name>.truth.json` records meta, key cells, the
injected inconsistencies with the check ids that must fail, and the status every check
must have (`expect`), computed from the printed values, not from the intentions. The
output is a pure function of (n, seed): the same seed gives byte-identical files.
"""

from textmine.synth.generate import LAYOUTS, TABLE_CHECK_PREFIXES, generate, make_report, render_report

__all__ = ["generate", "make_report", "render_report", "TABLE_CHECK_PREFIXES", "LAYOUTS"]
