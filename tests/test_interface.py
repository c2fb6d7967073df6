"""The theme's hard-coded English becomes translatable."""

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
