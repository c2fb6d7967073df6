"""Issue 26, item 4: Pagefind measured on synthetic briefs, before choosing the engine.

For N synthetic digests (``synthetic.py``), writes one HTML page per brief and
language, indexes them with the Pagefind CLI, and runs queries in headless
Chromium on a loopback server: results against the briefs whose text holds
the query, bytes fetched after the search page is ready, and time to the
first 20 results' data.  Chinese is indexed three ways: as written (Pagefind's
own handling of ``zh-TW``), as character unigrams and as bigrams (space-separated).

    pip install 'pagefind[extended]'   # not a dependency of the project
    python bench/search_engines.py --count 10000 --work /tmp/search-engines

Results: docs/search-engines.md.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import synthetic

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
TOKENIZERS = {
    "as-written": lambda text: text,
    "unigrams": lambda text: HAN.sub(lambda m: " ".join(m.group(0)), text),
    "bigrams": lambda text: HAN.sub(lambda m: " " + " ".join(m.group(0)[i:i + 2] for i in
                                                          range(max(1, len(m.group(0)) - 1))) + " ", text),
}
QUERIES = {"zh": ["成員國", "權力平衡", '"權力平衡"', "烏克蘭", "工程師", "交易"],
           "en": ["the", "security", "sanctions", '"supply chain"']}


def texts(count: int) -> dict[str, list[str]]:
    """The Chinese and the English text of each synthetic brief (labels left out)."""
    pool = synthetic.keyword_pool()
    out: dict[str, list[str]] = {"zh": [], "en": []}
    for index in range(count):
        lines = synthetic.digest(index, pool).split("\n")
        out["zh"].append("\n".join(line for line in lines if HAN.search(line) and "/" not in line))
        out["en"].append("\n".join(line for line in lines if line.strip() and not HAN.search(line)))
    return out


def write_site(site: Path, language: str, documents: list[str], tokenize) -> None:  # noqa: ANN001
    (site / "b").mkdir(parents=True, exist_ok=True)
    lang = "zh-TW" if language == "zh" else "en"
    for index, text in enumerate(documents):
        body = "".join(f"<p>{html.escape(tokenize(line))}</p>" for line in text.split("\n"))
        (site / "b" / f"{index}.html").write_text(
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Brief {index}</title></head>'
            f"<body><main data-pagefind-body><h1>Brief {index}</h1>{body}</main></body></html>", encoding="utf-8")
    (site / "q.html").write_text("<!doctype html><meta charset=utf-8><script type=module>window.pf = await "
                                 "import('/pagefind/pagefind.js'); await window.pf.init(); window.ready = true;"
                                 "</script>", encoding="utf-8")


def index(site: Path) -> dict:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    return {"index_seconds": round(seconds, 1),
            "index_mb": round(sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()) / 1e6, 1)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


def queries(site: Path, documents: list[str], terms: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for term in terms:
            context = browser.new_context()
            page = context.new_page()
            sizes: list[int] = []
            page.on("requestfinished", lambda r, sizes=sizes: sizes.append(r.sizes()["responseBodySize"]))
            page.goto(base + "/q.html")
            page.wait_for_function("window.ready === true")
            page.wait_for_timeout(200)
            ready = sum(sizes)
            start = time.perf_counter()
            found = page.evaluate("""async (q) => { const r = await window.pf.search(q);
                await Promise.all(r.results.slice(0, 20).map(x => x.data())); return r.results.length; }""", term)
            ms = (time.perf_counter() - start) * 1000
            page.wait_for_timeout(100)
            words = term.strip('"').lower().split()
            holding = sum(all(w in text.lower() for w in words) for text in documents)
            rows.append({"query": term, "results": found, "holding": holding, "kb_to_ready": round(ready / 1024),
                         "kb_after_ready": round((sum(sizes) - ready) / 1024), "ms": round(ms)})
            context.close()
        browser.close()
    httpd.shutdown()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-engines"))
    args = parser.parse_args()
    documents = texts(args.count)
    report = {}
    for language, modes in (("zh", list(TOKENIZERS)), ("en", ["as-written"])):
        for mode in modes:
            site = args.work / f"{language}-{mode}-{args.count}"
            write_site(site, language, documents[language], TOKENIZERS[mode])
            terms = QUERIES[language] if mode == "as-written" else [" ".join(TOKENIZERS[mode](q).split())
                                                                   for q in QUERIES[language]]
            report[f"{language} {mode}"] = {**index(site), "queries": queries(site, documents[language], terms)}
            print(json.dumps({f"{language} {mode}": report[f"{language} {mode}"]}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
