"""Workarounds for myst-parser: smaller doctrees, faster translated builds, same output."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, sphinx_build

ROOT = REPO / "tests" / "roots" / "test-collection"


def build(project: Path, out: Path, workarounds: bool) -> None:
    result = sphinx_build("-b", "html", "-D", "language=zh_TW", "-d", out / "doctrees", project, out / "html",
                          workarounds=workarounds)
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


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("upstream")
    project = base / "project"
    shutil.copytree(ROOT, project)
    add_messages_a_mo_leaves_out(project)
    add_messages_with_references(project)
    build(project, base / "with", workarounds=True)
    (base / "mo-files-with").write_text("\n".join(sorted(p.name for p in project.rglob("*.mo"))))
    build(project, base / "without", workarounds=False)
    return base / "with", base / "without"


def test_output_is_the_same_with_and_without_the_workarounds(builds) -> None:
    """Byte for byte, but for the search index: the same data, written unescaped."""
    from sphinx.search import js_index

    def files(root: Path) -> dict[Path, object]:
        found: dict[Path, object] = {}
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.name != ".buildinfo":
                text = path.read_bytes()
                found[path.relative_to(root)] = (
                    js_index.loads(text.decode("utf-8")) if path.name == "searchindex.js" else text)
        return found

    with_, without = builds
    assert files(with_ / "html") == files(without / "html")
    unescaped = (with_ / "html" / "searchindex.js").read_text(encoding="utf-8")
    escaped = (without / "html" / "searchindex.js").read_text(encoding="utf-8")
    assert '"摘要":' in unescaped and "\\u" not in unescaped
    assert '"\\u6458\\u8981":' in escaped  # 摘要, six bytes a character
    assert len(unescaped.encode("utf-8")) < len(escaped.encode("utf-8"))


def test_translated_messages_keep_their_references(builds) -> None:
    """The messages with references are translated, and the references work
    (the same as without the workarounds: the test above)."""
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
    """Skipping the reference updates for messages without references keeps
    Locale's warning for a translation that loses one."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    beta = project / "briefs" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8") + "- Beta has a note[^n].\n\n[^n]: The note.\n", encoding="utf-8")
    catalog = project / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "beta.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + '\nmsgid "Beta has a note[^n]."\nmsgstr "貝塔有一個註。"\n',
                       encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "--no-color", "-W", "--keep-going", "-b", "html", "-D", "language=zh_TW",
               "-d", str(tmp_path / "doctrees"), str(project), str(tmp_path / "html")]
    warnings = {}
    for workarounds in ("0", "1"):
        shutil.rmtree(tmp_path / "doctrees", ignore_errors=True)
        result = subprocess.run(command, capture_output=True, text=True, check=False,
                                env={**os.environ, "BRIEFS_NO_UPSTREAM_WORKAROUNDS": workarounds})
        assert result.returncode != 0
        warnings[workarounds] = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert warnings["0"] == warnings["1"]  # Sphinx warns twice: as an auto-numbered and as a named footnote
    assert warnings["0"] and all(f"{beta}:11: WARNING: inconsistent footnote references in translated message" in line
                                 and line.endswith("[i18n.inconsistent_references]") for line in warnings["0"])


def test_page_catalogs_are_read_from_po_files_with_what_a_mo_would_hold(builds) -> None:
    """No .mo is written into the source tree for a page, and the page shows what
    the compiled .mo showed: translations, but not fuzzy, obsolete or empty ones
    (the equality with Sphinx's own .mo path is the test above)."""
    with_, without = builds
    assert (with_.parent / "mo-files-with").read_text() == ""
    assert sorted(p.name for p in (with_.parent / "project").rglob("*.mo")) == ["beta.mo"]  # Sphinx's, later
    page = (with_ / "html" / "briefs" / "beta.html").read_text(encoding="utf-8")
    assert "貝塔內文。" in page
    assert "Beta fuzzy text." in page and "貝塔模糊譯文" not in page
    assert "Beta untranslated text." in page and "貝塔過時譯文" not in page


