"""One collection, one HTML build per language, side by side.

The builds land in sibling folders named by language code
(``_build/html/en/``, ``_build/html/zh_TW/``), and every page exists in every
language.  So the same page in another language is always
``<up to this build's root>/../<code>/<same path>``: a relative link that works
from ``file://`` and from any host.  This module gives each page

* ``briefs_languages`` in the template context, for the sidebar switcher;
* ``<link rel="alternate" hreflang=...>`` for every language in ``<head>``;

and writes the landing page ``index.html`` beside the language folders, which
sends the reader to the language the browser prefers.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import write_atomically

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def bcp47(code: str) -> str:
    """``zh_TW`` (gettext, folder names) as ``zh-TW`` (HTML ``lang``, ``hreflang``)."""
    return code.replace("_", "-")


def is_language_build(app: Sphinx) -> bool:
    """True for an HTML build laid out as ``<root>/<language>/``."""
    return (
        app.builder.format == "html"
        and app.config.language in app.config.briefs_languages
        and Path(app.outdir).name == app.config.language
    )


def to_build_root(app: Sphinx, pagename: str) -> str:
    """The relative path from a page up to its build's root (``""`` or ``"../../"``)."""
    return "../" * app.builder.get_target_uri(pagename).count("/")


def site_root(app: Sphinx) -> str | None:
    """The absolute address holding every language's folder, from ``html_baseurl``
    ending in ``/<language>/``; None when the address is not laid out so."""
    base = app.config.html_baseurl.rstrip("/")
    language = app.config.language or "en"
    return base[: -len(language)] if base.endswith("/" + language) else None


def add_language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the page its switcher entries and its hreflang alternates."""
    if not is_language_build(app):
        return
    target = app.builder.get_target_uri(pagename)
    to_root = to_build_root(app, pagename)
    current = app.config.language
    entries = []
    for code, name in app.config.briefs_languages.items():
        entries.append(
            {
                "code": code,
                "lang": bcp47(code),
                "name": name,
                "url": f"{to_root}../{code}/{target}",
                "current": code == current,
            }
        )
    context["briefs_languages"] = entries
    # Absolute alternates when the site's address is known (html_baseurl ends in /<language>/).
    site = site_root(app) or f"{to_root}../"
    links = [
        f'<link rel="alternate" hreflang="{e["lang"]}" href="{html.escape(site + e["code"] + "/" + target)}">'
        for e in entries
    ]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(site)}index.html">')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(links)


LANDING_PAGE = """\
<!doctype html>
<html lang="{default_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{first}/_static/briefs-favicon.svg">
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
      var tag = (wanted[i] || "").replace("-", "_");
      for (var j = 0; j < available.length; j++) {{
        var code = available[j];
        if (tag === code || tag.split("_")[0] === code.split("_")[0]) return code;
      }}
    }}
    return available[0];
  }}
  location.replace(pick() + "/index.html");
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


def write_landing_page(app: Sphinx, exception: Exception | None) -> None:
    """Write ``index.html`` beside the language folders: a plain list of languages.

    With JavaScript it goes straight on to the reader's saved or preferred
    language.  Every language build writes the same bytes, atomically, so the
    builds can run side by side.
    """
    if exception is not None or not is_language_build(app):
        return
    languages = app.config.briefs_languages
    items = "\n".join(
        f'<li><a href="{code}/index.html" hreflang="{bcp47(code)}" lang="{bcp47(code)}">'
        f"{html.escape(name)}</a></li>"
        for code, name in languages.items()
    )
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{bcp47(code)}" href="{code}/index.html">'
        for code in languages
    )
    codes = "[" + ", ".join(f'"{code}"' for code in languages) + "]"
    page = LANDING_PAGE.format(
        default_lang=bcp47(next(iter(languages))),
        title=html.escape(app.config.project),
        alternates=alternates,
        codes=codes,
        first=next(iter(languages)),
        items=items,
    )
    path = Path(app.outdir).parent / "index.html"
    write_atomically(path, page)
