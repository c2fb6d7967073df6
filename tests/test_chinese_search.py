"""Chinese search: jieba-rs (rjieba) cuts the words jieba cuts, and the index has them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
import seed
from sphinx.search import js_index

# Terms no search box query can look up: the search box splits a query at
# every character that is not a letter, a digit or "_".
UNSEARCHABLE = re.compile(r"[^\w]", re.ASCII)


def add_seed_bullets(project: Path) -> None:
    """The real digest's bullets on one page, translated in its catalog."""
    pairs = list(zip(seed.bullets(chinese=False), seed.bullets(chinese=True), strict=True))
    page = project / "briefs" / "beta.md"
    page.write_text(page.read_text(encoding="utf-8") + "".join(f"- {english}\n" for english, _ in pairs),
                    encoding="utf-8")
    catalog = polib.pofile(str(project / "locale" / "zh_TW" / "LC_MESSAGES" / "briefs" / "beta.po"))
    for english, chinese in pairs:
        catalog.append(polib.POEntry(msgid=english, msgstr=chinese))
    catalog.save()


def index_terms(app) -> dict[str, object]:  # type: ignore[no-untyped-def]
    index = js_index.loads((Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8"))
    return {"terms": index["terms"], "titleterms": index["titleterms"], "docnames": index["docnames"]}


@pytest.mark.sphinx("html", testroot="collection", confoverrides={"language": "zh_TW"}, freshenv=True,
                    srcdir="chinese-search-rjieba")
def test_index_is_the_one_jieba_makes(app, make_app, rootdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """A zh_TW build's index equals the one Sphinx's own Chinese search (jieba)
    makes of the same project, but for ASCII terms with marks in them, which
    no query can look up."""
    from briefs.chinese_search import ChineseSearch
    from sphinx import search
    from sphinx.search.zh import SearchChinese

    add_seed_bullets(Path(app.srcdir))
    app.build()
    assert app._warning.getvalue() == ""
    assert isinstance(app.builder.indexer.lang, ChineseSearch)
    ours = index_terms(app)

    reference_srcdir = Path(app.srcdir).parent / "chinese-search-jieba"
    shutil.rmtree(reference_srcdir, ignore_errors=True)
    shutil.copytree(rootdir / "test-collection", reference_srcdir)
    add_seed_bullets(reference_srcdir)
    reference_app = make_app("html", srcdir=reference_srcdir, confoverrides={"language": "zh_TW"}, freshenv=True)
    monkeypatch.setitem(search.languages, "zh", SearchChinese)  # set by the extension as the app started
    reference_app.build()
    assert type(reference_app.builder.indexer.lang) is SearchChinese
    reference = index_terms(reference_app)

    assert ours["docnames"] == reference["docnames"]
    for kind in ("terms", "titleterms"):
        dropped = {term for term in reference[kind] if UNSEARCHABLE.search(term) and term.isascii()}
        assert ours[kind] == {term: docs for term, docs in reference[kind].items() if term not in dropped}, kind
    chinese = [term for term in ours["terms"] if re.search(r"[\u4e00-\u9fff]", term)]
    assert len(chinese) >= 150 and {"俄羅斯", "戰略", "自主"} <= set(chinese)


def test_seed_bullets_are_cut_into_the_words_jieba_cuts(tmp_path: Path) -> None:
    """The real digest's Chinese, with and without the collection's dictionary."""
    import jieba
    from briefs.chinese_search import segmenter

    dictionary = tmp_path / "words.txt"
    dictionary.write_text("俄中關係\n戰略自主 8\n小夥伴 5 n\n", encoding="utf-8")
    texts = seed.bullets(chinese=True)
    assert sum(map(len, texts)) > 500
    tokenizer = jieba.Tokenizer()
    for words in (None, dictionary):
        if words is not None:
            tokenizer.load_userdict(str(words))
        ours = segmenter(str(words) if words else "")
        for text in texts:
            assert ours.cut_for_search(text) == list(tokenizer.cut_for_search(text)), text


def test_each_dictionary_has_its_own_segmenter(tmp_path: Path) -> None:
    """Builds in one process with different dictionaries do not share words."""
    from briefs.chinese_search import segmenter

    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("中關\n", encoding="utf-8")
    second.write_text("﻿俄中\n", encoding="utf-8")  # with a byte order mark, as jieba allows
    assert "中關" in segmenter(str(first)).cut_for_search("俄中關係")
    assert "俄中" in segmenter(str(second)).cut_for_search("俄中關係")
    assert "中關" not in segmenter(str(second)).cut_for_search("俄中關係")
    assert segmenter(str(first)) is segmenter(str(first))