# Lines added after a blank line; the problem, and which added line it is on.
@pytest.mark.parametrize(("added", "problem", "on"), [
    (['msgid "Beta text, again."', "<<<<<<< HEAD"], "syntax error", 2),  # a merge conflict left in
    (['msgid "Beta text."', 'msgstr "又一個譯文。"'], "message 'Beta text.' is defined twice", 1),
])
def test_a_broken_catalog_is_a_warning_naming_its_file_and_line(tmp_path: Path, added: list[str], problem: str,
                                                                on: int) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    catalog = project / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "beta.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    catalog.write_text("\n".join([*lines, "", *added, ""]), encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "--no-color", "-W", "--keep-going", "-b", "html", "-D", "language=zh_TW",
               "-d", str(tmp_path / "doctrees"), str(project), str(tmp_path / "html")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    line = len(lines) + 1 + on
    assert warnings == [f"{catalog}:{line}: WARNING: {problem} in this catalog; "
                        "the page stays untranslated [i18n.not_readable]"]
    assert "貝塔內文" not in (tmp_path / "html" / "briefs" / "beta.html").read_text(encoding="utf-8")


def test_translated_doctrees_hold_no_other_document(builds) -> None:
    """Regression test for the translated-doctree bloat (briefs.doctrees): every node of a
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
    command = [sys.executable, "-m", "sphinx", "--no-color", "-q", "-b", "html", "-D", "language=zh_TW",
               "-d", str(tmp_path / "doctrees"), str(project), str(tmp_path / "html")]
    subprocess.run(command, check=True, capture_output=True)
    assert "一段文字。" in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert b"BuildEnvironment" in (tmp_path / "doctrees" / "index.doctree").read_bytes()


PLAIN_MESSAGES = [
    "Beta text.",
    "在西方孤立俄羅斯並將兩國關係稱為「無上限」友誼後,莫斯科與北京緊密結盟。。此外,中國",
    'A "quoted" word, an apostrophe\'s, 25% and a URL: https://example.org/x?y=1',
    "Ends with a colon:",
]


@pytest.mark.sphinx("html", testroot="collection", confoverrides={"language": "zh_TW"})
@pytest.mark.parametrize("message", PLAIN_MESSAGES)
def test_plain_messages_skip_the_parser_with_the_same_result(app, message: str) -> None:
    from sphinx.transforms import i18n

    from briefs.upstream import is_plain_markdown

    source = str(Path(app.srcdir) / "briefs" / "beta.md")
    assert is_plain_markdown(message, source, app.config)
    settings = __import__("docutils.frontend", fromlist=["get_default_settings"]).get_default_settings(
        __import__("myst_parser.parsers.sphinx_", fromlist=["MystParser"]).MystParser)
    settings.env = app.env
    parsed = i18n.publish_msgstr.__wrapped__(app, message, source, 3, app.config, settings)
    fast = i18n.publish_msgstr(app, message, source, 3, app.config, settings)
    assert [child.pformat() for child in fast.children] == [child.pformat() for child in parsed.children]
    assert fast.tagname == parsed.tagname == "paragraph"


JIEBA_PROBE = """
import sys
from briefs.upstream import import_jieba_without_pkg_resources
import_jieba_without_pkg_resources()
import jieba
from jieba import _compat
hidden = "pkg_resources" not in sys.modules
with _compat.get_module_res(jieba.DEFAULT_DICT_NAME) as stream:
    dictionary = stream.read()
words = jieba.lcut("俄中關係的戰略自主與台海和平")
import pkg_resources  # hidden only while jieba imported
print(hidden, len(dictionary), "/".join(words))
"""


def test_jieba_is_imported_without_pkg_resources_and_cuts_the_same(tmp_path: Path) -> None:
    """jieba imported pkg_resources (0.1 s) only to open its dictionary; hidden
    while jieba imports, jieba opens the same file by path and cuts the same."""
    script = tmp_path / "probe.py"
    script.write_text(JIEBA_PROBE, encoding="utf-8")
    plain = JIEBA_PROBE.replace("import_jieba_without_pkg_resources()", "import pkg_resources")
    (tmp_path / "plain.py").write_text(plain, encoding="utf-8")
    hidden, size, words = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                                         check=True).stdout.split()
    shown, plain_size, plain_words = subprocess.run([sys.executable, str(tmp_path / "plain.py")], capture_output=True,
                                                    text=True, check=True).stdout.split()
    assert (hidden, shown) == ("True", "False")
    assert size == plain_size and int(size) > 1_000_000
    assert words == plain_words


def test_node_matcher_finds_the_same_nodes_in_the_same_order(builds) -> None:
    """match_nodes_by_class_first: for every class and attribute a Sphinx matcher asks
    about, on a real translated doctree, the same nodes as docutils' generic walk."""
    from typing import Any

    from docutils import nodes
    from sphinx import addnodes
    from sphinx.util.nodes import NodeMatcher

    from briefs import upstream

    with_, _without = builds
    doctree = pickle.loads((with_ / "doctrees" / "briefs" / "beta.doctree").read_bytes())
    upstream.match_nodes_by_class_first()
    matchers = [NodeMatcher(nodes.Element, translated=Any), NodeMatcher(nodes.reference, refuri=Any),
                NodeMatcher(nodes.footnote_reference, auto=Any), NodeMatcher(addnodes.pending_xref),
                NodeMatcher(nodes.Text), NodeMatcher(nodes.reference, internal=True),
                NodeMatcher(nodes.section, ids=["no-such-id"]), NodeMatcher(nodes.paragraph, nodes.title),
                NodeMatcher(nodes.Element)]  # the document itself too
    for matcher in matchers:
        walked = list(doctree.findall(matcher))  # docutils' walk, calling the matcher on every node
        assert list(matcher.findall(doctree)) == walked
    assert len(list(matchers[0].findall(doctree))) > 3 and len(list(matchers[2].findall(doctree))) == 1


