"""Parts of one article, imported as one series (issue 27): on digests made for the purpose.

Parts share authors, source and date; they are numbered by the publisher's
labels, else the digests' own numbers, else file order, in one batch or as
they arrive; a page edited by hand is told about, not rewritten; two articles
that merely share the key are noted.  The built pages link the parts, in
order, in both languages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from briefs.importer import import_files
from bs4 import BeautifulSoup
from test_importer import build, collection, run_cli

ARTICLE = {"authors": "Mary Major", "source": "War on the Rocks", "date": "November 9, 2023"}


def digest(folder: Path, name: str, point: str, title: str | None = None, **metadata: str) -> Path:
    """A digest as the publisher writes one: an optional title, the labels, a bullet in each language."""
    fields = {**ARTICLE, **metadata}
    lines = [title] if title else []
    lines += [f"作者/Author(s)：{fields['authors']}", f"網站來源/Source：{fields['source']}",
              f"日期/Date：{fields['date']}", "關鍵字/Keywords：灰色地帶戰爭、嚇阻", "",
              f"  • 中文重點：{point}。", f"  • The point in English: {point}."]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def metadata(root: Path, result) -> dict[str, str]:
    """The series and part lines of a result's page."""
    text = (root / result.page).read_text(encoding="utf-8")
    return dict(re.findall(r"^(series|part): (.+)$", text, re.M))


