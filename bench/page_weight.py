"""Benchmark: what a brief page weighs at first load, beside furo alone (issue 28: at most +10%).

    python bench/page_weight.py [--count N] [--work DIR] [--json FILE]

Builds a synthetic collection of N briefs (bench/collection.py) with the
extension, and the same pages without it on furo (``collection.baseline``),
in each language; opens one brief page of each in a fresh headless Chromium
(an empty cache) over HTTP on the loopback, and adds up the bytes of every
response by kind: the HTML, CSS, JS, fonts and images.  Bytes are as served
(this server does not compress) and gzipped (``gzip -6``, as hosts serve
them).  Prints a table and writes JSON (default ``_build/bench/page-weight.json``).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import collection  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "zh_TW")
KINDS = {"document": "html", "stylesheet": "css", "script": "js", "font": "font", "image": "image"}
TARGET = 0.10  # the extension adds at most 10% to what furo loads


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def build(project: Path, language: str, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(project), "-D",
                    f"language={language}", "-d", str(out / "doctrees" / language), str(project / "source"),
                    str(out / language)], check=True)


def weigh(browser, root: Path, page: str) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    """Bytes of each kind a fresh browser fetches to show ``root/page``."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context()
    tab = context.new_page()
    responses = []
    tab.on("response", lambda response: responses.append(response))
    tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{page}")
    tab.wait_for_load_state("networkidle")
    totals: dict[str, dict[str, int]] = {}
    for response in responses:
        kind = KINDS.get(response.request.resource_type, "other")
        body = response.body()
        entry = totals.setdefault(kind, {"requests": 0, "bytes": 0, "gzip": 0})
        entry["requests"] += 1
        entry["bytes"] += len(body)
        entry["gzip"] += len(gzip.compress(body, 6))
    context.close()
    httpd.shutdown()
    return totals


def total(weights: dict[str, dict[str, int]], measure: str) -> int:
    return sum(entry[measure] for entry in weights.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--work", type=Path, default=REPO / "_build" / "bench" / "page-weight")
    parser.add_argument("--json", type=Path, default=REPO / "_build" / "bench" / "page-weight.json")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = args.work
    briefs_root, furo_root = work / "briefs", work / "furo"
    pages = collection.make(briefs_root, args.count)
    collection.baseline(briefs_root, furo_root, "furo")
    for language in LANGUAGES:
        build(briefs_root, language, briefs_root / "_build")
        build(furo_root, language, furo_root / "_build")
    page = pages[len(pages) // 2] + ".html"
    executable = next(filter(None, map(shutil.which, ("chromium", "google-chrome", "chromium-browser"))))
    results = {"page": page, "target": TARGET, "languages": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        for language in LANGUAGES:
            briefs = weigh(browser, briefs_root / "_build", f"{language}/{page}")
            furo = weigh(browser, furo_root / "_build", f"{language}/{page}")
            results["languages"][language] = {"briefs": briefs, "furo": furo}
        browser.close()

    print(f"page weight at first load, one brief page ({page}), bytes as served / gzipped:")
    print(f"{'':8} {'kind':6} {'furo alone':>22} {'with the extension':>22} {'added':>8}")
    passed = True
    for language, weights in results["languages"].items():
        briefs, furo = weights["briefs"], weights["furo"]
        for kind in sorted(set(briefs) | set(furo)):
            b, f = briefs.get(kind, {"bytes": 0, "gzip": 0}), furo.get(kind, {"bytes": 0, "gzip": 0})
            print(f"{language:8} {kind:6} {f['bytes']:>12,} / {f['gzip']:>7,} {b['bytes']:>12,} / {b['gzip']:>7,}")
        for measure in ("bytes", "gzip"):
            added = total(briefs, measure) / total(furo, measure) - 1
            weights[f"added_{measure}"] = added
            passed &= added <= TARGET
        print(f"{language:8} {'total':6} {total(furo, 'bytes'):>12,} / {total(furo, 'gzip'):>7,} "
              f"{total(briefs, 'bytes'):>12,} / {total(briefs, 'gzip'):>7,} "
              f"{weights['added_bytes']:>+7.1%} / {weights['added_gzip']:+.1%}")
    print(f"target: the extension adds at most {TARGET:.0%}: {'met' if passed else 'NOT met'}")
    results["met"] = passed
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
