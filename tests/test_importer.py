"""``briefs import``: every variant of the spec, errors, safety, and end to end."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import seed
from briefs import digest as digests
from briefs.importer import DigestError, ImportRefused, escape, import_files, unescape
from bs4 import BeautifulSoup
from conftest import REPO, sphinx_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DIGESTS = Path(__file__).parent / "data" / "digests"
FIXTURES = sorted(DIGESTS.glob("*.txt"))
_MARKER = re.compile(r"^(?:[•●▪◦·‧]|-(?=\s)|\d{1,2}[.)](?=\s+\S|[\u3400-\u9fff]))\s*")


def collection(root: Path) -> Path:
    """An empty collection: the repository's configuration and interface catalogs, no briefs."""
    (root / "source").mkdir(parents=True)
    for name in ("conf.py", "glossary.yaml"):
        shutil.copy2(REPO / name, root / name)
    for name in ("index.md", "book.md"):
        shutil.copy2(REPO / "source" / name, root / "source" / name)
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo", "briefs"))
    return root


def run_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefs.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, check=False)


def build(root: Path, language: str, builder: str = "html") -> Path:
    out = root / "_build" / builder / language
    result = sphinx_build("-b", builder, "-c", root, "-D", f"language={language}",
                          "-d", root / "_build" / "doctrees" / f"{builder}-{language}", root / "source", out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def visible(html_file: Path) -> str:
    article = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser").find("article")
    return digests.normalize(article.get_text(" "))


# -- the seed ---------------------------------------------------------------------------------


def test_seed_imports_to_the_text_and_catalog_the_site_shows(tmp_path: Path) -> None:
    root = collection(tmp_path / "repo")
    [result] = import_files([seed.SEED], root)
    assert result.status == "imported", result.error
    assert (result.paired, result.chinese_only, result.english_only) == (7, 0, 2)
    assert any("suspect title 'Then and'" in w for w in result.warnings)
    imported = polib.pofile(str(root / result.catalog))
    site = polib.pofile(str(REPO / "locale/zh_TW/LC_MESSAGES/briefs/2023/graham-2023-what-russia-really-wants.po"))
    pairs = {(e.msgid, e.msgstr) for e in site if e.msgstr}
    assert pairs == {(e.msgid, e.msgstr) for e in imported if e.msgstr}
    page = (root / result.page).read_text(encoding="utf-8")
    site_page = (REPO / "source/briefs/2023/graham-2023-what-russia-really-wants.md").read_text(encoding="utf-8")
    body = page.split("```\n", 2)[-1]
    assert body.strip() == site_page.split("```\n", 2)[-1].strip()  # same headings and bullets, same order
    assert "digest-title: Then and" in page


# -- every variant, end to end ----------------------------------------------------------------


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = collection(tmp_path_factory.mktemp("variants") / "repo")
    results = {Path(r.file).name: r for r in import_files(FIXTURES, root)}
    failed = {name: r.error for name, r in results.items() if r.status != "imported"}
    assert failed == {}
    for language in ("en", "zh_TW"):
        build(root, language)
    return root, results


@pytest.mark.parametrize("fixture", [p.name for p in FIXTURES])
def test_every_input_line_is_in_the_html_of_its_language(imported_site, fixture: str) -> None:
    root, results = imported_site
    result = results[fixture]
    page = Path(result.page).relative_to("source").with_suffix(".html")
    shown = {lang: visible(root / "_build" / "html" / lang / page) for lang in ("en", "zh_TW")}
    text = digests.decode((DIGESTS / fixture).read_bytes())
    dig = digests.read(text)
    header = {n for n, _t in dig.header}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = digests.normalize(raw)
        if not line or number in header:
            continue
        bare = _MARKER.sub("", line)
        if dig.title and number in dig.title.lines:
            assert dig.title.text in shown["en"], (fixture, number)  # the card's "Digest title"
            continue
        language = "zh_TW" if digests.is_chinese(line) else "en"
        assert bare in shown[language], f"{fixture}:{number} not in the {language} page: {line!r}"


@pytest.mark.parametrize("fixture", [p.name for p in FIXTURES])
def test_metadata_lines_show_in_the_card(imported_site, fixture: str) -> None:
    root, results = imported_site
    page = Path(results[fixture].page).relative_to("source").with_suffix(".html")
    card = digests.normalize(BeautifulSoup((root / "_build/html/en" / page).read_text(encoding="utf-8"),
                                           "html.parser").select_one(".brief-card").get_text(" "))
    from briefs.metadata import parse_block
    brief, _ = parse_block(digests.read(digests.decode((DIGESTS / fixture).read_bytes())).header_text())
    for author in brief.authors:
        assert author in card


def test_catalogs_hold_exactly_the_messages_sphinx_extracts(imported_site) -> None:
    root, results = imported_site
    out = build(root, "en", "gettext")
    for result in results.values():
        pot = out / Path(result.catalog).relative_to("locale/zh_TW/LC_MESSAGES").with_suffix(".pot")
        extracted = [e.msgid for e in polib.pofile(str(pot))]
        written = [e.msgid for e in polib.pofile(str(root / result.catalog))]
        assert written == extracted, result.file


def test_variants_are_read_as_the_spec_describes(imported_site) -> None:
    _root, results = imported_site
    part1, part2 = results["prefixed-part-1.txt"], results["prefixed-part-2.txt"]
    assert part1.id.endswith("-part-1") and part2.id.endswith("-part-2")
    assert part1.id.removesuffix("-part-1") == part2.id.removesuffix("-part-2")
    assert (part2.paired, part2.chinese_only, part2.english_only) == (7, 0, 0)  # heading, lead-in, bullets, sub-items
    assert any("title names the source as 'FA'" in w for w in part2.warnings)
    fragment = results["fragment-prose-2024.txt"]
    assert any("suspect title 'Sources Of A Power'" in w for w in fragment.warnings)
    assert any("repeated paragraph kept" in w for w in fragment.warnings)
    assert (fragment.chinese_only, fragment.english_only) == (4, 2)
    assert any("no title line" in w for w in results["no-title-2021.txt"].warnings)


def test_chinese_title_translates_the_made_up_title(imported_site) -> None:
    root, results = imported_site
    page = Path(results["prefixed-part-2.txt"].page).relative_to("source").with_suffix(".html")
    title = BeautifulSoup((root / "_build/html/zh_TW" / page).read_text(encoding="utf-8"), "html.parser").h1
    assert title.get_text().strip("¶") == "美國的兩難 (Part 2)"


def test_glossary_gains_new_keywords_and_sources(imported_site) -> None:
    root, _results = imported_site
    from briefs.glossary import load
    glossary = load(root / "glossary.yaml")
    assert glossary.find("keywords", "Deterrence") is not None
    source = glossary.find("sources", "Center for Something Studies (CSS)")
    assert source is not None and source.names == {"zh_TW": "某某研究中心"}


def test_markup_characters_render_literally(imported_site) -> None:
    root, results = imported_site
    page = Path(results["markup-2025.txt"].page).relative_to("source").with_suffix(".html")
    en, zh = (visible(root / "_build/html" / lang / page) for lang in ("en", "zh_TW"))
    assert "Tariff *rates* rose to 25%, hitting [supply chains] and `code`." in en
    assert "The US <new> policy {draft} will cost $500 million_total." in en
    assert "# not a heading, and 1. not a list either." in en
    assert "關稅*稅率*提高到 25%,影響[供應鏈]。" in zh


# -- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8-sig", "\n"), ("utf-16", "\n"), ("utf-16-le", "\r\n"), ("cp950", "\r\n"), ("utf-8", "\r\n")],
)
def test_encodings_and_line_ends(tmp_path: Path, encoding: str, newline: str) -> None:
    text = (DIGESTS / "no-title-2021.txt").read_text(encoding="utf-8")
    source = tmp_path / f"digest-{encoding}.txt"
    source.write_bytes(text.replace("\n", newline).encode(encoding))
    root = collection(tmp_path / "repo")
    [result] = import_files([source], root)
    assert result.status == "imported", result.error
    catalog = polib.pofile(str(root / result.catalog))
    assert "美國應強化與盟國的協調。" in [e.msgstr for e in catalog]


