"""Make the theme's own interface strings translatable.

furo wraps most of its strings in ``_()``, but some are written into its
templates as plain English: ``aria-label`` and ``title`` attributes and the
``<title>`` of its SVG icons ("Contents", "Toggle site navigation sidebar").
A zh_TW reader (and a screen reader) would meet them in English.

These pieces fix that without copying furo's templates:

* :class:`TemplateLoader` (Sphinx's ``template_bridge``) rewrites those
  literals into ``_()`` calls as the theme's templates are loaded (and keeps
  the compiled templates beside the doctrees, so that an incremental build
  does not compile them again);
* :func:`add_theme_messages` puts every translatable string of the theme's
  templates, rewritten the same way, and of Sphinx's own scripts, into
  ``sphinx.pot`` when the gettext builder runs, so ``make intl`` maintains
  ``locale/<lang>/LC_MESSAGES/sphinx.po`` like any other catalog;
* :func:`complete_script_translations` fills the script messages that Sphinx's
  own catalog leaves empty (zh_TW has no text for "Search finished, found ...
  pages", so the search page showed a blank summary) from that catalog.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx
from babel.messages.extract import extract_javascript
from jinja2 import FileSystemBytecodeCache
from sphinx.builders.gettext import MsgOrigin
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.theming import HTMLThemeFactory

from .files import write_atomically

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from jinja2 import Environment
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.theming import Theme

# An English literal: starts with a capital, words and a few signs, no markup.
_LITERAL = r"[A-Z][A-Za-z0-9 ,./'()-]*[A-Za-z)]"
_ATTRIBUTE = re.compile(r'\b(aria-label|title|alt)="(' + _LITERAL + r')"')
_SVG_TITLE = re.compile(r"<title>(" + _LITERAL + r")</title>")


def translatable_source(source: str) -> str:
    """Wrap a theme template's hard-coded English literals in ``_()``."""
    source = _ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{{{{ _({m.group(2)!r})|e }}}}"', source)
    return _SVG_TITLE.sub(lambda m: f"<title>{{{{ _({m.group(1)!r})|e }}}}</title>", source)


class TemplateLoader(BuiltinTemplateLoader):
    """Sphinx's template loader, with the theme's literals made translatable."""

    def init(self, builder: Builder, theme: Theme | None = None, dirs: list[str] | None = None) -> None:
        super().init(builder, theme, dirs)
        # Compiling furo's templates took 0.18 s of every build.  Jinja keys the
        # cache by template and checks the source's checksum; the compiled code
        # also depends on the i18n extension, hence one folder for each case.
        i18n = "i18n" if "jinja2.ext.InternationalizationExtension" in self.environment.extensions else "plain"
        cache = Path(builder.doctreedir) / "briefs-templates" / i18n
        cache.mkdir(parents=True, exist_ok=True)
        self.environment.bytecode_cache = FileSystemBytecodeCache(str(cache))
        # Templates do not change during a build, and a build makes a new loader:
        # Jinja need not stat every template file again for every page it renders
        # (26,800 times for 1,000 briefs, about 15 templates a page).
        self.environment.auto_reload = False

    def render_string(self, source: str, context: dict[str, Any]) -> str:
        """Render a template given as text, compiled once: Sphinx renders the
        theme's ``*.jinja`` static files (``documentation_options.js`` and the
        like) on every build, compiling each from its text (6 ms a build)."""
        environment = self.environment
        cache = environment.bytecode_cache
        if cache is None:
            return super().render_string(source, context)
        name = "string-" + hashlib.sha1(source.encode("utf-8")).hexdigest()  # one cache entry per text
        bucket = cache.get_bucket(environment, name, None, source)
        if bucket.code is None:
            bucket.code = environment.compile(source)
            cache.set_bucket(bucket)
        template = environment.template_class.from_code(environment, bucket.code, environment.make_globals(None))
        return template.render(context)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if filename and self._is_theme_file(filename):
            source = translatable_source(source)
        return source, filename, uptodate

    def _is_theme_file(self, filename: str) -> bool:
        # The project's own templates come first in the chain; leave them alone.
        project_dirs = self.pathchain[: self.templatepathlen]
        return not any(Path(filename).is_relative_to(d) for d in project_dirs)


