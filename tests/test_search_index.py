"""The search index of an incremental build (briefs.search_index): the index a
clean build writes, made from the previous build's instead of from every page.

Real ``sphinx-build`` runs on copies of the ``collection`` test root; the
indexes are compared byte for byte.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, sphinx_build

ROOT = REPO / "tests" / "roots" / "test-collection"
COPY = Path("doctrees") / "briefs-searchindex-html.marshal"

# An index entry (the index directive) on a page an edit of beta leaves alone.
INDEX_ENTRY = "\n```{index} single: Deterrence\n```\n\n- Alpha on deterrence.\n"


def build(project: Path, out: Path, *options: str, workarounds: bool = True) -> subprocess.CompletedProcess:
    return sphinx_build("-b", "html", *options, "-d", out / "doctrees", project, out / "html", workarounds=workarounds)


def built(project: Path, out: Path, *options: str, workarounds: bool = True) -> None:
    result = build(project, out, *options, workarounds=workarounds)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def search_index(out: Path) -> bytes:
    return (out / "html" / "searchindex.js").read_bytes()


def index_entries(out: Path) -> dict:
    from sphinx.search import js_index

    return js_index.loads(search_index(out).decode("utf-8"))["indexentries"]


def pages_with(out: Path, term: str) -> set[str]:
    from sphinx.search import js_index

    index = js_index.loads(search_index(out).decode("utf-8"))
    pages = index["terms"].get(term, [])
    return {index["docnames"][page] for page in ([pages] if isinstance(pages, int) else pages)}


def edit(project: Path, page: str, old: str, new: str) -> None:
    path = project / "briefs" / f"{page}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    return project


@pytest.mark.parametrize("workarounds", [True, False], ids=["briefs", "sphinx"])
def test_index_entries_of_pages_not_written_again_are_kept(project: Path, tmp_path: Path, workarounds: bool) -> None:
    """Sphinx's incremental build loses the index entries of every page it does
    not write again (``IndexBuilder.load`` does not read them back): here
    alpha's, when beta is edited.  Briefs keeps them, as a clean build has them."""
    with (project / "briefs" / "alpha.md").open("a", encoding="utf-8") as alpha:
        alpha.write(INDEX_ENTRY)
    built(project, tmp_path / "incremental", workarounds=workarounds)
    edit(project, "beta", "Beta text.", "Beta prose, revised.")
    built(project, tmp_path / "incremental", workarounds=workarounds)
    built(project, tmp_path / "clean", workarounds=workarounds)
    assert "deterrence" in index_entries(tmp_path / "clean")
    if workarounds:
        assert search_index(tmp_path / "incremental") == search_index(tmp_path / "clean")
    else:
        assert "deterrence" not in index_entries(tmp_path / "incremental")


def stale_copy(out: Path, copy: bytes) -> None:
    (out / COPY).write_bytes(copy)  # of the index before the last build


def missing_copy(out: Path, copy: bytes) -> None:
    (out / COPY).unlink()


