"""Another Sphinx project links to a brief through intersphinx."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO, sphinx_build

CONSUMER_CONF = """\
extensions = ["myst_parser", "sphinx.ext.intersphinx"{briefs}]
project = "Consumer"
intersphinx_mapping = {{"briefs": ("https://example.test/site/en/", {inventory!r})}}
"""

CONSUMER_PAGE = """\
# Reading list

- {external+briefs:ref}`brief-alpha`
- {external+briefs:ref}`Our pick <brief-beta>`
"""

BRIEF_ROLE_PAGE = """\
# Related briefs elsewhere

- {external+briefs:brief:brief}`gamma`
"""


def build_consumer(tmp_path: Path, name: str, page: str, briefs: bool) -> list[tuple[str, str]]:
    collection = tmp_path / "collection"
    if not collection.exists():
        shutil.copytree(REPO / "tests" / "roots" / "test-collection", collection)
        result = sphinx_build("-b", "html", collection, collection / "_build")
        assert result.returncode == 0, result.stderr
    consumer = tmp_path / name
    consumer.mkdir()
    inventory = str(collection / "_build" / "objects.inv")
    (consumer / "conf.py").write_text(CONSUMER_CONF.format(inventory=inventory, briefs=', "briefs"' if briefs else ""))
    (consumer / "index.md").write_text(page)
    result = sphinx_build("-b", "html", consumer, consumer / "_build")
    assert result.returncode == 0, result.stderr
    html = BeautifulSoup((consumer / "_build" / "index.html").read_text(encoding="utf-8"), "html.parser")
    return [(a.get_text(), a["href"]) for a in html.select("li a.reference")]


def test_any_sphinx_project_links_to_a_brief_by_its_label(tmp_path: Path) -> None:
    assert build_consumer(tmp_path, "plain", CONSUMER_PAGE, briefs=False) == [
        ("Alpha Brief", "https://example.test/site/en/briefs/alpha.html#brief-alpha"),
        ("Our pick", "https://example.test/site/en/briefs/beta.html#brief-beta"),
    ]


def test_a_briefs_project_links_with_the_brief_role(tmp_path: Path) -> None:
    assert build_consumer(tmp_path, "sister", BRIEF_ROLE_PAGE, briefs=True) == [
        ("Gamma Brief", "https://example.test/site/en/briefs/gamma.html#brief-gamma"),
    ]
