"""One collection, one HTML build per language, side by side.

The builds land in sibling folders named by language code, above or below
the edition (``_build/html/zh_TW/``, ``_build/site/zh_TW/v2026.01/``: the one
rule is ``editions.Layout``), and every page exists in every language of an
edition.  So the same page in another language is always
``<up to the site's root>/<language>/[<edition>/]<same path>``: a relative link
that works from ``file://`` and from any host.  This module gives each page

* ``briefs_languages`` in the template context, for the sidebar switcher;
* ``<link rel="alternate" hreflang=...>`` for every language in ``<head>``;

and writes the landing page ``index.html`` beside the language folders of a
plain build, which sends the reader to the language the browser prefers.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .editions import Layout, is_not_found_page, layout, site_root, to_site_root
from .files import write_atomically

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def bcp47(code: str) -> str:
    """``zh_TW`` (gettext, folder names) as ``zh-TW`` (HTML ``lang``)."""
    return code.replace("_", "-")


#: The languages written in Simplified Chinese characters (the others' Chinese is Traditional).
SIMPLIFIED_CHINESE = frozenset({"zh_CN", "zh_SG"})


def hreflang(code: str) -> str:
    """A language as search engines are told of its pages: Simplified Chinese by its script
    (``zh-Hans``), wherever it is read; any other as ``bcp47``."""
    return "zh-Hans" if code in SIMPLIFIED_CHINESE else bcp47(code)


def add_language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the page its switcher entries and its hreflang alternates."""
    where = layout(app)
    if where is None:
        return
    not_found = is_not_found_page(app, pagename)
    # The not-found page stands for no page of its own: its switcher leads to each language's home.
    target = app.builder.get_target_uri(app.config.root_doc if not_found else pagename)
    to_site = to_site_root(app, pagename, where)
    current = where.language
    entries = []
    for code, name in app.config.briefs_languages.items():
        entries.append(
            {
                "code": code,
                "lang": bcp47(code),
                "name": name,
                "url": to_site + where.home(code) + target,
                "current": code == current,
            }
        )
    context["briefs_languages"] = entries
    if not_found:
        return
    links = [f'<link rel="alternate" hreflang="{lang}" href="{html.escape(href)}">'
             for lang, href in alternates(app, where, target, site_root(app) or to_site)]
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(links)


def alternates(app: Sphinx, where: Layout, target: str, site: str) -> list[tuple[str, str]]:
    """``(hreflang, address)`` of a page (``target``, from its build's root) in every language,
    then ``x-default``, the landing page; ``site`` is the site's root (absolute when the
    site's address is known: html_baseurl ends in this build's folders)."""
    found = [(hreflang(code), site + where.home(code) + target) for code in app.config.briefs_languages]
    return [*found, ("x-default", site + "index.html")]


LANDING_PAGE = """\
<!doctype html>
<html lang="{default_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{first}_static/briefs-favicon.svg">
{alternates}
<script>
(function () {{
  var available = {codes};
  function pick() {{
    try {{
      var saved = localStorage.getItem("briefs-language");
      if (saved && available.indexOf(saved) >= 0) return saved;
    }} catch (e) {{}}
    var wanted = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {{
      var tag = parts(wanted[i] || "");
      // The same language and country; else the same script (zh-Hans, zh-SG: Simplified); else the language.
      var found = first(function (code) {{ return code.join("-") === tag.join("-"); }}) ||
        first(function (code) {{ return code[0] === tag[0] && script(code) && script(code) === script(tag); }}) ||
        first(function (code) {{ return code[0] === tag[0]; }});
      if (found) return found;
    }}
    return available[0];
  }}
  function parts(code) {{ return code.toLowerCase().split(/[-_]/); }}
  function script(tag) {{
    if (tag[1] && tag[1].length === 4) return tag[1];
    return {{cn: "hans", sg: "hans", my: "hans", tw: "hant", hk: "hant", mo: "hant"}}[tag[1]] || "";
  }}
  function first(test) {{
    for (var j = 0; j < available.length; j++) if (test(parts(available[j]))) return available[j];
    return null;
  }}
  location.replace(pick() + "/{home}index.html");
}})();
</script>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 30rem; margin: 4rem auto; padding: 0 1rem; }}
li {{ margin: 0.5rem 0; font-size: 1.25rem; }}
</style>
</head>
<body>
<h1>{title}</h1>
<ul>
{items}
</ul>
</body>
</html>
"""


def landing_page(title: str, languages: dict[str, str], home: str = "") -> str:
    """The site's ``index.html``: a plain list of languages, each linking to
    ``<code>/<home>index.html``; with JavaScript it goes straight on to the
    reader's saved or preferred language."""
    items = "\n".join(
        f'<li><a href="{code}/{home}index.html" hreflang="{bcp47(code)}" lang="{bcp47(code)}">'
        f"{html.escape(name)}</a></li>"
        for code, name in languages.items()
    )
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{hreflang(code)}" href="{code}/{home}index.html">'
        for code in languages
    )
    codes = "[" + ", ".join(f'"{code}"' for code in languages) + "]"
    return LANDING_PAGE.format(
        default_lang=bcp47(next(iter(languages))),
        title=html.escape(title),
        alternates=alternates,
        codes=codes,
        first=f"{next(iter(languages))}/{home}",
        home=home,
        items=items,
    )


def write_landing_page(app: Sphinx, exception: Exception | None) -> None:
    """Write ``index.html`` beside the language folders of a plain build.

    Every language build writes the same bytes, atomically, so the builds can
    run side by side.  (``briefs versions`` writes the site's own.)
    """
    where = None if exception is not None else layout(app)
    if where is None or where.kind != "plain":
        return
    page = landing_page(app.config.project, app.config.briefs_languages)
    write_atomically(Path(app.outdir).parent / "index.html", page)