def broken_copy(out: Path, copy: bytes) -> None:
    (out / COPY).write_bytes(copy[: len(copy) // 2])


@pytest.mark.parametrize("spoil", [stale_copy, missing_copy, broken_copy])
def test_the_index_is_read_from_its_copy_only_if_the_copy_is_of_it(project: Path, tmp_path: Path, spoil) -> None:  # type: ignore[no-untyped-def]
    """The previous index is read from the copy kept beside the doctrees when
    that copy is of ``searchindex.js`` as it is; otherwise from the file.  A
    stale copy (of the index before beta's edit) read in its place would put
    beta's old words back."""
    out = tmp_path / "incremental"
    built(project, out)
    assert (out / COPY).is_file()
    before_edit = (out / COPY).read_bytes()
    edit(project, "beta", "Beta text.", "Beta prose, revised.")
    built(project, out)
    spoil(out, before_edit)
    edit(project, "gamma", "- Gamma cites", "- Gamma, revised, cites")
    built(project, out)
    built(project, tmp_path / "clean")
    assert search_index(out) == search_index(tmp_path / "clean")
    assert "briefs/beta" in pages_with(out, "prose") and "briefs/beta" not in pages_with(out, "text")


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_a_parallel_incremental_build_writes_the_clean_serial_index(project: Path, tmp_path: Path,
                                                                    language: str) -> None:
    """Pages added, edited and removed in one build, written by two processes."""
    out = tmp_path / "incremental"
    built(project, out, "-D", f"language={language}", "-j", "2")
    (project / "briefs" / "gamma.md").unlink()
    edit(project, "beta", "Beta text.", "Beta prose, revised.")
    (project / "briefs" / "aardvark.md").write_text(
        "# Aardvark Brief\n\n```{brief}\nauthors: Alice Smith\nsource: Foreign Affairs\ndate: 2025-01-02\n"
        "keywords: China\n```\n\n- Aardvark cites {brief}`alpha`.\n", encoding="utf-8")
    built(project, out, "-D", f"language={language}", "-j", "2")
    built(project, tmp_path / "clean", "-D", f"language={language}", "-j", "1")
    assert search_index(out) == search_index(tmp_path / "clean")


def test_pages_leaving_found_by_bisection_or_by_a_pass_give_the_same_index(rootdir: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Renumbering takes a few leaving pages out of each term by bisection, and
    many by a pass over each term's pages; with bisection turned off (``FEW``
    = 0) an edit gives the same index, the clean build's."""
    from sphinx.testing.util import SphinxTestApp

    from briefs.search_index import Renumbering

    default = Renumbering.FEW
    indexes = {}
    for few in (default, 0):
        monkeypatch.setattr(Renumbering, "FEW", few)
        source = tmp_path / f"few-{few}"
        shutil.copytree(rootdir / "test-collection", source)
        for step in ("first", "edited"):
            if step == "edited":
                edit(source, "beta", "Beta text.", "Beta prose, revised.")
            app = SphinxTestApp("html", srcdir=source)
            try:
                app.build()
            finally:
                app.cleanup()
        indexes[few] = (source / "_build" / "html" / "searchindex.js").read_bytes()
    clean = shutil.copytree(rootdir / "test-collection", tmp_path / "clean-source")
    edit(clean, "beta", "Beta text.", "Beta prose, revised.")
    built(clean, tmp_path / "clean")
    assert indexes[default] == indexes[0] == search_index(tmp_path / "clean")
    assert "briefs/beta" not in pages_with(tmp_path / "clean", "text")


def test_an_index_with_numbers_no_page_has_is_a_warning_naming_it(project: Path, tmp_path: Path) -> None:
    """A written index that is not one an index builder writes (a term on page
    999,999 of seven) is reported and left out, as Sphinx does with an index it
    cannot read; the pages written now are in the new one."""
    from sphinx.search import js_index

    out = tmp_path / "incremental"
    built(project, out)
    path = out / "html" / "searchindex.js"
    index = js_index.loads(path.read_text(encoding="utf-8"))
    index["terms"]["deterrence"] = 999_999
    path.write_text(js_index.dumps(index), encoding="utf-8")
    edit(project, "beta", "Beta text.", "Beta prose, revised.")
    result = build(project, out)
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and str(path) in warnings[0] and "the index will be incomplete" in warnings[0]
    written = js_index.loads(path.read_text(encoding="utf-8"))
    assert "briefs/beta" in written["docnames"] and "briefs/alpha" not in written["docnames"]
    assert "deterrence" not in written["terms"]


def test_a_rebuild_with_nothing_to_write_leaves_the_index_as_it_is(project: Path, tmp_path: Path) -> None:
    """Nothing written: the index and its copy are not written again (0.1 s of
    a 1 s rebuild at 1,000 briefs); but a missing copy is, and a page removed
    with no other page to write leaves the index (the book's toctree lists its
    pages by name: a glob would be written again when a page goes)."""
    book = project / "book.md"
    book.write_text(book.read_text(encoding="utf-8").replace(
        ":glob:\n\nbriefs/*", "\n".join(f"briefs/{page.stem}" for page in sorted((project / "briefs").glob("*.md")))),
        encoding="utf-8")
    (project / "orphaned.md").write_text("---\norphan: true\n---\n# Orphaned\n\nZebras only here.\n", encoding="utf-8")
    out = tmp_path / "incremental"
    built(project, out)
    assert "orphaned" in pages_with(out, "zebra")
    files = (out / "html" / "searchindex.js", out / COPY)
    written = [path.stat().st_mtime_ns for path in files]
    built(project, out)
    assert [path.stat().st_mtime_ns for path in files] == written
    (out / COPY).unlink()
    built(project, out)
    assert (out / COPY).is_file()
    (project / "orphaned.md").unlink()
    built(project, out)
    built(project, tmp_path / "clean")
    assert search_index(out) == search_index(tmp_path / "clean")
    assert not pages_with(out, "zebra")


def json_text(data: object) -> str:
    """What Briefs writes the index as: Python's json, sorted keys, no spaces, UTF-8 unescaped."""
    return json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_the_index_orjson_writes_is_the_text_json_writes(project: Path, tmp_path: Path, language: str) -> None:
    """The index is encoded by orjson (a tenth of json's time), into json's text, byte for byte."""
    from sphinx.search import js_index

    out = tmp_path / "out"
    built(project, out, "-D", f"language={language}")
    text = search_index(out).decode("utf-8")
    index = js_index.loads(text)
    assert len(index["objtypes"]) < 10  # read back, its numbered keys are strings: sorted as json sorted the numbers
    assert text == js_index.PREFIX + json_text(index) + js_index.SUFFIX
    assert ("貝塔" in text) == (language == "zh_TW")  # beta's title, unescaped


def test_what_orjson_and_json_encode_differently_is_encoded_as_json_does() -> None:
    """Keys that are not strings (``objtypes``: json sorts them as numbers, orjson
    would not take them), control characters, characters outside the BMP,
    numbers, ``None``: the same text as json's."""
    from briefs.upstream import search_index_utf8

    odd = "".join(map(chr, range(0x80))) + "\u2028\u2029\ufeff é 中文 \U0001d11e"
    data = {
        "terms": {odd: [1, 2], "b": 3, "中": 1, "a": [], "Z": 0, "é": 5, "\U0001d11e": 2},
        "objtypes": {number: f"std:type{number}" for number in range(12)},
        "titles": [odd, "x"],
        "objects": {"": [[0, 1, 2, "anchor", "name"]]},
        "alltitles": {"T": [[0, None]]},
        "envversion": {"sphinx": 64, "sphinx.domains.c": 3},
        "numbers": [1.5, -0.0, 10**20, True, False],
    }
    assert search_index_utf8(data).decode("utf-8") == json_text(data)
    assert search_index_utf8([data]).decode("utf-8") == json_text([data])
