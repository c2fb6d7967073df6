"""The PDF edition of each language: XeLaTeX settings decided per language.

Both editions use xeCJK with Noto CJK TC (Traditional glyphs): the English
one too, since a block published only in Chinese is printed in Chinese.
Briefs are the book's top-level sections (no "CHAPTER"), the fixed strings of
the zh_TW edition are Chinese, and the PDF carries its title, author and
language.  ``scripts/build-pdf`` runs the build and fails on a missing glyph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.builders.latex import default_latex_documents
from sphinx.builders.latex.constants import XELATEX_DEFAULT_FONTPKG

from .derived import convert_for, maintained
from .languages import SIMPLIFIED_CHINESE

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CJK_FONTS = r"""
\setCJKmainfont{Noto Serif CJK @}[BoldFont={Noto Serif CJK @ Bold}]
\setCJKsansfont{Noto Sans CJK @}[BoldFont={Noto Sans CJK @ Bold}]
\setCJKmonofont{Noto Sans Mono CJK @}
% No glue of its own after ASCII punctuation in Chinese text ("北京,但"),
% and none where the text has no space.
\xeCJKsetup{CJKecglue={}, xCJKecglue=false}
"""

#: The LaTeX names of the book's fixed strings, in Traditional Chinese (converted for a derived language).
CHINESE_CAPTIONS = {
    "contentsname": "目錄",
    "indexname": "索引",
    "tablename": "表",
    "figurename": "圖",
    "chaptername": "",
    "partname": "",
}


def configure(app: Sphinx, config: Config) -> None:
    """config-inited: XeLaTeX, fonts, captions and metadata for this language."""
    language = config.language or "en"
    if config.latex_engine == "pdflatex":
        config.latex_engine = "xelatex"
    titles = config.briefs_titles or {}
    source_title = titles.get(maintained(config, language))
    title = titles.get(language) or (source_title and convert_for(config, language, source_title)) \
        or config.html_title or config.project
    if config.briefs_book and config.latex_documents == default_latex_documents(config):
        config.latex_documents = [(config.briefs_book, f"briefs-{language}.tex", title, config.author, "manual")]
    if config.latex_toplevel_sectioning is None:
        config.latex_toplevel_sectioning = "section"  # one section per brief, no "CHAPTER"
    elements = dict(config.latex_elements)
    # As Sphinx does for XeLaTeX: no TeX ligatures, so ' and " print as published.
    elements.setdefault("fontenc", "\\usepackage{fontspec}\n"
                        "\\defaultfontfeatures[\\rmfamily,\\sffamily,\\ttfamily]{}\n\\usepackage{xeCJK}")
    # Noto CJK's Simplified (SC) or Traditional (TC) glyphs.
    region = "SC" if language in SIMPLIFIED_CHINESE else "TC"
    elements.setdefault("fontpkg", XELATEX_DEFAULT_FONTPKG + CJK_FONTS.replace("@", region))
    elements.setdefault("fncychap", "")
    # "Edition 2026-11" on the title page, in the edition's language.
    elements.setdefault("releasename", convert_for(config, language, "版次") if language.startswith("zh") else "Edition")
    # Briefs and their headings are unnumbered, as on the web.
    preamble = [elements.get("preamble", ""), "\\setcounter{secnumdepth}{0}"]
    if language.startswith("zh"):
        # babel runs in English for zh (Sphinx's fallback): give its captions Chinese words.
        captions = "".join(f"\\renewcommand{{\\{name}}}{{{convert_for(config, language, text)}}}"
                           for name, text in CHINESE_CAPTIONS.items())
        preamble.append(f"\\addto\\captionsenglish{{{captions}}}")
        preamble.append(captions)
    pdf_language = language.replace("_", "-")
    preamble.append(f"\\hypersetup{{pdftitle={{{_tex(title)}}}, pdfauthor={{{_tex(config.author)}}}, pdflang={{{pdf_language}}}}}")
    elements["preamble"] = "\n".join(p for p in preamble if p)
    config.latex_elements = elements


def _tex(text: str) -> str:
    return "".join("\\" + ch if ch in "&%$#_{}" else ch for ch in text)