# -- errors and safety ------------------------------------------------------------------------

BROKEN = {
    "empty.txt": (b"", r":0: empty file"),
    "binary.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", r":0: binary file"),
    "undecodable.txt": ("作者/Author(s): A\n".encode() + b"\xff\xfe\xfa\xff\x80\n", r":2: undecodable"),
    "no-labels.txt": ("Just a title\n  • 只有內容。\n".encode(), r":0: no metadata labels"),
    "bad-date.txt": ("作者/Author(s): A\n網站來源/Source: S\n日期/Date: Someday\n".encode(), r":3: .*date"),
}


def test_broken_files_fail_alone_with_their_line(tmp_path: Path) -> None:
    root = collection(tmp_path / "repo")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, (data, _pattern) in BROKEN.items():
        (inputs / name).write_bytes(data)
    shutil.copy2(seed.SEED, inputs / "good.txt")
    result = run_cli("import", "--dest", root, *sorted(inputs.iterdir()), cwd=tmp_path)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == len(BROKEN)
    for name, (_data, pattern) in BROKEN.items():
        line = next(e for e in errors if e.startswith(str(inputs / name) + ":"))
        assert re.search(pattern, line), line
    assert "1 imported, 0 unchanged, 5 failed" in result.stdout
    written = sorted(p.name for p in (root / "source" / "briefs").rglob("*.md"))
    assert written == ["graham-2023-russian-strategic-autonomy.md"]
    assert sorted(p.name for p in (root / "locale").rglob("briefs/**/*.po")) == [
        "graham-2023-russian-strategic-autonomy.po"]
    assert not list(root.rglob("*.tmp"))


