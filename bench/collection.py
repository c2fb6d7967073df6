"""A synthetic collection of N briefs, as the importer would make it.

The digests come from ``synthetic.py``; ``briefs import`` turns them into
pages and zh_TW catalogs; every seventh brief then cites the brief before it
(with its Chinese translation), so backlinks and cross-references are
exercised.  ``baseline`` rewrites the same pages without the extension: the
``{brief}`` block becomes a plain list, cross-references become plain text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import synthetic
from briefs.importer import import_files

REPO = Path(__file__).resolve().parent.parent


def skeleton(root: Path, glossary_pool: list[tuple[str, str]] | None = None) -> Path:
    """A collection with no briefs yet in ``root``: the project's conf.py, home and book pages and
    interface catalogs, and a glossary of ``glossary_pool`` (the synthetic keywords by default)."""
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    shutil.copy2(REPO / "conf.py", root / "conf.py")
    (root / "glossary.yaml").write_text(synthetic.glossary_yaml(glossary_pool), encoding="utf-8")
    for name in ("index.md", "book.md"):
        shutil.copy2(REPO / "source" / name, root / "source" / name)
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo", "briefs"))
    return root


def make(root: Path, count: int) -> list[str]:
    """Build the collection in ``root``; returns the page paths (relative, without .md)."""
    skeleton(root)
    digests = synthetic.write_digests(root / "_digests", count)
    results = import_files(digests, root)
    failed = [r.error for r in results if r.status != "imported"]
    if failed:
        raise RuntimeError("synthetic digests failed to import:\n" + "\n".join(failed[:5]))
    pages = [r.page for r in results]
    for index in range(7, len(results), 7):
        cite(root, results[index], results[index - 1].id)
    return [p[len("source/"):-len(".md")] for p in pages]


def cite(root: Path, result, target: str) -> None:
    """Append "See also {brief}`target`." to a brief, with its translation."""
    page = root / result.page
    page.write_text(page.read_text(encoding="utf-8") + f"\nSee also {{brief}}`{target}`.\n", encoding="utf-8")
    catalog = polib.pofile(str(root / result.catalog), wrapwidth=0)
    catalog.append(polib.POEntry(msgid=f"See also {{brief}}`{target}`.", msgstr=f"另見 {{brief}}`{target}`。"))
    catalog.save()


_BLOCK = re.compile(r"```\{brief\}\n(.*?)\n```", re.S)
_ROLE = re.compile(r"\{brief\}`([^`]+)`")


def baseline(root: Path, destination: Path, theme: str) -> None:
    """The same pages without the briefs extension, for ``theme`` (furo or basic)."""
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(root, destination, ignore=shutil.ignore_patterns("_build", "_digests", "*.mo"))
    for page in (destination / "source").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        text = _BLOCK.sub(lambda m: "\n".join(f"- {line}" for line in m.group(1).splitlines()), text)
        page.write_text(_ROLE.sub(r"\1", text), encoding="utf-8")
    for catalog in (destination / "locale").rglob("*.po"):
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(_ROLE.sub(r"\1", text), encoding="utf-8")
    (destination / "source" / "index.md").write_text("# Briefs\n\nBaseline collection.\n", encoding="utf-8")
    (destination / "conf.py").write_text(
        "from pathlib import Path\n"
        'project = "Briefs"\n'
        'extensions = ["myst_parser"]\n'
        'source_suffix = {".md": "markdown"}\n'
        f'html_theme = "{theme}"\n'
        'locale_dirs = [str(Path(__file__).parent / "locale")]\n'
        "gettext_compact = False\n"
        "smartquotes = False\n",
        encoding="utf-8",
    )
