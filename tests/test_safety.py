"""Contributions by pull request: no unsafe markup reaches a page, and
``briefs check`` names what the build would refuse, without building."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import versioned
from bs4 import BeautifulSoup
from conftest import copy_project, sphinx_build

SEED = "briefs/2023/graham-2023-what-russia-really-wants"
UNSAFE_LINES = {  # line appended to the seed page -> what the build and the checker say of it
    "- Point one <script>alert('x')</script> inline.": "unsafe HTML: <script>",
    '<iframe src="https://evil.example/"></iframe>': "unsafe HTML: <iframe>",
    '<img src=x onerror="alert(2)">': "unsafe HTML: an event-handler attribute (on...=)",
    "[click](javascript:alert(3))": "unsafe link: a javascript: URL",
    "<b>bold</b> words": "raw HTML is not allowed in a brief: <b>",
    ":::{note}\nA note <style>body{display:none}</style>\n:::": "unsafe HTML: <style>",
}


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    return copy_project(root)


def named(path: Path, root: Path) -> str:
    """A path as ``briefs check`` names it: from the collection's root."""
    return path.resolve().relative_to(root.resolve()).as_posix()


def check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefs.cli", "check", "--dest", str(root), *args],
                          capture_output=True, text=True, check=False)


def build(root: Path, out: Path, language: str = "en") -> subprocess.CompletedProcess:
    return sphinx_build("-b", "html", "-c", root, "-D", f"language={language}", "-d", out / "doctrees",
                        root / "source", out / "html")


def no_raw_tag_on_any_page(html_root: Path) -> None:
    for page in html_root.rglob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = html.find("article")
        assert article is not None
        # The search page's and the 404 page's own query forms (templates_furo/search.html,
        # templates/briefs-404.html), not content of a page.
        own_form = {"search.html": "form.briefs-search-form", "404.html": "form.briefs-not-found-search"}
        if page.name in own_form:
            for form in article.select(own_form[page.name]):
                form.decompose()
        assert article.select("script, style, iframe, object, embed, form, b") == [], page
        assert not [tag for tag in article.find_all(True) if any(a.startswith("on") for a in tag.attrs)], page
        assert not [a for a in article.select("a[href]") if a["href"].lower().startswith(("javascript:", "data:"))]


@pytest.fixture
def unsafe_page(tmp_path: Path) -> tuple[Path, dict[int, str]]:
    root = project(tmp_path)
    page = root / "source" / f"{SEED}.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n"
    expected = {}
    for lines, message in UNSAFE_LINES.items():
        text += "\n"
        # The line of the markup: the first with a tag or a link in it.
        offset = next(i for i, line in enumerate(lines.split("\n")) if "<" in line or "](" in line)
        expected[text.count("\n") + 1 + offset] = message
        text += lines + "\n"
    page.write_text(text, encoding="utf-8")
    return root, expected


def test_unsafe_markup_in_a_page_fails_the_build_and_never_reaches_it(unsafe_page, tmp_path: Path) -> None:
    root, expected = unsafe_page
    result = build(root, tmp_path / "out")
    assert result.returncode != 0
    page = root / "source" / f"{SEED}.md"
    warned = sorted(line for line in result.stderr.splitlines() if "[briefs.unsafe]" in line)
    assert warned == sorted(f"{page}:{line}: WARNING: {message} [briefs.unsafe]" for line, message in expected.items())
    no_raw_tag_on_any_page(tmp_path / "out" / "html")
    text = (tmp_path / "out" / "html" / f"{SEED}.html").read_text(encoding="utf-8")
    assert "&lt;iframe src=" in text  # shown as the text it was


def test_briefs_check_names_each_unsafe_line_and_exits_1(unsafe_page) -> None:
    root, expected = unsafe_page
    result = check(root)
    assert result.returncode == 1
    page = root / "source" / f"{SEED}.md"
    found = sorted(line for line in result.stdout.splitlines() if "[briefs.unsafe]" in line)
    assert found == sorted(f"{named(page, root)}:{line}: error: {message} [briefs.unsafe]"
                           for line, message in expected.items())
    findings = json.loads(check(root, "--json").stdout)
    assert {(f["line"], f["message"]) for f in findings if f["type"] == "briefs.unsafe"} == set(expected.items())