def test_reimport_changes_nothing_and_edits_are_protected(tmp_path: Path) -> None:
    root = collection(tmp_path / "repo")
    [first] = import_files([seed.SEED], root)
    page = root / first.page
    before = page.read_bytes(), (root / first.catalog).read_bytes(), page.stat().st_mtime_ns
    [again] = import_files([seed.SEED], root)
    assert again.status == "unchanged" and again.id == first.id
    assert (page.read_bytes(), (root / first.catalog).read_bytes(), page.stat().st_mtime_ns) == before

    page.write_text(page.read_text(encoding="utf-8").replace("# Russian", "# Edited: Russian"), encoding="utf-8")
    refused = run_cli("import", "--dest", root, seed.SEED, cwd=tmp_path)
    assert refused.returncode == 1
    assert "was edited since it was imported" in refused.stderr
    assert "-# Edited: Russian" in refused.stderr  # the difference is shown
    assert "Edited" in page.read_text(encoding="utf-8")
    forced = run_cli("import", "--force", "--dest", root, seed.SEED, cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "Edited" not in page.read_text(encoding="utf-8")


def test_parts_imported_one_after_another_form_one_series(tmp_path: Path) -> None:
    root = collection(tmp_path / "repo")
    [two] = import_files([DIGESTS / "prefixed-part-2.txt"], root)
    [one] = import_files([DIGESTS / "prefixed-part-1.txt"], root)
    series = {re.search(r"^series: (.+)$", (root / r.page).read_text(encoding="utf-8"), re.M).group(1)
              for r in (one, two)}
    assert len(series) == 1


@pytest.mark.parametrize("label", ["(二)", "（第二部分）", "(Part 2)"])
def test_each_of_the_publishers_part_labels_numbers_the_part(tmp_path: Path, label: str) -> None:
    """"(Part 2)", "（第二部分）" and a numeral alone, "(二)", all make part 2 of the series part 1 is in."""
    root = collection(tmp_path / "repo")
    text = (DIGESTS / "prefixed-part-2.txt").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.endswith("(Part 2)")
    (tmp_path / "two.txt").write_text(text.replace(first, first.removesuffix("(Part 2)") + label, 1), encoding="utf-8")
    [one, two] = import_files([DIGESTS / "prefixed-part-1.txt", tmp_path / "two.txt"], root)
    assert two.status == "imported", two.error
    assert two.id == one.id.removesuffix("-part-1") + "-part-2"
    assert "part: 2" in (root / two.page).read_text(encoding="utf-8")


def test_json_report(tmp_path: Path) -> None:
    root = collection(tmp_path / "repo")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("import", "--json", "--dest", root, seed.SEED, tmp_path / "empty.txt", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert [r["status"] for r in report] == ["imported", "failed"]
    assert report[0]["page"] == "source/briefs/2023/graham-2023-russian-strategic-autonomy.md"
    assert report[0]["catalog"] == "locale/zh_TW/LC_MESSAGES/briefs/2023/graham-2023-russian-strategic-autonomy.po"
    assert report[1]["error"].endswith(":0: empty file")
    assert {"file", "status", "id", "page", "catalog", "error", "warnings"} <= set(report[0])


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = collection(tmp_path / "repo")
    glossary = (root / "glossary.yaml").read_bytes()
    result = run_cli("import", "--dry-run", "--dest", root, *FIXTURES, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "would import" in result.stdout
    assert not (root / "source" / "briefs").exists()
    assert (root / "glossary.yaml").read_bytes() == glossary


# -- new and check ----------------------------------------------------------------------------


def test_new_scaffold_is_rejected_by_check_until_filled(tmp_path: Path) -> None:
    root = collection(tmp_path / "repo")
    assert run_cli("new", "smith-2026-example", "--year", "2026", "--dest", root, cwd=tmp_path).returncode == 0
    page = root / "source/briefs/2026/smith-2026-example.md"
    check = run_cli("check", "--dest", root, cwd=tmp_path)
    assert check.returncode == 1
    assert f"{page.relative_to(root)}:5: error:" in check.stdout  # the date placeholder, with its line
    page.write_text(
        "# An Example\n\n```{brief}\nauthors: Jo Smith\nsource: Foreign Affairs\ndate: 2026-01-02\n"
        "keywords: Russian Strategic Autonomy\n```\n\n- The point.\n", encoding="utf-8")
    check = run_cli("check", "--dest", root, cwd=tmp_path)
    assert check.returncode == 0, check.stdout


def test_check_reports_what_needs_an_editors_eye(tmp_path: Path) -> None:
    root = collection(tmp_path / "repo")
    import_files([DIGESTS / "no-title-2021.txt"], root)
    check = run_cli("check", "--dest", root, cwd=tmp_path)
    assert check.returncode == 0
    assert "note: keyword 'Deterrence' has no zh_TW name in the glossary" in check.stdout


# -- properties -------------------------------------------------------------------------------


def test_escape_round_trips() -> None:
    for text in ["a *b* _c_ [d] <e> {f} $g$ `h` #i 1. j", "1. starts like a list", "# starts like a heading"]:
        assert unescape(escape(text)) == text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_no_traceback_on_any_bytes(data: bytes) -> None:
    from briefs.glossary import Glossary
    from briefs.importer import check_nothing_lost, plan

    try:
        dig = digests.read(digests.decode(data))
        planned = plan(dig, set(), Glossary(), "zh_TW")
        check_nothing_lost(digests.decode(data), dig, planned.page, planned.catalog)
    except (DigestError, ImportRefused):
        pass


_LABELS = ["作者/Author(s): Ann Lee", "網站來源/Source: Foreign Affairs", "日期/Date: Jun 15, 2023"]
_line = st.text(alphabet=st.sampled_from(list("abc XYZ.,*_[]<>{}$#`-1中國美。「」、 ")), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["  • ", "- ", "", "  1. "]), _line), max_size=12))
def test_nothing_lost_on_any_digest_that_imports(tmp_path_factory, body: list[tuple[str, str]]) -> None:
    text = "\n".join(_LABELS + [marker + line for marker, line in body]) + "\n"
    root = collection(tmp_path_factory.mktemp("prop") / "repo")
    source = root / "digest.txt"
    source.write_text(text, encoding="utf-8")
    [result] = import_files([source], root)
    if result.status != "imported":
        assert result.error and re.match(rf"{re.escape(str(source))}:\d+: ", result.error)
        return
    page = unescape((root / result.page).read_text(encoding="utf-8"))
    msgstrs = unescape("\n".join(e.msgstr for e in polib.pofile(str(root / result.catalog))))
    output = digests.normalize(page + "\n" + msgstrs)
    for _marker, line in body:
        # A line's own list marker ("- 、") is markup: a Chinese bullet paired with an
        # English one becomes a msgstr, without it. Its words must all be there.
        bare = digests.without_marker(digests.normalize(line))
        if bare:
            assert bare in output, line