@pytest.mark.sphinx("html", testroot="collection", freshenv=True)
def test_a_clean_build_looks_for_what_to_remove_once(app, monkeypatch: pytest.MonkeyPatch) -> None:
    """purge_only_documents_read_before: Sphinx's standard domain looked through all
    its labels before reading each new page (quadratic in a clean build); now only
    for the first, and a page the environment has read is removed as before."""
    from sphinx.domains.std import StandardDomain

    cleared: list[str] = []
    clear_doc = StandardDomain.clear_doc

    def counted(self: StandardDomain, docname: str) -> None:
        cleared.append(docname)
        clear_doc(self, docname)

    monkeypatch.setattr(StandardDomain, "clear_doc", counted)
    app.build()
    assert len(cleared) == 1  # the first page: domains create some of their containers there
    labels = app.env.domaindata["std"]["labels"]
    assert any(docname == "briefs/gamma" for docname, _id, _title in labels.values())
    app.env.clear_doc("briefs/gamma")
    assert cleared[1:] == ["briefs/gamma"]
    assert not any(docname == "briefs/gamma" for docname, _id, _title in labels.values())
    assert "briefs/gamma" not in app.env.all_docs


@pytest.mark.sphinx("html", testroot="collection", freshenv=True)
def test_pruning_the_search_index_keeps_sphinx_index_without_emptied_terms(app) -> None:
    """prune_search_index: the frozen index of Sphinx's own prune given the environment's
    dict of pages (here with a page gone), less the terms only that page had, which
    Sphinx kept as "term": [] (an incremental build wrote them; a clean one has none)."""
    import copy

    from sphinx.search import IndexBuilder

    app.build()  # the extension's setup() has replaced IndexBuilder.prune
    pages = {docname: stamp for docname, stamp in app.env.all_docs.items() if docname != "briefs/gamma"}

    def copied(indexer: IndexBuilder) -> IndexBuilder:  # its stemmer (C) does not deep-copy
        twin = copy.copy(indexer)
        for name in ("_titles", "_filenames", "_all_titles", "_mapping", "_title_mapping"):
            setattr(twin, name, copy.deepcopy(getattr(indexer, name)))
        return twin

    ours, sphinx_own = copied(app.builder.indexer), copied(app.builder.indexer)
    IndexBuilder.prune(ours, pages)
    IndexBuilder.prune.__wrapped__(sphinx_own, pages)
    frozen, expected = ours.freeze(), sphinx_own.freeze()
    emptied = {table: {term for term, docs in expected[table].items() if docs == []} for table in ("terms", "titleterms")}
    assert emptied["terms"]  # words only gamma had ("gamma" itself)
    for table in ("terms", "titleterms"):
        expected[table] = {term: docs for term, docs in expected[table].items() if term not in emptied[table]}
    assert frozen == expected
    assert "briefs/gamma" not in frozen["docnames"] and len(frozen["docnames"]) == len(pages)


