"""Folders textmine writes (results folders, report sites, model folders): the marker that
says a folder is textmine's, and the refusal to write into a folder that is someone
else's."""

from __future__ import annotations

from pathlib import Path

# Written into every results folder and report site (and a folder of annotations beside
# the reports they annotate): a corpus walk skips such folders,
# so `textmine analyze . --out results` with `textmine report results --out results/site`
# never reads the site's pages (copies of every report) as reports on the next run.
OUTPUT_MARKER = ".textmine-output"
# what the marker says a folder is
RESULTS_KIND = "results folder"
SITE_KIND = "report site"


def mark_output(folder: Path, what: str) -> None:
    marker = folder / OUTPUT_MARKER
    if not marker.exists():
        marker.write_text(f"textmine {what}: corpus runs do not read files under this folder\n", encoding="utf-8")


class ForeignFolder(Exception):
    """An output folder that holds files textmine did not write there."""


def is_marked(folder: Path, what: str) -> bool:
    marker = folder / OUTPUT_MARKER
    try:
        return marker.read_text(encoding="utf-8").startswith(f"textmine {what}:")
    except (OSError, UnicodeDecodeError):
        return False


def check_output_folder(folder: Path, what: str, ours: bool, replaced: str, force: bool = False) -> None:
    """Refuse to write a `what` into a non-empty folder that is not one (`ours` says
    whether it is): `--out .` in a project root must not replace its docs/. `replaced`
    names what a write would replace, for the message; `force` writes anyway."""
    if force or not folder.exists():
        return
    if not folder.is_dir():
        raise ForeignFolder(f"{folder} is a file, not a folder")
    entries = sorted(p.name for p in folder.iterdir())
    if not entries or ours:
        return
    shown = ", ".join(entries[:4]) + (", …" if len(entries) > 4 else "")
    raise ForeignFolder(
        f"{folder} is not empty ({shown}) and is not a textmine {what}: writing there would replace "
        f"{replaced}. Choose a new or empty folder, or pass --force to replace them."
    )
