"""Snapshots of the rendered HTML of cards, series navigation and backlinks.

A change in rendering shows as a diff here.  After checking it in a browser,
refresh the snapshots with ``BRIEFS_UPDATE_SNAPSHOTS=1 make test``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

SNAPSHOTS = Path(__file__).parent / "snapshots"
PARTS = [
    ("briefs/alpha.html", ".brief-card"),
    ("briefs/dilemma-2.html", ".brief-series-nav"),
    ("briefs/beta.html", ".brief-cited-by"),
]


def rendered(outdir: Path) -> str:
    chunks = []
    for page, selector in PARTS:
        html = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
        chunks.append(f"<!-- {page} {selector} -->\n{html.select_one(selector).prettify()}")
    return "\n".join(chunks)


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_rendering_matches_snapshot(make_app, rootdir: Path, tmp_path: Path, language: str) -> None:
    from shutil import copytree

    srcdir = tmp_path / "collection"
    copytree(rootdir / "test-collection", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"language": language})
    app.build()
    snapshot = SNAPSHOTS / f"collection-{language}.html"
    actual = rendered(Path(app.outdir))
    if os.environ.get("BRIEFS_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(actual, encoding="utf-8")
        pytest.skip(f"snapshot written: {snapshot.name}")
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run with BRIEFS_UPDATE_SNAPSHOTS=1"
    assert actual == snapshot.read_text(encoding="utf-8")
