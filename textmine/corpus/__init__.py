"""Corpus scale: parallel, resumable runs into a results folder (JSON Lines, Parquet, DuckDB).

- `runner.run_corpus`: the entry point (`textmine analyze DIR --out RESULTS/`);
- `records`: the per-document function and the journal line it produces;
- `journal`: the append-only store a run writes and `--resume` reads;
- `local` / `dask_engine`: where the per-document function runs;
- `build`: journals -> documents.jsonl, Parquet tables, results.duckdb;
- `commands`: the `report` and `synth` sub-commands.
"""

from textmine.corpus.runner import RunSummary, run_corpus

__all__ = ["run_corpus", "RunSummary"]
