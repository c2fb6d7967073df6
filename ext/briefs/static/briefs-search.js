/* The search page: the briefs holding every term of the query (briefs.search_index).
 *
 * The query is cut into terms as the index was (NFKC, lower case; Chinese
 * characters and character pairs; other words by Sphinx's English stemmer),
 * and each filter chosen adds its term.  The page knows the number of chunks,
 * so the chunks of those terms are fetched at once; their brief lists are
 * intersected, and the briefs shown are fetched 20 at a time (alone, or in
 * bundles of consecutive briefs), each listed as soon as it and those before
 * it are in.  A Chinese term of more than two
 * characters is checked as the phrase it is in the brief's text.
 */
(() => {
  "use strict";
  const PAGE_SIZE = 20;
  const BUNDLE = 8; // briefs.search_index.BUNDLE
  const FILTERS = ["keyword", "source", "year"];
  const HAN_RUN = /[\p{Script=Han}\u3005\u3007]+/gu;
  const WORD = /[\p{L}\p{N}]+/gu;

  const fold = (text) => text.normalize("NFKC").toLowerCase();
  // Traditional -> Simplified of the index's Chinese characters (briefs.search_index.script_folding):
  // a text's terms are looked up in one script, whatever script it is typed in.
  const HAN = /[\p{Script=Han}]/gu;
  let folding = new Map();
  const unify = (text) => (folding.size ? text.replace(HAN, (c) => folding.get(c) || c) : text);
  const stemmer = typeof Stemmer === "function" ? new Stemmer() : { stemWord: (w) => w };
  const stemCache = new Map();
  /** A word's stem, remembered: a snippet stems every word of a brief's text. */
  function stem(word) {
    const folded = fold(word);
    if (!stemCache.has(folded)) stemCache.set(folded, stemmer.stemWord(folded));
    return stemCache.get(folded);
  }

  /** The query's terms, the phrases each result must hold (its Chinese runs), the stems of its words. */
  function cut(query) {
    const folded = unify(fold(query));
    const terms = new Set();
    const phrases = [];
    for (const [run] of folded.matchAll(HAN_RUN)) {
      // A character alone is looked up as itself; a longer run by its character pairs.
      const chars = Array.from(run);
      if (chars.length === 1) terms.add(run);
      for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i] + chars[i + 1]);
      phrases.push(run);
    }
    const words = new Set();
    for (const [word] of folded.replace(HAN_RUN, " ").matchAll(WORD)) words.add(stem(word));
    for (const s of words) terms.add(s);
    return { terms, phrases, stems: words };
  }

  /** FNV-1a of the term's UTF-8 bytes (briefs.search_index.chunk_of). */
  function chunkOf(term, chunks) {
    let value = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(term)) {
      value = Math.imul(value ^ byte, 0x01000193) >>> 0;
    }
    return value % chunks;
  }

  const fetched = new Map();
  function json(url) {
    if (!fetched.has(url)) {
      fetched.set(url, fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        return r.json();
      }));
    }
    return fetched.get(url);
  }

  /** A term's briefs as stored (search_index.encode): a base64 bitmap, or gaps between numbers. */
  function decode(value) {
    if (value === undefined) return { numbers: [] };
    if (typeof value === "string") return { bits: Uint8Array.from(atob(value), (c) => c.charCodeAt(0)) };
    let at = 0;
    return { numbers: value.map((gap) => (at += gap)) };
  }

  const has = (bits, n) => (bits[n >> 3] >> (n & 7)) & 1;

  /** The briefs in every list, in order: the shortest number list checked against the rest,
   * or, when every list is a bitmap, the bitmaps' AND. */
  function intersect(lists) {
    const sparse = lists.filter((l) => l.numbers).sort((a, b) => a.numbers.length - b.numbers.length);
    const bitmaps = lists.filter((l) => l.bits).map((l) => l.bits);
    if (sparse.length) {
      const others = sparse.slice(1).map((l) => new Set(l.numbers));
      return sparse[0].numbers.filter((n) => others.every((o) => o.has(n)) && bitmaps.every((b) => has(b, n)));
    }
    const found = [];
    for (let i = 0; i < bitmaps[0].length; i++) {
      let byte = 0xff;
      for (const bits of bitmaps) byte &= bits[i];
      for (let b = 0; byte && b < 8; b++) if (byte & (1 << b)) found.push(i * 8 + b);
    }
    return found;
  }

  /** Where the text holds a phrase or a word of the wanted stems: [start, end] pairs, in order. */
  function matches(text, phrases, wanted) {
    const found = [];
    // NFKC keeps the length of almost every text; where it does not, phrases are looked for as typed.
    const folded = unify(fold(text));
    const haystack = folded.length === text.length ? folded : unify(text.toLowerCase());
    for (const phrase of phrases) {
      for (let at = haystack.indexOf(phrase); at >= 0; at = haystack.indexOf(phrase, at + phrase.length)) {
        found.push([at, at + phrase.length]);
      }
    }
    if (wanted.size) {
      // A stem begins as its word does (the stemmer only changes endings): only such words are stemmed.
      const starts = new Set([...wanted].map((s) => s.slice(0, 2)));
      for (const match of text.replace(HAN_RUN, (run) => " ".repeat(run.length)).matchAll(WORD)) {
        const word = match[0];
        if (starts.has(fold(word.slice(0, 2))) && wanted.has(stem(word))) found.push([match.index, match.index + word.length]);
      }
    }
    return found.sort((a, b) => a[0] - b[0]);
  }

  /** About 240 characters of the text around its first match, the matches highlighted. */
  function snippet(text, phrases, stems) {
    const all = matches(text, phrases, stems);
    const start = Math.max(0, (all.length ? all[0][0] : 0) - 80);
    const end = Math.min(text.length, start + 240);
    const element = document.createElement("p");
    element.className = "context";
    if (start > 0) element.append("…");
    let last = start;
    for (const [from, to] of all) {
      if (from < last || to > end) continue;
      element.append(text.slice(last, from));
      const mark = document.createElement("span");
      mark.className = "highlighted";
      mark.textContent = text.slice(from, to);
      element.append(mark);
      last = to;
    }
    element.append(text.slice(last, end));
    if (end < text.length) element.append("…");
    return element;
  }

  function listed(fragment, phrases, stems) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = new URL(fragment.url, document.baseURI).href;
    link.textContent = fragment.title;
    const meta = document.createElement("span");
    meta.className = "briefs-search-meta";
    meta.textContent = fragment.meta.join(" · ");
    // The snippet is of the text, or of the card's authors and digest title when only they match.
    const card = (fragment.card || []).join(" · ");
    const text = matches(fragment.text, phrases, stems).length || !matches(card, phrases, stems).length
      ? fragment.text : `${card} · ${fragment.text}`;
    item.append(link, " ", meta, snippet(text, phrases, stems));
    return item;
  }

  async function search(container, query, filters) {
    const strings = container.dataset;
    const summary = container.querySelector(".search-summary");
    const list = container.querySelector("ul.search");
    const done = (text) => {
      summary.textContent = text;
      container.setAttribute("aria-busy", "false");
    };
    const { terms, phrases, stems } = cut(query);
    for (const [name, value] of filters) terms.add(`${name}:${fold(value)}`);
    const chunks = Number(strings.chunks);
    if (!terms.size || !chunks) return done(strings.none);
    summary.textContent = strings.searching;
    container.setAttribute("aria-busy", "true");
    const base = new URL(strings.index, document.baseURI);
    const lists = await Promise.all([...terms].map(async (term) => {
      const chunk = await json(new URL(`c/${chunkOf(term, chunks)}.json`, base).href);
      return decode(chunk[term]);
    }));
    const candidates = intersect(lists);
    let next = 0;
    let shown = 0;
    let dropped = 0;
    const more = document.createElement("button");
    more.type = "button";
    more.className = "briefs-search-more";
    more.textContent = strings.more;
    more.hidden = true;
    container.append(more);

    const report = () => {
      // Until every candidate is checked, the count holds those whose pairs are all there.
      const count = candidates.length - dropped;
      done(count === 0 ? strings.none : count === 1 ? strings.foundOne : strings.found.replace("%(count)s", count));
      more.hidden = next >= candidates.length;
    };

    /** The fragments of these briefs, in order: a bundle where it holds half of them or more. */
    function fragmentsOf(batch) {
      const perBundle = new Map();
      for (const n of batch) perBundle.set(Math.floor(n / BUNDLE), (perBundle.get(Math.floor(n / BUNDLE)) || 0) + 1);
      return batch.map((n) => {
        const bundle = Math.floor(n / BUNDLE);
        if (perBundle.get(bundle) * 2 < BUNDLE) return json(new URL(`f/${n}.json`, base).href);
        return json(new URL(`b/${bundle}.json`, base).href).then((fragments) => fragments[n % BUNDLE]);
      });
    }

    async function showPage() {
      more.disabled = true;
      const wanted = shown + PAGE_SIZE;
      while (shown < wanted && next < candidates.length) {
        const batch = candidates.slice(next, next + (wanted - shown));
        next += batch.length;
        // Each brief is listed as soon as it and those before it are in.
        for (const pending of fragmentsOf(batch)) {
          const fragment = await pending;
          // briefs.search_index.searched_text
          const haystack = unify(fold([fragment.title, ...fragment.meta, ...fragment.keywords, ...(fragment.card || []),
            fragment.text].join(" ")));
          if (!phrases.every((phrase) => haystack.includes(phrase))) {
            dropped += 1; // every pair of the phrase is in the brief, but not the phrase
            continue;
          }
          list.append(listed(fragment, phrases, stems));
          shown += 1;
        }
      }
      more.disabled = false;
      report();
    }

    more.addEventListener("click", () => showPage().catch((error) => done(String(error))));
    await showPage();
  }

  function start() {
    const container = document.getElementById("search-results");
    if (!container || !container.dataset.index) return;
    const pairs = Array.from(container.dataset.fold || "");
    folding = new Map(pairs.flatMap((c, i) => (i % 2 ? [] : [[c, pairs[i + 1]]])));
    const params = new URLSearchParams(window.location.search);
    const query = params.get("q") || "";
    const filters = FILTERS.map((name) => [name, params.get(name) || ""]).filter(([, value]) => value);
    for (const box of document.querySelectorAll("input[name='q']")) box.value = query;
    for (const [name, value] of filters) {
      const select = document.querySelector(`.briefs-search-form select[name='${name}']`);
      if (select) select.value = value;
    }
    if (!query.trim() && !filters.length) return;
    if (window.location.protocol === "file:") {
      container.querySelector(".search-summary").textContent = container.dataset.file;
      container.setAttribute("aria-busy", "false");
      return;
    }
    search(container, query, filters).catch((error) => {
      container.querySelector(".search-summary").textContent = String(error);
      container.setAttribute("aria-busy", "false");
    });
  }

  // The script comes after the page's content: the query starts as soon as it runs.
  if (document.getElementById("search-results")) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