def test_new_files_a_brief_under_the_year_of_its_id_or_its_date(tmp_path: Path) -> None:
    root = collection(tmp_path / "repo")
    assert run_cli("new", "chen-2024-strait-crossings", "--dest", root, cwd=tmp_path).returncode == 0
    assert (root / "source/briefs/2024/chen-2024-strait-crossings.md").is_file()
    assert run_cli("new", "chen-strait-patrols", "--date", "March 3, 2021", "--dest", root, cwd=tmp_path).returncode == 0
    page = root / "source/briefs/2021/chen-strait-patrols.md"
    assert "date: March 3, 2021\n" in page.read_text(encoding="utf-8")
    bad = run_cli("new", "chen-strait-drills", "--date", "someday", "--dest", root, cwd=tmp_path)
    assert bad.returncode == 2 and "a date may be written: October 9, 2023;" in bad.stderr


def test_the_glossary_is_edited_in_place_and_a_chinese_only_keyword_keeps_its_chinese_name(tmp_path: Path) -> None:
    """An import adds its new terms after the others: the file's comments, order and layout
    stay; a keyword given in Chinese only is recorded under its Chinese name, and the checker
    says its English name is what is missing."""
    root = collection(tmp_path / "repo")
    glossary = root / "glossary.yaml"
    before = ("# Terms of the collection: keep this comment.\nkeywords:\n  # Reviewed by the editors.\n"
              "  Zeta Terms: {}\n  Russian Strategic Autonomy:\n    zh_TW: 俄羅斯戰略自主\n"
              "sources:\n  Foreign Affairs:\n    zh_TW: 外交事務  # the journal\n")
    glossary.write_text(before, encoding="utf-8")
    result = run_cli("import", DIGESTS / "chinese-date.txt", "--dest", root, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "without its English name yet" in result.stdout
    after = glossary.read_text(encoding="utf-8")
    changes = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]
    # No line removed or changed; the new entries added, each after the others of its section.
    assert changes == ["+   國防:", "+     zh_TW: 國防", "+   國防安全研究院:", "+     zh_TW: 國防安全研究院"]
    assert after.index("國防:") < after.index("sources:") < after.index("國防安全研究院:")
    check = run_cli("check", "--dest", root, cwd=tmp_path)
    assert "keyword '國防' has no English name in the glossary" in check.stdout
    assert "'國防' has no zh_TW name" not in check.stdout