def theme_template_files(app: Sphinx) -> list[Path]:
    """Every template of the HTML theme and the themes it inherits from.

    Creating the theme runs the theme's ``setup()``; outside an HTML build we
    want its folders only, so the event handlers it connects are taken off
    again (furo's would write an HTML stylesheet into the gettext output).
    """
    connected = {event: list(listeners) for event, listeners in app.events.listeners.items()}
    if sphinx.version_info >= (9,):  # keyword arguments; the positional app is removed in Sphinx 10
        factory = HTMLThemeFactory(confdir=app.confdir, app=app, config=app.config, registry=app.registry)
    else:
        factory = HTMLThemeFactory(app)
    theme = factory.create(app.config.html_theme)
    for event, listeners in app.events.listeners.items():
        listeners[:] = [listener for listener in listeners if listener in connected.get(event, ())]
    # Sphinx's own themes (basic) are translated by Sphinx's catalogs already.
    sphinx_themes = Path(sphinx.__file__).parent / "themes"
    dirs = [Path(d) for d in theme.get_theme_dirs() if not Path(d).is_relative_to(sphinx_themes)]
    files = {p for d in dirs for p in d.rglob("*.html")}
    return sorted(files)


def add_theme_messages(app: Sphinx) -> None:
    """Add the theme's interface strings to the gettext builder's ``sphinx`` catalog."""
    if app.builder.name != "gettext":
        return
    template_files = theme_template_files(app)
    extract = app.builder.templates.environment.extract_translations
    catalog = app.builder.catalogs["sphinx"]
    for message, _plural, path, line in script_messages():
        catalog.add(message, MsgOrigin(source=str(path), line=line))
    for path in template_files:
        source = translatable_source(path.read_text(encoding="utf-8"))
        for line, _function, message in extract(source):
            if isinstance(message, str):
                catalog.add(message, MsgOrigin(source=str(path), line=line))



SPHINX_SCRIPTS = Path(sphinx.__file__).parent / "themes" / "basic" / "static"
_SCRIPT_KEYWORDS = ("_", "Documentation.gettext", "ngettext", "Documentation.ngettext")


def script_messages() -> Iterator[tuple[str, bool, Path, int]]:
    """The messages of Sphinx's own scripts (search page, highlighting).

    Yields ``(message, is_plural, file, line)``.  A plural message is keyed by
    its singular, as ``translations.js`` keys it; its translation in our
    catalog is the text for every count, with ``${resultCount}`` in it.
    """
    for path in sorted(SPHINX_SCRIPTS.glob("*.js")):
        with path.open("rb") as script:
            for line, _function, message, _comments in extract_javascript(script, _SCRIPT_KEYWORDS, [], {}):
                if isinstance(message, tuple):
                    yield message[0], True, path, line
                else:
                    yield message, False, path, line


def complete_script_translations(app: Sphinx, exception: Exception | None) -> None:
    """Fill empty or missing entries of ``_static/translations.js`` from the catalogs."""
    path = Path(app.outdir, "_static", "translations.js")
    if exception is not None or app.builder.format != "html" or not path.is_file():
        return
    head, _, rest = path.read_text(encoding="utf-8").partition("(")
    data = json.loads(rest[: rest.rindex(")")])
    messages = data["messages"]
    changed = False
    for message, plural, _path, _line in script_messages():
        known = messages.get(message)
        if known and all(known if isinstance(known, list) else [known]):
            continue
        translated = app.translator.gettext(message)
        if translated and translated != message:
            # One form serves every count (exact for zh, nplurals=1).
            messages[message] = [translated] if plural else translated
            changed = True
    if changed:
        write_atomically(path, f"{head}({json.dumps(data, ensure_ascii=False, indent=4, sort_keys=True)});\n")