def test_the_collection_as_it_is_passes(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = check(root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 errors")  # the summary, after the findings


def test_unsafe_markup_in_a_msgstr_names_the_po_and_never_reaches_the_page(tmp_path: Path) -> None:
    root = project(tmp_path)
    path = root / "locale" / "zh_TW" / "LC_MESSAGES" / f"{SEED}.po"
    catalog = polib.pofile(str(path))
    entry = [e for e in catalog if e.msgstr][2]
    entry.msgstr += ' <img src=x onerror="alert(1)"> <script>alert(2)</script>'
    catalog.save(str(path))
    line = polib.pofile(str(path)).find(entry.msgid).linenum
    result = build(root, tmp_path / "out", "zh_TW")
    assert result.returncode != 0
    assert f"{path}:{line}: WARNING: unsafe HTML: an event-handler attribute (on...=) [briefs.unsafe]" in result.stderr
    assert f"{path}:{line}: WARNING: unsafe HTML: <script> [briefs.unsafe]" in result.stderr
    no_raw_tag_on_any_page(tmp_path / "out" / "html")
    found = check(root)
    assert found.returncode == 1
    assert f"{named(path, root)}:{line}: error: msgstr: unsafe HTML: <script> [briefs.unsafe]" in found.stdout


def test_an_interface_translation_may_carry_only_its_msgids_html(tmp_path: Path) -> None:
    root = project(tmp_path)
    path = root / "locale" / "zh_TW" / "LC_MESSAGES" / "sphinx.po"
    catalog = polib.pofile(str(path))
    linked = next(e for e in catalog if "<a href" in e.msgid and e.msgstr)
    plain = catalog.find("Browse")
    plain.msgstr = "瀏覽<script>alert(1)</script>"
    catalog.save(str(path))
    line = polib.pofile(str(path)).find("Browse").linenum
    result = build(root, tmp_path / "out", "zh_TW")
    assert f"{path}:{line}: WARNING: msgstr adds HTML its msgid does not have: </script>, <script> [briefs.unsafe]" \
        in result.stderr
    # Refused, not used: the sidebar shows the English, and no page carries the script.
    for page in (tmp_path / "out" / "html").rglob("*.html"):
        assert "<script>alert(1)</script>" not in page.read_text(encoding="utf-8"), page
    index = BeautifulSoup((tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one(".briefs-browse .caption-text").get_text() == "Browse"
    found = check(root)
    assert found.returncode == 1
    assert f"{named(path, root)}:{line}: error: msgstr adds HTML its msgid does not have: </script>, <script>" \
        in found.stdout
    assert f"{named(path, root)}:{linked.linenum}:" not in found.stdout  # the msgid's own link is the theme's


ROLE_MSGID = "See {brief}`graham-2023-what-russia-really-wants` and [the source](https://a.example/), %(count)s times."


@pytest.mark.parametrize(("msgstr", "expected"), [
    ("見 {ref}`graham-2023-what-russia-really-wants` 與[來源](https://a.example/)，%(count)s 次。",
     "the role of its msgid: {brief}`graham-2023-what-russia-really-wants`"),
    ("見 {brief}`graham-2023-what-russia-really-wants` 與[來源](https://b.example/)，%(count)s 次。",
     "the link target of its msgid: https://a.example/"),
    ("見 {brief}`graham-2023-what-russia-really-wants` 與[來源](https://a.example/)，數次。",
     "the placeholder of its msgid: %(count)s"),
    ("見 {brief}`graham-2023-what-russia-really-wants` 與[來源](https://a.example/)，%(count)s 次。", None),
], ids=["role", "link-target", "placeholder", "all-kept"])
def test_a_msgstr_must_keep_the_roles_links_and_placeholders_of_its_msgid(tmp_path: Path, msgstr: str,
                                                                        expected: str | None) -> None:
    root = project(tmp_path)
    path = root / "locale" / "zh_TW" / "LC_MESSAGES" / "index.po"
    catalog = polib.pofile(str(path))
    catalog.append(polib.POEntry(msgid=ROLE_MSGID, msgstr=msgstr))
    catalog.save(str(path))
    line = polib.pofile(str(path)).find(ROLE_MSGID).linenum
    result = check(root, str(path))
    kept = [f for f in result.stdout.splitlines() if "[i18n.kept]" in f]
    if expected is None:
        assert kept == [] and result.returncode == 0, result.stdout
    else:
        assert kept == [f"{named(path, root)}:{line}: error: msgstr does not keep {expected} [i18n.kept]"]
        assert result.returncode == 1


def test_catalog_syntax_errors_and_headers_are_errors_with_their_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    path = root / "locale" / "zh_TW" / "LC_MESSAGES" / "index.po"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, "", 'msgid "x"', "<<<<<<< HEAD", ""]), encoding="utf-8")
    result = check(root, str(path))
    assert result.returncode == 1
    assert f"{named(path, root)}:{len(lines) + 3}: error: syntax error in this catalog [i18n.not_readable]" \
        in result.stdout
    (root / "bad.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=Big5\\n"\n'
                                 '"Language: zh_TW\\n"\n', encoding="utf-8")
    assert "Content-Type must be UTF-8" in check(root, str(root / "bad.po")).stdout


def test_duplicate_ids_and_references_to_no_brief_are_errors(tmp_path: Path) -> None:
    root = project(tmp_path)
    seed = root / "source" / f"{SEED}.md"
    copy = root / "source" / "briefs" / "2024" / "graham-2023-what-russia-really-wants.md"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(seed.read_text(encoding="utf-8") + "\nSee {brief}`no-such-brief`.\n", encoding="utf-8")
    result = check(root)
    assert result.returncode == 1
    assert "duplicate brief id 'graham-2023-what-russia-really-wants'" in result.stdout
    line = copy.read_text(encoding="utf-8").count("\n")
    assert f"{named(copy, root)}:{line}: error: unknown brief 'no-such-brief' [briefs.unknown-brief]" in result.stdout


def test_changed_since_checks_what_a_pull_request_touches_and_what_cites_it(tmp_path: Path) -> None:
    repo = versioned.new_repository(tmp_path / "repo")
    index = repo / "source" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nSee {brief}`graham-2023-what-russia-really-wants`.\n"
                     "<b>old raw HTML, not this change's</b>\n", encoding="utf-8")
    versioned.commit(repo, "The base of the pull request")
    base = versioned.git(repo, "rev-parse", "HEAD")
    assert check(repo, "--changed-since", base).stdout == "0 errors, 0 notes\n"  # nothing changed, nothing checked
    seed = repo / "source" / f"{SEED}.md"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n<script>x</script>\n", encoding="utf-8")
    versioned.commit(repo, "The pull request")
    result = check(repo, "--changed-since", base)
    assert result.returncode == 1
    assert f"{named(seed, repo)}:" in result.stdout and "unsafe HTML: <script>" in result.stdout
    # The index cites the changed brief, so it is checked too (and its own raw HTML found).
    assert f"{named(index, repo)}:" in result.stdout
    other = check(repo, "--changed-since", "no-such-ref")
    assert other.returncode == 2 and "briefs check: git diff" in other.stderr


