#!/usr/bin/env bash
# The shipped statement model, made again: the real report sentences labelled standoff in
# corpus/annotations/real_statements.*.jsonl are exported with their text and context from
# ../shared (build/ is never committed: it holds report text), then trained on together with
# the project's own sentences; real ones count three times (the default --weight real=3).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
textmine export-sentences ../shared \
  --labels corpus/annotations/real_statements.a.jsonl \
  --labels corpus/annotations/real_statements.b.jsonl \
  --out build/real_statements.jsonl
textmine train corpus/annotations/statements.jsonl build/real_statements.jsonl --out textmine/models/default "$@"
