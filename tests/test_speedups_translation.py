"""The translation speedups (briefs.speedups: doctrees, myst, translation): zh_TW
pages identical to Sphinx's own path, smaller doctrees, messages parsed once."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, sphinx_build
from test_speedups import built_files

ROOT = REPO / "tests" / "roots" / "test-collection"


def build(project: Path, out: Path, speedups: bool) -> None:
    result = sphinx_build("-b", "html", "-D", "language=zh_TW", "-d", out / "doctrees", project, out / "html",
                          speedups=speedups)
    assert result.returncode == 0, result.stderr


# What a .mo compiled from a catalog leaves out: a fuzzy translation, an
# obsolete one, an empty one.
LEFT_OUT = """
#, fuzzy
msgid "Beta fuzzy text."
msgstr "貝塔模糊譯文。"

msgid "Beta untranslated text."
msgstr ""

#~ msgid "Beta text."
#~ msgstr "貝塔過時譯文。"
"""


# Translated messages with references Locale must carry over: a cross-reference
# (pending_xref), a link to a page, a footnote reference and its footnote.
WITH_REFERENCES = (
    "- Beta cites {brief}`alpha` in its text.\n"
    "- See [the gamma brief](gamma.md) too.\n"
    "- Beta has a note[^n].\n\n"
    "[^n]: The note of beta.\n"
)
WITH_REFERENCES_TRANSLATED = """
msgid "Beta cites {brief}`alpha` in its text."
msgstr "貝塔在內文引用 {brief}`alpha`。"

msgid "See [the gamma brief](gamma.md) too."
msgstr "另見[伽瑪摘要](gamma.md)。"

msgid "Beta has a note[^n]."
msgstr "貝塔有一個註[^n]。"

