"""The search page at N briefs, as a reader gets it (issue 26, the reader's side).

Builds the recall test root in both languages with the extension. Each
language's ``_search/`` is then replaced with the index of N synthetic briefs,
made by ``briefs.search_index.write_folder`` (the build's own rules).
Queries are timed in headless Chromium on a loopback server: the count, the
bytes of index fetched, and the time from DOMContentLoaded to the results shown.

    python bench/search_scale.py --count 10000
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import search_engines
from briefs.search_index import write_folder

REPO = Path(__file__).resolve().parent.parent
QUERIES = [("zh_TW", "成員國"), ("zh_TW", "權力平衡"), ("zh_TW", "的"), ("zh_TW", "工程師 交易"),
           ("en", "the"), ("en", "security"), ("en", "supply chain")]


def write_index(out: Path, documents: list[str]) -> None:
    """The index of synthetic briefs, by the module's own rules (their text as the fragment)."""
    write_folder(out, [{"url": "briefs/pla.html", "title": f"Brief {number}", "meta": ["2024"], "keywords": [],
                        "text": text} for number, text in enumerate(documents)])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-scale"))
    args = parser.parse_args()
    site, project = args.work / "html", args.work / "project"
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(REPO / "tests" / "roots" / "test-search-recall", project)
    shutil.copy2(REPO / "locale" / "zh_TW" / "LC_MESSAGES" / "sphinx.po", project / "locale" / "zh_TW" / "LC_MESSAGES")
    texts = search_engines.texts(args.count)
    for language, source in (("en", "en"), ("zh_TW", "zh")):
        subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", f"language={language}", "-d",
                        str(args.work / "doctrees" / language), str(project), str(site / language)], check=True)
        write_index(site / language / "_search", texts[source])

    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or shutil.which("google-chrome"),
                                             args=["--no-sandbox"])
        for language, query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            fetched: list[tuple[str, int]] = []
            page.on("requestfinished", lambda r, fetched=fetched: fetched.append((r.url, r.sizes()["responseBodySize"])))
            page.goto(f"{base}/{language}/search.html?q={urllib.parse.quote(query)}", wait_until="domcontentloaded")
            start = time.perf_counter()
            page.wait_for_selector("#search-results[aria-busy='false']", state="attached", timeout=60_000)
            ms = (time.perf_counter() - start) * 1000
            index_bytes = sum(size for url, size in fetched if "/_search/" in url)
            print(json.dumps({"language": language, "query": query, "summary": page.inner_text(".search-summary"),
                              "shown": page.locator("ul.search li").count(), "index_kb": round(index_bytes / 1024),
                              "ms_after_domcontentloaded": round(ms)}, ensure_ascii=False), flush=True)
            context.close()
        browser.close()
    httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