def test_raw_directives_are_refused_alike_by_the_build_and_the_checker(tmp_path: Path) -> None:
    """MyST's {raw} and reST's raw (in {eval-rst}) pass output through as it is, HTML or LaTeX (the PDF)."""
    root = project(tmp_path)
    page = root / "source" / f"{SEED}.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n"
    raw_line = text.count("\n") + 2
    text += "\n```{raw} html\n<p>hi</p>\n```\n\n```{eval-rst}\nSome text.\n\n.. raw:: latex\n\n   \\input{/etc/passwd}\n```\n"
    page.write_text(text, encoding="utf-8")
    expected = {(raw_line, "raw HTML is not allowed in a brief: <p>"),
                (raw_line + 7, "raw output is not allowed: latex")}
    result = build(root, tmp_path / "out")
    assert result.returncode != 0
    warned = {(int(line.split(":")[1]), line.split(": WARNING: ")[1].rsplit(" [", 1)[0])
              for line in result.stderr.splitlines() if "[briefs.unsafe]" in line}
    assert warned == expected
    found = {(f["line"], f["message"]) for f in json.loads(check(root, "--json").stdout) if f["type"] == "briefs.unsafe"}
    assert found == expected
    no_raw_tag_on_any_page(tmp_path / "out" / "html")


def test_unsafe_markup_in_an_included_file_is_named_at_its_own_line(tmp_path: Path) -> None:
    """``{include}`` pulls a file's Markdown into the page: the build and the checker name that
    file's line; a literal include shows code, and a missing one is an error at the page's line."""
    repo = versioned.new_repository(tmp_path / "repo")
    snippet = repo / "snippets" / "note.txt"
    snippet.parent.mkdir()
    snippet.write_text("A shared note.\n\n<iframe src=\"https://evil.example/\"></iframe>\n", encoding="utf-8")
    index = repo / "source" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{include} ../snippets/note.txt\n```\n\n"
                     "```{include} ../snippets/note.txt\n:literal:\n```\n", encoding="utf-8")
    versioned.commit(repo, "A page that includes a shared note")
    base = versioned.git(repo, "rev-parse", "HEAD")
    expected = f"{snippet}:3: WARNING: unsafe HTML: <iframe> [briefs.unsafe]"
    result = build(repo, tmp_path / "out")
    assert [line for line in result.stderr.splitlines() if "[briefs.unsafe]" in line] == [expected]
    no_raw_tag_on_any_page(tmp_path / "out" / "html")
    assert check(repo, str(index)).stdout.splitlines() == [
        f"{named(snippet, repo)}:3: error: unsafe HTML: <iframe> [briefs.unsafe]", "1 errors, 0 notes"]
    # The snippet alone changes in a pull request: the page that includes it is checked.
    snippet.write_text(snippet.read_text(encoding="utf-8") + "\n[x](javascript:alert(1))\n", encoding="utf-8")
    changed = check(repo, "--changed-since", base)
    assert changed.returncode == 1
    assert f"{named(snippet, repo)}:5: error: unsafe link: a javascript: URL [briefs.unsafe]" \
        in changed.stdout.splitlines()
    index.write_text(index.read_text(encoding="utf-8") + "\n```{include} missing.md\n```\n", encoding="utf-8")
    missing = [line for line in check(repo, str(index)).stdout.splitlines() if "[docutils]" in line]
    assert missing == [f"{named(index, repo)}:{index.read_text(encoding='utf-8').count(chr(10)) - 1}: error: included file "
                       f"not found: {repo / 'source' / 'missing.md'} [docutils]"]
