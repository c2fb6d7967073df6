/* The search page: the briefs holding every term of the query (briefs.search_index).
 *
 * The query is cut into terms as the index was (NFKC, lower case; Chinese
 * characters and character pairs; other words by Sphinx's English stemmer),
 * the chunks holding those terms are fetched, their brief lists intersected,
 * and the briefs shown are fetched 20 at a time.  A Chinese term of more than
 * two characters is then checked as the phrase it is in the brief's text.
 */
(() => {
  "use strict";
  const PAGE_SIZE = 20;
  const HAN_RUN = /[\p{Script=Han}\u3005\u3007]+/gu;
  const WORD = /[\p{L}\p{N}]+/gu;

  const fold = (text) => text.normalize("NFKC").toLowerCase();
  const stemmer = typeof Stemmer === "function" ? new Stemmer() : { stemWord: (w) => w };

  /** The query's terms, and the phrases each result must hold (its Chinese runs). */
  function cut(query) {
    const folded = fold(query);
    const terms = new Set();
    const phrases = [];
    for (const [run] of folded.matchAll(HAN_RUN)) {
      // A character alone is looked up as itself; a longer run by its character pairs.
      const chars = Array.from(run);
      if (chars.length === 1) terms.add(run);
      for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i] + chars[i + 1]);
      phrases.push(run);
    }
    const words = [];
    for (const [word] of folded.replace(HAN_RUN, " ").matchAll(WORD)) {
      terms.add(stemmer.stemWord(word));
      words.push(word);
    }
    return { terms: [...terms], phrases, words };
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

  /** The briefs of a term: gaps between their numbers, or a base64 bitmap (search_index.encode). */
  function numbers(value) {
    if (typeof value === "string") {
      const bits = atob(value);
      const found = [];
      for (let i = 0; i < bits.length; i++) {
        const byte = bits.charCodeAt(i);
        for (let b = 0; b < 8; b++) if (byte & (1 << b)) found.push(i * 8 + b);
      }
      return found;
    }
    let at = 0;
    return value.map((gap) => (at += gap));
  }

  function intersect(lists) {
    lists.sort((a, b) => a.length - b.length);
    let result = lists[0] || [];
    for (const list of lists.slice(1)) {
      const other = new Set(list);
      result = result.filter((n) => other.has(n));
    }
    return result;
  }

  function highlighted(text, marks) {
    const element = document.createElement("p");
    element.className = "context";
    if (!marks.length) {
      element.textContent = text;
      return element;
    }
    const pattern = new RegExp(marks.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "giu");
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      element.append(text.slice(last, match.index));
      const span = document.createElement("span");
      span.className = "highlighted";
      span.textContent = match[0];
      element.append(span);
      last = match.index + match[0].length;
    }
    element.append(text.slice(last));
    return element;
  }

  /** About 240 characters of the text around its first match. */
  function snippet(text, marks) {
    const folded = fold(text);
    const at = Math.min(...marks.map((m) => folded.indexOf(fold(m))).filter((i) => i >= 0), text.length);
    const start = Math.max(0, at - 80);
    return (start > 0 ? "…" : "") + text.slice(start, start + 240).replace(/\s+/g, " ") + (start + 240 < text.length ? "…" : "");
  }

  async function search(container, query) {
    const strings = container.dataset;
    const summary = container.querySelector(".search-summary");
    const list = container.querySelector("ul.search");
    summary.textContent = strings.searching;
    container.setAttribute("aria-busy", "true");
    const base = new URL(strings.index, document.baseURI);
    const index = await json(base.href);
    const { terms, phrases, words } = cut(query);
    if (!terms.length) {
      summary.textContent = strings.none;
      container.setAttribute("aria-busy", "false");
      return;
    }
    const lists = await Promise.all(terms.map(async (term) => {
      const chunk = await json(new URL(`c/${chunkOf(term, index.chunks)}.json`, base).href);
      return term in chunk ? numbers(chunk[term]) : [];
    }));
    const candidates = intersect(lists);
    const marks = [...phrases, ...words];
    const shown = [];
    let next = 0;
    let dropped = 0;
    const more = document.createElement("button");
    more.type = "button";
    more.className = "briefs-search-more";
    more.textContent = strings.more;

    const report = () => {
      const count = candidates.length - dropped;
      summary.textContent = count === 0 ? strings.none
        : count === 1 ? strings.foundOne : strings.found.replace("%(count)s", count);
      more.hidden = next >= candidates.length;
      container.setAttribute("aria-busy", "false");
    };

    async function showPage() {
      const wanted = shown.length + PAGE_SIZE;
      while (shown.length < wanted && next < candidates.length) {
        const batch = candidates.slice(next, next + (wanted - shown.length));
        next += batch.length;
        const fragments = await Promise.all(batch.map((n) => json(new URL(`f/${n}.json`, base).href)));
        for (const fragment of fragments) {
          const haystack = fold([fragment.title, ...fragment.meta, ...fragment.keywords, fragment.text].join(" "));
          if (!phrases.every((phrase) => haystack.includes(phrase))) {
            dropped += 1; // every pair of the phrase is in the brief, but not the phrase
            continue;
          }
          shown.push(fragment);
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.href = new URL(fragment.url, document.baseURI).href;
          link.textContent = fragment.title;
          const meta = document.createElement("span");
          meta.className = "briefs-search-meta";
          meta.textContent = [...fragment.meta].join(" · ");
          item.append(link, " ", meta, highlighted(snippet(fragment.text, marks), marks));
          list.append(item);
        }
      }
      report();
    }

    more.addEventListener("click", () => showPage());
    container.append(more);
    await showPage();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const container = document.getElementById("search-results");
    if (!container || !container.dataset.index) return;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const box = document.querySelector("form.sidebar-search-container input[name='q'], .sidebar-search");
    if (box) box.value = query;
    if (!query.trim()) return;
    if (window.location.protocol === "file:") {
      container.querySelector(".search-summary").textContent = container.dataset.file;
      container.setAttribute("aria-busy", "false");
      return;
    }
    search(container, query).catch((error) => {
      container.querySelector(".search-summary").textContent = String(error);
      container.setAttribute("aria-busy", "false");
    });
  });
})();
