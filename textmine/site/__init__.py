"""`textmine report RESULTS/ --out SITE/`: a static HTML site from a results folder.

    build_site(results, out, max_docs=None) -> SiteSummary

Reads `results.duckdb` (read-only) and `documents.jsonl`; writes `index.html` (the
corpus dashboard: plots as inline SVG and a sortable document list) and
`docs/<doc_id>.html` for each document. No server, no CDN, no external file: the pages
open from disk. Pages are written under temporary names and renamed when complete.
Memory stays flat: documents are streamed from documents.jsonl one at a time, and
texts fetched per document.
"""

from textmine.site.build import SiteSummary, build_site

__all__ = ["build_site", "SiteSummary"]
