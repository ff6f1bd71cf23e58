"""Tables 2, 3 and 4 of a report (SPEC §1), read from whatever layout scraping left.

    parse_tables(text, sections, grids=()) -> {"active_disclosure" | "applications" |
                                               "review_litigation": Table}
    detect_template(text) -> "2019" | "2021" | None

The stages, one module each:
- `templates`: the mandated tables as data (rows, columns, labels, identities);
- `tokens`: text lines or grid rows -> events (label text, values, blank cells);
- `labels`: fuzzy row-label matching;
- `assemble`: events -> the tokens of each template row, in printed order;
- `solver`: tokens -> every reading the row sums and column identities allow;
- `reader`: template choice, evidence, readings -> `Cell`s with provenance;
- `render`: CSV / JSON / rich grids for the CLI.

A table's region is its section's body (`Section.heading_end` to `end`). A grid (real
HTML/PDF/DOCX table cells) anchored in that region is read instead of its pipe rendering,
because its cell boundaries are real. When the segmenter found no section for a table,
the table is looked for by its fixed row wording instead.

Every cell says how it got its value (`Cell.provenance`):
- `pipe` | `hybrid` | `runs` | `cell_per_line` | `grid:html` …: read as written;
- `<layout>:split-forced`: a fused token cut at its leading zeros (`00` is two cells);
- `<layout>:split-by-rowsum` (`-by-column-identity`, `-by-longest-token`): a fused token
  cut where that evidence left one reading;
- `<layout>:placed-by-rowsum` (`-by-column-identity`, `-by-lone-applicant`): a value that
  lost its column (blanks dropped), placed by that evidence or convention;
- `blank=0` (`;placed-by-…`): an empty or dropped cell of a sparse row;
- `inferred:rowsum`: not written, determined by a sum;
- `solver:unique`: all readings agree on the value, taken from different places;
- `solver:ambiguous(<layout>)`: several readings remain, see `Cell.candidates`;
- `solver:missing`: the text does not determine the cell; `absent`: row not found;
- suffix `;row-by-position`: the row's label was unrecognisable, its values filled the
  one gap between recognised rows.
"""

from textmine.tables.parse import detect_template, parse_tables, table_regions
from textmine.tables.templates import TABLE_KEYS, TEMPLATES

__all__ = ["parse_tables", "detect_template", "table_regions", "TEMPLATES", "TABLE_KEYS"]
