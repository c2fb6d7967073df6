"""``make bench-search``: the search page at N briefs, as a reader gets it (issue 26).

    python bench/search_scale.py [--count 10000] [--work DIR] [--json FILE]

Makes a collection of N synthetic briefs (``collection.py``: digests imported
with ``briefs import``), builds each language clean (``-j 1``, as CI builds),
and times the briefs' search index inside the build (``search_timer.py``).
Then each query is run in headless Chromium on a loopback server (Python's
``http.server``, as ``python -m http.server`` serves), each in a new browser
context (a cold cache): the briefs found, the KB of index and fragments
fetched, and the milliseconds from DOMContentLoaded to the first result
listed and to the page done (its 20 results and the count said).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import collection

REPO = Path(__file__).resolve().parent.parent
#: (language, query, filters): rare and common terms, phrases, two terms, filters alone.
QUERIES = [("zh_TW", "成員國", {}), ("zh_TW", "權力平衡", {}), ("zh_TW", "的", {}), ("zh_TW", "工程師 交易", {}),
           ("zh_TW", "安全", {"year": "2023"}), ("en", "the", {}), ("en", "security", {}), ("en", "supply chain", {}),
           ("en", "sanctions", {"year": "2022"}), ("en", "", {"year": "2024"})]
#: Set in the page before it loads: when the first result is listed, when the search says it is done.
_WATCH = """new MutationObserver(() => {
  if (!window.firstResult && document.querySelector("#search-results ul.search li")) window.firstResult = performance.now();
  if (!window.searchDone && document.querySelector("#search-results[aria-busy='false']")) window.searchDone = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true});"""
_MEASURE = """() => {
  const ready = performance.getEntriesByType("navigation")[0].domContentLoadedEventStart;
  const index = performance.getEntriesByType("resource").filter((r) => r.name.includes("/_search/"));
  return {first: window.firstResult ? window.firstResult - ready : null, done: window.searchDone - ready,
          bytes: index.reduce((sum, r) => sum + r.encodedBodySize, 0), requests: index.length,
          summary: document.querySelector(".search-summary").textContent,
          listed: document.querySelectorAll("#search-results ul.search li").length};
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


def build(project: Path, language: str, out: Path) -> dict:
    """A clean build of one language, with the index's own share of it."""
    timer = out / "search-index-seconds"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "bench"), os.environ.get("PYTHONPATH", "")]),
           "BRIEFS_SEARCH_TIMER": str(timer)}
    command = [sys.executable, "-m", "sphinx", "--no-color", "-q", "-b", "html", "-j", "1", "-D", f"language={language}",
               "-D", "extensions=myst_parser,briefs,briefs.speedups,search_timer", "-d", str(out / "doctrees"),
               str(project / "source"), str(out / "html"), "-c", str(project)]
    os.sync()
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    index = float(timer.read_text(encoding="utf-8"))
    folder = out / "html" / "_search"
    files = [path for path in folder.rglob("*") if path.is_file()]
    return {"build_s": round(seconds, 1), "index_s": round(index, 2), "index_share": round(index / seconds, 4),
            "index_files": len(files), "index_mb": round(sum(p.stat().st_size for p in files) / 2**20, 1)}


def run_queries(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or shutil.which("google-chrome")
                                             or shutil.which("chromium-browser"), args=["--no-sandbox"])
        for language, query, filters in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            page.add_init_script(_WATCH)
            failures: list[str] = []
            page.on("requestfailed", lambda r, failures=failures: failures.append(r.url))
            page.on("console", lambda m, failures=failures: failures.append(m.text) if m.type == "error" else None)
            url = f"{base}/{language}/html/search.html?{urllib.parse.urlencode({'q': query, **filters})}"
            page.goto(url, wait_until="domcontentloaded")
            page.wait_for_selector("#search-results[aria-busy='false']", state="attached", timeout=60_000)
            measured = page.evaluate(_MEASURE)
            results.append({"language": language, "query": query, "filters": filters, "summary": measured["summary"],
                            "listed": measured["listed"], "kb": round(measured["bytes"] / 1024),
                            "requests": measured["requests"],
                            "first_ms": None if measured["first"] is None else round(measured["first"]),
                            "done_ms": round(measured["done"]), "errors": failures})
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
            context.close()
        browser.close()
    httpd.shutdown()
    return results


def table(result: dict) -> str:
    lines = [f"{result['count']:,} briefs", "", "| language | build s | index s | share | files | MB |",
             "|---|---:|---:|---:|---:|---:|"]
    for language, built in result["builds"].items():
        lines.append(f"| {language} | {built['build_s']} | {built['index_s']} | {built['index_share']:.1%} | "
                     f"{built['index_files']:,} | {built['index_mb']} |")
    lines += ["", "| language | query | filters | found | KB | requests | first result ms | done ms |",
              "|---|---|---|---|---:|---:|---:|---:|"]
    for q in result["queries"]:
        filters = ", ".join(f"{k}={v}" for k, v in q["filters"].items())
        lines.append(f"| {q['language']} | {q['query']} | {filters} | {q['summary']} | {q['kb']} | {q['requests']} | "
                     f"{q['first_ms']} | {q['done_ms']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/briefs-bench-search"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    project = args.work / "project"
    collection.make(project, args.count)
    site = args.work / "site"
    shutil.rmtree(site, ignore_errors=True)
    builds = {language: build(project, language, site / language) for language in ("en", "zh_TW")}
    for language, built in builds.items():
        print(language, json.dumps(built), flush=True)
    result = {"count": args.count, "builds": builds, "queries": run_queries(site)}
    print(table(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