@pytest.mark.parametrize("numbered", [False, True], ids=["plain", "numbered-toctree"])
def test_an_incremental_build_pickles_only_the_pages_it_read(rootdir: Path, tmp_path: Path, numbered: bool) -> None:
    """pickle_each_page_once: the environment's pickle keeps each page's table of
    contents, title and long title as bytes, unpickled when Sphinx looks one up,
    and reused (the same object) for a page not read again; with a numbered
    toctree, whose section numbers Sphinx writes into the tables of contents and
    titles in place, every value looked up is pickled again."""
    from sphinx.testing.util import SphinxTestApp

    from briefs.upstream import PickledByDocument

    source = tmp_path / "root"
    shutil.copytree(rootdir / "test-collection", source)
    if numbered:
        (source / "numbered.md").write_text("# Numbered\n\n```{toctree}\n:numbered:\n\nbriefs/alpha\nbriefs/beta\n```\n",
                                            encoding="utf-8")
        with (source / "index.md").open("a", encoding="utf-8") as index:
            index.write("\n```{toctree}\n:hidden:\n\nnumbered\n```\n")
    first = SphinxTestApp("html", srcdir=source)
    first.build()
    first.cleanup()
    beta = source / "briefs" / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8") + "\n## Changed section\n\n- A new point.\n", encoding="utf-8")

    second = SphinxTestApp("html", srcdir=source)
    try:
        tables = {name: getattr(second.env, name) for name in ("tocs", "titles")}
        longtitles = second.env.longtitles
        loaded = {}
        for name, table in tables.items():
            assert isinstance(table, PickledByDocument), name
            loaded[name] = dict(table._pickled)
            assert set(loaded[name]) == set(second.env.all_docs), name
        the_title = {d for d, data in longtitles._pickled.items() if data == longtitles.IS_THE_TITLE}
        assert set(longtitles) == set(second.env.all_docs) and the_title  # a long title is the title...
        assert longtitles["briefs/alpha"] is tables["titles"]["briefs/alpha"]  # ...the same node, once unpickled
        del tables["titles"]._values["briefs/alpha"], longtitles._values["briefs/alpha"]  # as loaded
        second.build()
        for name, table in tables.items():
            assert getattr(second.env, name) is table
            reused = {docname for docname, data in table._pickled.items() if data is loaded[name].get(docname)}
            assert set(table._values) < set(loaded[name]), name  # the others were never unpickled
            if numbered:  # numbered in place, looked up before the pickle
                assert reused and not reused & {"briefs/alpha", "briefs/beta"}, name
            else:
                assert reused == set(loaded[name]) - {"briefs/beta"}, name
            assert set(table) == set(loaded[name]) and len(table) == len(loaded[name])
            for docname, data in table._pickled.items():  # the bytes are the values Sphinx holds
                assert pickle.loads(data).pformat() == table[docname].pformat(), (name, docname)
        assert set(longtitles._values) < set(second.env.all_docs)
        assert all(longtitles[d] is tables["titles"][d] for d in the_title)
        assert "Changed section" in tables["tocs"]["briefs/beta"].astext()
    finally:
        second.cleanup()


# A real build of the test collection (furo), then what became of soupsieve,
# and whether BeautifulSoup's CSS selectors still work afterwards.
SOUPSIEVE_PROBE = """
import sys
from sphinx.cmd.build import main
status = main(["-q", "-b", "html", "-d", sys.argv[2] + "/doctrees", sys.argv[1], sys.argv[2] + "/html"])
executed = "compile" in vars(sys.modules["soupsieve"])  # vars() is no name lookup: runs no __getattr__
furo_loaded = "bs4" in sys.modules and "furo" in sys.modules
from bs4 import BeautifulSoup
selected = [p.get_text() for p in BeautifulSoup("<p class='a'>x</p><p>y</p>", "html.parser").select("p.a")]
import soupsieve
print(executed, furo_loaded, selected == ["x"], soupsieve.__version__ != "", status)
"""