msgid "The note of beta."
msgstr "貝塔的註。"
"""


def add_messages_with_references(project: Path) -> None:
    beta = project / "briefs" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8") + WITH_REFERENCES, encoding="utf-8")
    catalog = project / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "beta.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + WITH_REFERENCES_TRANSLATED, encoding="utf-8")


def add_messages_a_mo_leaves_out(project: Path) -> None:
    beta = project / "briefs" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8") + "- Beta fuzzy text.\n- Beta untranslated text.\n",
                    encoding="utf-8")
    catalog = project / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "beta.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + LEFT_OUT, encoding="utf-8")


# Translations MyST reads as plain text: the speed layer makes their paragraph without parsing them.
PLAIN_MESSAGES = [
    "Beta text.",
    "在西方孤立俄羅斯並將兩國關係稱為「無上限」友誼後,莫斯科與北京緊密結盟。。此外,中國",
    'A "quoted" word, an apostrophe\'s, 25% and a URL: https://example.org/x?y=1',
    "Ends with a colon:",
]
# Translations that are not plain: markup, a block start, layout.
MARKED_MESSAGES = ["Has *emphasis*.", "# A heading", "1. A list", "An image ![x](y.png)", "A\ttab", "Two  spaces",
                   "An &amp; entity", "- a bullet", " leading space"]


def add_plain_messages(project: Path) -> None:
    beta = project / "briefs" / "beta.md"
    catalog = project / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "beta.po"
    bullets = "".join(f"- Beta plain message {number}.\n" for number in range(len(PLAIN_MESSAGES)))
    beta.write_text(beta.read_text(encoding="utf-8") + "\n" + bullets, encoding="utf-8")
    entries = "".join(f'\nmsgid "Beta plain message {number}."\nmsgstr "{text.replace(chr(34), chr(92) + chr(34))}"\n'
                      for number, text in enumerate(PLAIN_MESSAGES))
    catalog.write_text(catalog.read_text(encoding="utf-8") + entries, encoding="utf-8")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("translation")
    project = base / "project"
    shutil.copytree(ROOT, project)
    add_messages_a_mo_leaves_out(project)
    add_messages_with_references(project)
    add_plain_messages(project)
    build(project, base / "with", speedups=True)
    (base / "mo-files-with").write_text("\n".join(sorted(p.name for p in project.rglob("*.mo"))))
    build(project, base / "without", speedups=False)
    return base / "with", base / "without"


def test_translated_pages_are_the_same_with_and_without_the_speedups(builds) -> None:
    with_, without = builds
    assert built_files(with_ / "html") == built_files(without / "html")
    page = BeautifulSoup((with_ / "html" / "briefs" / "beta.html").read_text(encoding="utf-8"), "html.parser")
    items = {item.get_text() for item in page.select("article li")}
    assert set(PLAIN_MESSAGES) <= items


def test_page_catalogs_are_read_from_po_files_without_a_mo(builds) -> None:
    """With the speed layer no .mo is written for a page (Sphinx's own path writes one
    beside every page's .po); the pages are the same (the test above)."""
    with_, _without = builds
    assert (with_.parent / "mo-files-with").read_text().split() == []
    assert "beta.mo" in {p.name for p in (with_.parent / "project").rglob("*.mo")}  # Sphinx's own, later


def test_plain_and_marked_messages_are_told_apart() -> None:
    from briefs.speedups.translation import is_plain_message

    class Config:
        myst_enable_extensions = ["colon_fence"]

    source = str(ROOT / "briefs" / "beta.md")
    assert all(is_plain_message(text, source, Config) for text in PLAIN_MESSAGES)
    assert not any(is_plain_message(text, source, Config) for text in MARKED_MESSAGES)
    assert not is_plain_message("Beta text.", str(ROOT / "index.rst"), Config)  # reStructuredText is parsed
    Config.myst_enable_extensions = ["smartquotes"]  # rewrites plain text
    assert not is_plain_message("Beta text.", source, Config)


def test_translated_messages_keep_their_references(builds) -> None:
    """The messages with references are translated, and the references work
    (the same as without the speed layer: the test above)."""
    with_, _without = builds
    page = BeautifulSoup((with_ / "html" / "briefs" / "beta.html").read_text(encoding="utf-8"), "html.parser")
    text = page.get_text()
    assert "貝塔在內文引用" in text and "另見" in text and "貝塔有一個註" in text and "貝塔的註。" in text
    hrefs = {a.get_text(): a["href"] for a in page.select("article a[href]")}
    assert hrefs["伽瑪摘要"] == "gamma.html"
    assert hrefs["Alpha Brief"] == "alpha.html#brief-alpha"
    note = page.select_one("a.footnote-reference")
    assert note is not None and page.find(id=note["href"].lstrip("#")) is not None


def test_a_translation_that_drops_a_reference_is_still_a_warning(tmp_path: Path) -> None:
    """Locale's warning for a translation that loses a reference is the same with the speed layer."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    beta = project / "briefs" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8") + "- Beta has a note[^n].\n\n[^n]: The note.\n", encoding="utf-8")
    catalog = project / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "beta.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + '\nmsgid "Beta has a note[^n]."\nmsgstr "貝塔有一個註。"\n',
                       encoding="utf-8")
    warnings = {}
    for speedups in (True, False):
        shutil.rmtree(tmp_path / "doctrees", ignore_errors=True)
        result = sphinx_build("-b", "html", "-D", "language=zh_TW", "-d", tmp_path / "doctrees", project,
                              tmp_path / "html", speedups=speedups)
        assert result.returncode != 0
        warnings[speedups] = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert warnings[True] == warnings[False]  # Sphinx warns twice: as an auto-numbered and as a named footnote
    assert warnings[True] and all(f"{beta}:11: WARNING: inconsistent footnote references in translated message" in line
                                 and line.endswith("[i18n.inconsistent_references]") for line in warnings[True])


def test_translated_doctrees_hold_no_other_document(builds) -> None:
    """Regression test for the translated-doctree bloat (briefs.speedups.doctrees): every node of a
    pickled zh_TW doctree belongs to its own document, so none drags the environment along."""
    with_, _without = builds
    doctree_file = with_ / "doctrees" / "briefs" / "beta.doctree"
    doctree = pickle.loads(doctree_file.read_bytes())
    foreign = [node for node in doctree.findall() if getattr(node, "_document", None) not in (None, doctree)]
    assert foreign == []
    assert b"BuildEnvironment" not in doctree_file.read_bytes()


def test_without_the_fix_a_translated_myst_doctree_carries_the_environment(tmp_path: Path) -> None:
    """The upstream defect is real: plain myst-parser + a translation pickles the environment."""
    project = tmp_path / "plain"
    (project / "locale" / "zh_TW" / "LC_MESSAGES").mkdir(parents=True)
    (project / "conf.py").write_text('extensions = ["myst_parser"]\nlocale_dirs = ["locale"]\n')
    (project / "index.md").write_text("# Title\n\nA paragraph.\n")
    (project / "locale" / "zh_TW" / "LC_MESSAGES" / "index.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Title"\nmsgstr "標題"\n\nmsgid "A paragraph."\nmsgstr "一段文字。"\n', encoding="utf-8")
    result = sphinx_build("-b", "html", "-D", "language=zh_TW", "-d", tmp_path / "doctrees", project, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert "一段文字。" in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert b"BuildEnvironment" in (tmp_path / "doctrees" / "index.doctree").read_bytes()




@pytest.mark.parametrize("verbosity", [0, 2])
def test_debug_records_made_only_where_a_handler_shows_them(make_app, tmp_path: Path, verbosity: int) -> None:
    """briefs.speedups.debug_records: without -vv no debug record is made, and
    is_translatable's DOM XML of a skipped node is not built; with -vv both are
    as Sphinx makes them."""
    import logging
    from io import StringIO

    from docutils import nodes
    from sphinx.util import nodes as sphinx_nodes

    srcdir = tmp_path / "collection"
    shutil.copytree(ROOT, srcdir)
    page = srcdir / "briefs" / "beta.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n% A comment, as the importer leaves one.\n", encoding="utf-8")
    status = StringIO()
    app = make_app("html", srcdir=srcdir, status=status, verbosity=verbosity, freshenv=True,
                   confoverrides={"language": "zh_TW", "extensions": ["myst_parser", "briefs", "briefs.speedups"]})
    app.build()
    assert app.statuscode == 0
    skipped = "[i18n] SKIP 'docutils.nodes.comment' because node is in IGNORED_NODES"
    comment = nodes.comment("", "A comment.")
    in_sphinx_nodes = eval("repr_domxml(node)", sphinx_nodes.__dict__, {"node": comment})  # as its debug calls do
    if verbosity == 2:
        assert logging.getLogger("sphinx").level == logging.DEBUG
        assert f"{skipped} and no node['translatable']: <comment xml:space=\"preserve\">A comment, as the" in status.getvalue()
        assert in_sphinx_nodes == '<comment xml:space="preserve">A comment.</comment>'
    else:
        assert logging.getLogger("sphinx").level == logging.INFO  # the lowest level a handler shows: no debug record
        assert in_sphinx_nodes == ""
    assert sphinx_nodes.repr_domxml(comment) == '<comment xml:space="preserve">A comment.</comment>'  # elsewhere
