"""The theme's hard-coded English becomes translatable; its templates compile once."""

from pathlib import Path

import pytest
from briefs.interface import translatable_source


def test_attribute_and_svg_title_literals_are_wrapped() -> None:
    source = '<input aria-label="Toggle site navigation sidebar"><svg><title>Contents</title></svg>'
    assert translatable_source(source) == (
        '<input aria-label="{{ _(\'Toggle site navigation sidebar\')|e }}">'
        "<svg><title>{{ _('Contents')|e }}</title></svg>"
    )


def test_markup_and_template_expressions_are_left_alone() -> None:
    source = '<a title="{{ next.title }}"><title>{{ docstitle }}</title><img alt="">'
    assert translatable_source(source) == source


@pytest.mark.sphinx("html", testroot="collection")
def test_string_templates_render_as_jinja_renders_them_and_compile_once(app) -> None:  # noqa: ANN001
    """The theme's static ``*.jinja`` files are rendered from text on every
    build; the loader keeps their compiled code, and renders the same text."""
    app.build()
    loader = app.builder.templates
    source = "{{ _('Search') }}: {{ pages|length }} {% if found %}found{% endif %} v{{ version }}"
    context = {"pages": [1, 2], "found": True, "version": "1.0"}
    expected = loader.environment.from_string(source).render(context)
    cache = Path(app.builder.doctreedir) / "briefs-templates"
    before = set(cache.rglob("*"))
    assert loader.render_string(source, context) == expected
    made = set(cache.rglob("*")) - before
    assert len(made) == 1  # compiled once, kept
    assert loader.render_string(source, {**context, "found": False}) == expected.replace("found", "")
    assert set(cache.rglob("*")) - before == made  # the second render used it
    documentation_options = (app.outdir / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    assert "VERSION:" in documentation_options and "{{" not in documentation_options