@pytest.mark.parametrize(("workarounds", "executed"), [(True, "False"), (False, "True")])
def test_soupsieve_is_executed_only_when_a_selector_is_used(tmp_path: Path, workarounds: bool,
                                                            executed: str) -> None:
    """furo imports BeautifulSoup, which imports soupsieve (35 ms of regular
    expressions) for CSS selectors no build uses: registered, not executed,
    until a selector asks for it; then it works as imported."""
    env = {**os.environ, "BRIEFS_NO_UPSTREAM_WORKAROUNDS": "0" if workarounds else "1"}
    result = subprocess.run([sys.executable, "-c", SOUPSIEVE_PROBE, str(ROOT), str(tmp_path)], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [executed, "True", "True", "True", "0"]


def _found_by_sphinx_and_by_the_workaround(app: Any) -> tuple[tuple, tuple]:
    """What discovery and the two outdated checks find, by Sphinx's code (the
    wrapped original) and by check_sources_with_plain_paths, on the same state."""
    env, builder, project = app.env, app.builder, app.env.project
    exclude = [*app.config.exclude_patterns, *app.config.templates_path, *builder.get_asset_paths()]

    def tables() -> tuple:
        return set(project.docnames), dict(project._path_to_docname), dict(project._docname_to_path)

    def found(discover: Any, outdated_files: Any, outdated_docs: Any) -> tuple:
        discovered = (discover(project, exclude, app.config.include_patterns), tables())
        env.found_docs  # noqa: B018  (a property over the project's docnames)
        return discovered, outdated_files(env, False), list(outdated_docs(builder))

    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment
    from sphinx.project import Project

    workaround = (Project.discover, BuildEnvironment.get_outdated_files, StandaloneHTMLBuilder.get_outdated_docs)
    assert all(getattr(f, "briefs_workaround", False) for f in workaround)
    return found(*(f.__wrapped__ for f in workaround)), found(*workaround)


def test_source_checks_on_strings_find_what_sphinx_finds(rootdir: Path, tmp_path: Path) -> None:
    """check_sources_with_plain_paths: after each change a contributor or a build
    makes, discovery, the environment's and the HTML builder's outdated checks
    give exactly Sphinx's answer (and the changes are seen: the test can fail)."""
    from sphinx.testing.util import SphinxTestApp

    source = tmp_path / "root"
    shutil.copytree(rootdir / "test-collection", source)
    app = SphinxTestApp("html", srcdir=source, warningiserror=False)
    try:
        app.build()
        later = time.time() + 60

        def touch(path: Path) -> None:
            os.utime(path, (later, later))

        alpha, beta, gamma = (source / "briefs" / f"{name}.md" for name in ("alpha", "beta", "gamma"))
        changes = {
            "nothing": lambda: None,
            "a source edited": lambda: touch(beta),
            "a page added": lambda: (source / "briefs" / "delta.md").write_text("# Delta\n", encoding="utf-8"),
            "a file that is no page": lambda: (source / "briefs" / "notes.txt").write_text("x", encoding="utf-8"),
            "a page removed": lambda: gamma.unlink(),
            "a doctree removed": lambda: (app.doctreedir / "briefs" / "alpha.doctree").unlink(),
            "a page's HTML removed": lambda: (app.outdir / "index.html").unlink(),
            "a dependency newer": lambda: (app.env.note_dependency(str(source / "glossary.yaml"), docname="book"),
                                           touch(source / "glossary.yaml")),
            "a dependency missing": lambda: app.env.note_dependency("missing.txt", docname="briefs/dilemma-2"),
            "a page read always": lambda: app.env.reread_always.add("briefs/dilemma-3"),
        }
        seen = set()
        for change, make in changes.items():
            make()
            by_sphinx, by_workaround = _found_by_sphinx_and_by_the_workaround(app)
            assert by_workaround == by_sphinx, change
            seen.add(repr(by_sphinx))
        assert len(seen) == len(changes) - 1  # each change but the .txt changed the answer (a page each)

        # Two sources of one page: Sphinx warns and keeps the first; so does the workaround.
        (source / "briefs" / "alpha.rst").write_text("Alpha\n=====\n", encoding="utf-8")
        by_sphinx, by_workaround = _found_by_sphinx_and_by_the_workaround(app)
        assert by_workaround == by_sphinx
        assert app.warning.getvalue().count('multiple files found for the document "briefs/alpha"') == 1
    finally:
        app.cleanup()


@pytest.mark.parametrize(("include", "exclude"), [
    (["**"], []),
    (["**"], ["drafts", "**/_*", "b/c/*.md", "**/.#*"]),
    (["b/**", "index.md"], ["b/c"]),
    (["**/*.md"], ["**/_sources", "*.lproj/**"]),
])
def test_source_files_are_matched_as_sphinx_matches_them(tmp_path: Path, include: list[str],
                                                        exclude: list[str]) -> None:
    """The discovery on strings lists the files Sphinx's get_matching_files
    lists, in its order: nested, excluded and hidden folders and files, a
    name written decomposed (NFD), a linked folder."""
    from sphinx.util.matching import get_matching_files

    from briefs.upstream import _matching_files

    names = ["index.md", "z.md", "a.txt", ".#lock.md", "_hidden.md", "drafts/x.md", "b/c/d.md", "b/c/e.rst",
             "b/_private/f.md", "b/B.md", "b/cafe\u0301.md", "x.lproj/y.md", "b/_sources/s.md"]
    for name in names:
        (tmp_path / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "src" / name).write_text("x", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "linked.md").write_text("x", encoding="utf-8")
    (tmp_path / "src" / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)

    expected = list(get_matching_files(tmp_path / "src", include, exclude))
    assert expected  # the case lists something
    assert list(_matching_files(str(tmp_path / "src"), include, exclude)) == expected


def test_dirhtml_keeps_sphinx_outdated_check(rootdir: Path, tmp_path: Path) -> None:
    """dirhtml writes page/index.html: the string check (page.html) is not used for it."""
    from sphinx.testing.util import SphinxTestApp

    source = tmp_path / "root"
    shutil.copytree(rootdir / "test-collection", source)
    app = SphinxTestApp("dirhtml", srcdir=source)
    try:
        app.build()
        assert list(app.builder.get_outdated_docs()) == []
        (app.outdir / "briefs" / "beta" / "index.html").unlink()
        assert list(app.builder.get_outdated_docs()) == ["briefs/beta"]
    finally:
        app.cleanup()


def test_page_title_texts_are_kept_and_renewed_when_the_page_is_read(rootdir: Path, tmp_path: Path) -> None:
    """keep_page_title_texts: the standard domain's objects are Sphinx's, in
    Sphinx's order, in a rebuild whose texts come from the environment, and
    after a page's title changed."""
    from sphinx.domains.std import StandardDomain
    from sphinx.testing.util import SphinxTestApp

    def objects_by_workaround_and_by_sphinx(app: Any) -> tuple[list, list]:
        std = app.env.domains.standard_domain
        return list(std.get_objects()), list(StandardDomain.get_objects.__wrapped__(std))

    source = tmp_path / "root"
    shutil.copytree(rootdir / "test-collection", source)
    first = SphinxTestApp("html", srcdir=source)
    first.build()
    first.cleanup()
    alpha = source / "briefs" / "alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("# ", "# Renamed ", 1), encoding="utf-8")

    second = SphinxTestApp("html", srcdir=source)
    try:
        kept = dict(second.env.briefs_title_texts)  # loaded with the environment
        assert len(kept) == len(second.env.all_docs) and kept["briefs/alpha"].startswith("Alpha")
        second.build()
        by_workaround, by_sphinx = objects_by_workaround_and_by_sphinx(second)
        assert by_workaround == by_sphinx
        titles = {name: text for name, text, kind, *_ in by_workaround if kind == "doc"}
        assert titles["briefs/alpha"].startswith("Renamed ")
        assert titles["briefs/beta"] == kept["briefs/beta"]
        assert any(kind == "label" for _, _, kind, *_ in by_workaround)  # Sphinx's own objects follow
    finally:
        second.cleanup()


# A real build of the repository's collection (its conf.py registers
# sphinx.ext.doctest before Sphinx's code-block transform imports it).
DOCTEST_PROBE = """
import sys
from sphinx.cmd.build import main
status = main(["-q", "-b", "html", "-c", sys.argv[1], "-d", sys.argv[2] + "/doctrees", sys.argv[1] + "/source",
               sys.argv[2] + "/html"])
print("blankline_re" in vars(sys.modules["sphinx.ext.doctest"]), status)
"""


@pytest.mark.parametrize(("console_block", "workarounds", "executed"),
                         [(False, True, "False"), (False, False, "True"), (True, True, "True")])
def test_doctest_support_is_executed_only_for_a_console_block(tmp_path: Path, console_block: bool,
                                                              workarounds: bool, executed: str) -> None:
    """Sphinx's code-block transform imports sphinx.ext.doctest (with doctest and
    unittest) for two regular expressions it needs only for a Python console
    block: unexecuted without one; with one, executed, and the flags trimmed."""
    from conftest import copy_project

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "BRIEFS_NO_UPSTREAM_WORKAROUNDS": "0" if workarounds else "1"}
    if console_block:
        index = project / "source" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\n```pycon\n>>> 1 + 1  # doctest: +SKIP\n2\n```\n",
                         encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", DOCTEST_PROBE, str(project), str(tmp_path / "out")], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [executed, "0"]
    if console_block:
        page = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
        assert "highlight-pycon" in page and "doctest:" not in page and "SKIP" not in page


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_each_word_fed_once_gives_the_index_sphinx_gives(rootdir: Path, tmp_path: Path, language: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """feed_each_word_once: feeding every page of a built collection with each
    word once gives the term sets Sphinx's own feeding (every occurrence) gives."""
    from sphinx.search import IndexBuilder
    from sphinx.testing.util import SphinxTestApp

    source = tmp_path / "root"
    shutil.copytree(rootdir / "test-collection", source)
    app = SphinxTestApp("html", srcdir=source, confoverrides={"language": language})
    try:
        app.build()

        def fed(collector: Any) -> tuple:
            monkeypatch.setattr(IndexBuilder, "_word_collector", collector)
            indexer = IndexBuilder(app.env, language, {}, None)
            indexer._mapping, indexer._title_mapping, indexer._titles = {}, {}, {}  # not the environment's
            indexer._filenames, indexer._all_titles, indexer._index_entries = {}, {}, {}
            for docname in sorted(app.env.all_docs):
                indexer.feed(docname, f"{docname}.md", docname, app.env.get_doctree(docname))
            return indexer._mapping, indexer._title_mapping, indexer._all_titles

        once = fed(IndexBuilder._word_collector)
        by_sphinx = fed(IndexBuilder._word_collector.__wrapped__)
        assert once == by_sphinx and len(once[0]) >= 5
    finally:
        app.cleanup()


def test_po_parser_with_its_table_made_once_reads_what_polib_reads(tmp_path: Path) -> None:
    """po_parser: every catalog of the repository, and a broken one, read by the
    parser whose state table is made once, as polib.pofile reads them."""
    import gc

    import polib

    from briefs.upstream import po_parser

    catalogs = sorted((REPO / "locale").rglob("*.po")) + sorted((ROOT / "locale").rglob("*.po"))
    assert len(catalogs) >= 5
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b"\n\nmsgstr "c"\n', encoding="utf-8")
    parser = po_parser()
    for path in catalogs:
        ours, theirs = parser(str(path), encoding="utf-8").parse(), polib.pofile(str(path), encoding="utf-8")
        assert [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, e.flags, e.obsolete, e.linenum) for e in ours] == \
            [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, e.flags, e.obsolete, e.linenum) for e in theirs], path
        assert ours.metadata == theirs.metadata
    polibs = polib._POFileParser(str(catalogs[1]), encoding="utf-8")
    assert parser.table == {key: (action.__name__, state) for key, (action, state) in polibs.transitions.items()}
    second = parser(str(catalogs[1]), encoding="utf-8")
    assert not second.transitions  # each bound to it when first taken
    action, state = second.transitions["mi", "st"]
    assert action.__self__ is second and (action.__name__, state) == parser.table["mi", "st"]
    assert list(second.transitions) == [("mi", "st")]
    gc.collect()
    gc.disable()
    try:
        parser(str(catalogs[1]), encoding="utf-8").parse()
        assert gc.collect() == 0  # the parser, the catalog and its entries freed, no cycle left to collect
    finally:
        gc.enable()
    with pytest.raises(OSError, match=r"line 4"):
        parser(str(broken), encoding="utf-8").parse()
    with pytest.raises(OSError, match=r"line 4"):
        polib.pofile(str(broken), encoding="utf-8")


@pytest.mark.parametrize("verbosity", [0, 2])
def test_debug_records_made_only_where_a_handler_shows_them(make_app, tmp_path: Path, verbosity: int) -> None:
    """drop_debug_records_no_handler_shows, repr_domxml_only_when_logged: without
    -vv no debug record is made, and is_translatable's DOM XML of a skipped node
    is not built; with -vv both are as Sphinx makes them."""
    import logging
    from io import StringIO

    from docutils import nodes
    from sphinx.util import nodes as sphinx_nodes

    srcdir = tmp_path / "collection"
    shutil.copytree(ROOT, srcdir)
    page = srcdir / "briefs" / "beta.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n% A comment, as the importer leaves one.\n", encoding="utf-8")
    status = StringIO()
    app = make_app("html", srcdir=srcdir, confoverrides={"language": "zh_TW"}, status=status, verbosity=verbosity,
                   freshenv=True)
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