def parts(root: Path, results) -> list[str]:
    """The results' points, in the part order their pages give."""
    numbered = {int(metadata(root, r)["part"]): r for r in results}
    assert len({metadata(root, r)["series"] for r in results}) == 1
    assert sorted(numbered) == list(range(1, len(results) + 1))
    return [Path(numbered[n].file).stem for n in sorted(numbered)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return collection(tmp_path / "repo")


# -- the order of the parts ---------------------------------------------------------------------


def test_unlabelled_parts_follow_the_digests_own_numbers(repo: Path, tmp_path: Path) -> None:
    second = digest(tmp_path, "205_b91c.txt", "second")
    first = digest(tmp_path, "204_7f3a.txt", "first")
    results = import_files([second, first], repo)  # given in the wrong order
    assert parts(repo, results) == ["204_7f3a", "205_b91c"]
    assert {r.order for r in results} == {"the digests' own ids"}
    assert [(r.part, r.parts) for r in results] == [(2, 2), (1, 2)]
    assert results[1].id.endswith("-part-1") and results[0].id.endswith("-part-2")


def test_without_labels_or_numbers_file_order_decides(repo: Path, tmp_path: Path) -> None:
    results = import_files([digest(tmp_path, "zulu.txt", "one"), digest(tmp_path, "alpha.txt", "two")], repo)
    assert parts(repo, results) == ["zulu", "alpha"]
    assert {r.order for r in results} == {"file order"}


def test_a_label_keeps_its_number_and_the_others_fill_the_rest(repo: Path, tmp_path: Path) -> None:
    """Three parts, of which only the last says so ("(第三部分)"), given first."""
    third = digest(tmp_path, "c.txt", "three", title="WOTR:灰色地帶(第三部分)")
    results = import_files([third, digest(tmp_path, "a.txt", "one"), digest(tmp_path, "b.txt", "two")], repo)
    assert parts(repo, results) == ["a", "b", "c"]
    assert {r.order for r in results} == {"the publisher's part labels, then file order"}


@pytest.mark.parametrize("labels", [("(Part 1)", "(Part 2)", "(Part 3)"), ("（第一部分）", "(二)", "第三部分"),
                                    ("(1)", ", Part II", "（第3部分）")], ids=["english", "chinese", "mixed"])
def test_the_publishers_labels_order_the_parts(repo: Path, tmp_path: Path, labels: tuple[str, ...]) -> None:
    files = [digest(tmp_path, f"{n}.txt", f"part {n}", title=f"WOTR:灰色地帶{label}")
             for n, label in zip((1, 2, 3), labels, strict=True)]
    results = import_files([files[2], files[0], files[1]], repo)
    assert parts(repo, results) == ["1", "2", "3"]
    assert {r.order for r in results} == {"the publisher's part labels"}
    assert not any(r.notes for r in results)


# -- parts arriving later -------------------------------------------------------------------------


def test_a_part_imported_later_joins_and_updates_only_the_series_lines(repo: Path, tmp_path: Path) -> None:
    [first] = import_files([digest(tmp_path, "301_a.txt", "first")], repo)
    page, catalog = repo / first.page, repo / first.catalog
    before_page, before_catalog = page.read_text(encoding="utf-8"), catalog.read_bytes()
    assert first.series is None and "series:" not in before_page

    [second] = import_files([digest(tmp_path, "302_b.txt", "second")], repo)
    assert (second.part, second.parts) == (2, 2)
    series = metadata(repo, second)["series"]
    assert metadata(repo, first) == {"series": series, "part": "1"}
    # Only the two lines are new (and the marker's page hash); the catalog is as it was.
    after = page.read_text(encoding="utf-8").split("\n")
    added = [line for line in after[1:] if line not in before_page.split("\n")]
    assert added == [f"series: {series}", "part: 1"]
    assert catalog.read_bytes() == before_catalog
    assert any(f"updated {first.page}: series {series}, part 1" in n for n in second.notes)
    # The page still counts as imported and not edited: importing its digest again changes nothing.
    [again] = import_files([tmp_path / "301_a.txt"], repo)
    assert again.status == "unchanged" and again.id == first.id


def test_a_part_arriving_before_its_predecessor_is_still_ordered(repo: Path, tmp_path: Path) -> None:
    """The later part is imported first; the digests' numbers, recorded at import, order them."""
    [second] = import_files([digest(tmp_path, "402_b.txt", "second")], repo)
    [first] = import_files([digest(tmp_path, "401_a.txt", "first")], repo)
    assert parts(repo, [first, second]) == ["401_a", "402_b"]


def test_a_labelled_part_alone_is_numbered_and_its_predecessor_fills_the_gap(repo: Path, tmp_path: Path) -> None:
    [second] = import_files([digest(tmp_path, "b.txt", "second", title="WOTR:灰色地帶(Part 2)")], repo)
    assert metadata(repo, second)["part"] == "2" and second.id.endswith("-part-2")
    [first] = import_files([digest(tmp_path, "a.txt", "first")], repo)
    assert parts(repo, [first, second]) == ["a", "b"]
    assert first.order == "the part numbers already given, then file order"


def test_a_third_part_joins_a_series_of_two(repo: Path, tmp_path: Path) -> None:
    two = import_files([digest(tmp_path, "a.txt", "one"), digest(tmp_path, "b.txt", "two")], repo)
    before = [(repo / r.page).read_bytes() for r in two]
    [three] = import_files([digest(tmp_path, "c.txt", "three")], repo)
    assert parts(repo, [*two, three]) == ["a", "b", "c"]
    assert [(repo / r.page).read_bytes() for r in two] == before  # already numbered: not touched
    assert three.order == "the part numbers already given, then file order"


def test_an_edited_part_is_not_rewritten_but_the_report_says_what_to_add(repo: Path, tmp_path: Path) -> None:
    [first] = import_files([digest(tmp_path, "a.txt", "first")], repo)
    page = repo / first.page
    page.write_text(page.read_text(encoding="utf-8") + "\nAn editor's sentence.\n", encoding="utf-8")
    edited = page.read_bytes()
    result = run_cli("import", "--dest", repo, digest(tmp_path, "b.txt", "second"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert page.read_bytes() == edited
    series = re.search(r"^ +series: +([\w-]+), part 2 of 2", result.stdout, re.M).group(1)
    assert (f"{first.page} was edited since it was imported: add to its metadata block "
            f"'series: {series}' and 'part: 1'") in result.stdout
    assert "part 2 of 2 (ordered by file order)" in result.stdout


# -- what is one article --------------------------------------------------------------------------


def test_metadata_is_compared_as_the_parser_reads_it(repo: Path, tmp_path: Path) -> None:
    results = import_files([
        digest(tmp_path, "a.txt", "one"),
        digest(tmp_path, "b.txt", "two", authors="MARY  MAJOR ", source="War on the Rocks\u00a0", date="2023年11月9日"),
        digest(tmp_path, "c.txt", "other day", date="November 10, 2023"),
        digest(tmp_path, "d.txt", "other author", authors="Mary Minor"),
    ], repo)
    assert parts(repo, results[:2]) == ["a", "b"]
    assert [r.series for r in results[2:]] == [None, None]


def test_two_articles_sharing_authors_source_and_date_are_noted(repo: Path, tmp_path: Path) -> None:
    results = import_files([digest(tmp_path, "a.txt", "one", title="The Long Game in the Western Pacific"),
                            digest(tmp_path, "b.txt", "two", title="Why Sanctions on Moscow Fall Short")], repo)
    assert parts(repo, results) == ["a", "b"]  # joined, but an editor is told
    [note] = results[0].notes
    assert "a.txt and b.txt share authors, source and date but not their titles" in note
    assert "'The Long Game in the Western Pacific'" in note and "give one of them its own series" in note


def test_two_parts_with_one_label_are_noted(repo: Path, tmp_path: Path) -> None:
    results = import_files([digest(tmp_path, "a.txt", "one", title="WOTR:灰色地帶(Part 1)"),
                            digest(tmp_path, "b.txt", "two", title="WOTR:灰色地帶(第一部分)")], repo)
    assert parts(repo, results) == ["a", "b"]
    assert any("a.txt and b.txt are both part 1" in n for n in results[0].notes)


def test_the_json_report_says_series_part_and_order(repo: Path, tmp_path: Path) -> None:
    files = [digest(tmp_path, "11_a.txt", "one"), digest(tmp_path, "12_b.txt", "two")]
    result = run_cli("import", "--json", "--dest", repo, *files, cwd=tmp_path)
    report = json.loads(result.stdout)
    assert [(r["part"], r["parts"], r["order"]) for r in report] == [(1, 2, "the digests' own ids"),
                                                                      (2, 2, "the digests' own ids")]
    assert report[0]["series"] == report[1]["series"]


# -- the built pages ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A three-part article imported at once (shuffled) and a two-part one in two batches,
    built in both languages."""
    folder = tmp_path_factory.mktemp("digests")
    root = collection(tmp_path_factory.mktemp("series") / "repo")
    three = [digest(folder, f"5{n}_x.txt", f"three-{n}", authors="Ann Able") for n in (1, 2, 3)]
    results = dict(zip(("two", "three", "one"), import_files([three[1], three[2], three[0]], root), strict=True))
    [results["late-1"]] = import_files([digest(folder, "61_y.txt", "late-1", date="Spring 2024")], root)
    [results["late-2"]] = import_files([digest(folder, "62_y.txt", "late-2", date="Spring 2024")], root)
    [results["solo"]] = import_files([digest(folder, "solo.txt", "solo", title="WOTR:灰色地帶(Part 3)",
                                             authors="Sol Only")], root)
    for language in ("en", "zh_TW"):
        build(root, language)  # no warning: the composed headings are recognised with their parts
    return root, results


def page(root: Path, language: str, result) -> BeautifulSoup:
    path = root / "_build/html" / language / Path(result.page).relative_to("source").with_suffix(".html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("language", ["en", "zh_TW"])
@pytest.mark.parametrize("article", [("one", "two", "three"), ("late-1", "late-2")], ids=["three", "late"])
def test_pages_link_the_parts_in_order_in_both_languages(built, language: str, article: tuple[str, ...]) -> None:
    root, results = built
    words = {"en": ("Part {n} of {m}", "Previous part", "Next part"), "zh_TW": ("共 {m} 部分之第 {n} 部分", "上一部分", "下一部分")}
    of, previous, following = words[language]
    for n, key in enumerate(article, start=1):
        soup = page(root, language, results[key])
        nav = soup.select_one(".brief-series-nav")
        assert of.format(n=n, m=len(article)) in nav.get_text(" ", strip=True)
        links = {a.get_text(" ", strip=True): a["href"] for a in nav.select("a")}
        expected = {}
        if n > 1:
            expected[previous] = Path(results[article[n - 2]].page).name.replace(".md", ".html")
        if n < len(article):
            expected[following] = Path(results[article[n]].page).name.replace(".md", ".html")
        for label, target in expected.items():
            assert any(text.lstrip("← ").startswith(label) and href.split("#")[0].endswith(target) for text, href in links.items()), \
                (label, links)
        assert (previous in nav.get_text()) == (n > 1) and (following in nav.get_text()) == (n < len(article))


def test_composed_titles_carry_the_part_in_each_language(built) -> None:
    root, results = built
    assert page(root, "en", results["two"]).h1.get_text(" ", strip=True).startswith(
        "War on the Rocks, November 9, 2023 (Part 2)")
    zh = page(root, "zh_TW", results["two"])
    assert zh.title.get_text().startswith("灰色地帶戰爭、嚇阻：War on the Rocks，2023年11月9日（第 2 部分）")
    assert page(root, "zh_TW", results["late-1"]).h1.get_text().startswith(
        "灰色地帶戰爭、嚇阻：War on the Rocks，2024年春季（第 1 部分）")


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_a_part_whose_other_parts_are_missing_has_no_navigation(built, language: str) -> None:
    root, results = built
    assert results["solo"].part == 3
    assert page(root, language, results["solo"]).select_one(".brief-series-nav") is None
