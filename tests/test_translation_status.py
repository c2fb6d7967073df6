"""Translation status: ``briefs stats``, the site's status page and a translated page's
banner, all from the same count of each catalog."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
from bs4 import BeautifulSoup
from conftest import copy_project, sphinx_build

SEED = "briefs/2023/graham-2023-what-russia-really-wants"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_stats_the_status_page_and_the_banner_agree(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    copy_project(root)
    path = root / "locale" / "zh_TW" / "LC_MESSAGES" / f"{SEED}.po"
    catalog = polib.pofile(str(path))
    translated = [e for e in catalog if e.msgstr]
    translated[0].flags.append("fuzzy")  # to review: not shown, not counted as translated
    translated[1].msgstr = ""
    catalog.save(str(path))
    stats = subprocess.run([sys.executable, "-m", "briefs.cli", "stats", "--json", "--dest", str(root)],
                           capture_output=True, text=True, check=True)
    row = next(r for r in json.loads(stats.stdout) if r["page"] == f"{SEED}.md")
    assert (row["messages"], row["fuzzy"]) == (len(catalog), 1)
    assert row["translated"] == len(translated) - 2 and row["untranslated"] == len(catalog) - row["translated"] - 1
    assert row["percent"] == row["translated"] * 100 // row["messages"]
    out = {}
    for language in ("en", "zh_TW"):
        result = sphinx_build("-b", "html", "-c", root, "-D", f"language={language}", "-d", tmp_path / f"d-{language}",
                              root / "source", tmp_path / language)
        assert result.returncode == 0, result.stderr
        out[language] = tmp_path / language
    banner = soup(out["zh_TW"] / f"{SEED}.html").select_one(".briefs-untranslated")
    assert f"本頁已翻譯 {row['percent']}%（{row['messages']} 則訊息中的 {row['translated']} 則）。" in banner.get_text()
    links = [a["href"] for a in banner.select("a")]
    assert links[0].endswith(f"/edit/main/locale/zh_TW/LC_MESSAGES/{SEED}.po")
    assert links[1] == "../../translation-status.html"
    assert soup(out["zh_TW"] / "index.html").select(".briefs-untranslated") == []  # fully translated
    assert soup(out["en"] / f"{SEED}.html").select(".briefs-untranslated") == []  # the source language
    for language, build in out.items():
        cell = soup(build / "translation-status.html").select_one(f'tr[data-docname="{SEED}"] td[data-language="zh_TW"]')
        assert {k: int(cell[f"data-{k}"]) for k in ("percent", "translated", "fuzzy", "untranslated", "total")} == {
            "percent": row["percent"], "translated": row["translated"], "fuzzy": 1,
            "untranslated": row["untranslated"], "total": row["messages"]}, language
