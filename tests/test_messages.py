"""Messages say how to fix (issue 30): an unknown source is flagged like an unknown keyword,
with the entry to add; a source given in both languages is found by either name."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project, sphinx_build

SEED_PAGE = Path("source/briefs/2023/graham-2023-what-russia-really-wants.md")


def with_source(tmp_path: Path, source: str) -> tuple[Path, int]:
    root = tmp_path / "project"
    root.mkdir()
    copy_project(root)
    page = root / SEED_PAGE
    text = page.read_text(encoding="utf-8").replace("source: Foreign Affairs", f"source: {source}")
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"source: {source}") + 1
    return root, line


def build(root: Path, out: Path, language: str = "en"):  # noqa: ANN201 - a CompletedProcess
    return sphinx_build("-b", "html", "-D", f"language={language}", "-c", root, "-d", out / "doctrees",
                        root / "source", out / "html")


def test_an_unknown_source_is_named_at_its_line_with_the_entry_to_add(tmp_path: Path) -> None:
    root, line = with_source(tmp_path, "The Diplomat Quarterly")
    result = build(root, tmp_path / "out")
    assert result.returncode != 0
    assert (f"{root / SEED_PAGE}:{line}: WARNING: source 'The Diplomat Quarterly' is not in the glossary: add it "
            "to glossary.yaml under 'sources:', as 'The Diplomat Quarterly: {zh_TW: <its name>}' [briefs.glossary]"
            ) in result.stderr


def test_a_source_given_in_both_languages_is_found_by_its_names(tmp_path: Path) -> None:
    root, _line = with_source(tmp_path, "外交事務 Foreign Affairs")
    for language in ("en", "zh_TW"):
        result = build(root, tmp_path / language, language)
        assert result.returncode == 0, result.stderr


def test_a_digest_title_line_cut_short_is_called_so_on_the_card(site: Path) -> None:
    """The seed digest's title line is "Then and": kept on the card, but not as the article's title."""
    from bs4 import BeautifulSoup

    for language, label in (("en", "Digest title line (cut short)"), ("zh_TW", "摘要中的標題行（不完整）")):
        page = BeautifulSoup((site / language / "briefs/2023/graham-2023-what-russia-really-wants.html")
                             .read_text(encoding="utf-8"), "html.parser")
        card = {dt.get_text().rstrip(":"): dd.get_text().strip()
                for dt, dd in zip(page.select(".brief-card dt"), page.select(".brief-card dd"), strict=True)}
        assert card[label] == "Then and"
        assert "Digest title" not in card and "摘要原標題" not in card
