"""The collection's glossary: each keyword and known source in every language.

``glossary.yaml`` at the repository root::

    keywords:
      Russian Strategic Autonomy:      # the English name is the key
        zh_TW: 俄羅斯戰略自主
    sources:
      Foreign Affairs:
        zh_TW: 外交事務

A brief may give a keyword or source in any language; the glossary finds its
entry (case and width folded) so that it shows in the reader's language and
lists under one page.  No Sphinx import: the importer and the checker use it.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from slugify import slugify

from .digest import is_chinese
from .files import write_atomically

KINDS = ("keywords", "sources")
# libyaml's loader when PyYAML has it: the pure-Python one took 0.12 s of every
# build for a 200-keyword glossary.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class GlossaryProblem:
    """A brief's keyword or source the glossary lacks; ``field`` is the metadata key it is on."""

    field: str
    message: str
    error: bool


class GlossaryError(ValueError):
    """A glossary file that cannot be read; the message names file and line."""


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def slug(text: str) -> str:
    """A stable ASCII path segment for a name in any script (``王小明`` -> ``wang-xiao-ming``)."""
    return slugify(text) or "x" + text.encode("utf-8").hex()[:16]


@dataclass(frozen=True)
class Term:
    """One glossary entry: its English key and its name in each other language."""

    key: str
    names: dict[str, str] = field(default_factory=dict)

    def name(self, language: str | None) -> str:
        return self.names.get(language or "en", self.key)


@dataclass
class Glossary:
    keywords: dict[str, Term] = field(default_factory=dict)
    sources: dict[str, Term] = field(default_factory=dict)
    file: str = "glossary.yaml"  # its name, in messages

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the name lookup after entries were added."""
        self._lookup: dict[str, dict[str, Term]] = {}
        for kind in KINDS:
            index: dict[str, Term] = {}
            for term in getattr(self, kind).values():
                index[_fold(term.key)] = term
                for name in term.names.values():
                    index.setdefault(_fold(name), term)
            self._lookup[kind] = index

    def find(self, kind: str, text: str) -> Term | None:
        """The entry a keyword or source refers to, by any of its names (a source also as
        digests give it in both languages: ``某某研究中心 Center for Something Studies``)."""
        term = self._lookup[kind].get(_fold(text))
        if term is None and kind == "sources":
            from .titles import split_source

            english, chinese = split_source(text)
            if chinese:
                term = self._lookup[kind].get(_fold(english)) or self._lookup[kind].get(_fold(chinese))
        return term

    def term(self, kind: str, text: str) -> Term:
        """The entry for ``text``, or an ad-hoc one (keyed by the text itself) if unknown."""
        return self.find(kind, text) or Term(text)

    def unknown_keywords(self, keywords: list[str]) -> list[str]:
        """The keywords the glossary has no entry for, by any name: the one rule the build,
        the checker and the importer apply."""
        return [keyword for keyword in keywords if self.find("keywords", keyword) is None]

    def problems(self, keywords: list[str], source: str | None, language: str | None) -> list[GlossaryProblem]:
        """What a brief's keywords and source lack: an entry (error) or, given a ``language``,
        a name in it (note); each message says what to add where."""
        found = [GlossaryProblem("keywords", self._missing("keywords", keyword, language), True)
                 for keyword in self.unknown_keywords(keywords)]
        if source and self.find("sources", source) is None:
            found.append(GlossaryProblem("source", self._missing("sources", source, language), True))
        if language is None:
            return found
        for kind, field_name, texts in (("keywords", "keywords", keywords),
                                        ("sources", "source", [source] if source else [])):
            for term in filter(None, (self.find(kind, text) for text in texts)):
                # A term keyed by its Chinese name lacks the English one; any other, the language's.
                missing = "en" if is_chinese(term.key) and "en" not in term.names else (
                    language if language not in term.names else None)
                if missing:
                    name = "English" if missing == "en" else missing
                    found.append(GlossaryProblem(field_name, f"{kind[:-1]} {term.key!r} has no {name} name in the "
                                                 f"glossary: add '{missing}: <its name>' under it in {self.file}",
                                                 False))
        return found

    def _missing(self, kind: str, text: str, language: str | None) -> str:
        """How to add an entry for ``text``: the English name is the key, the other names below it."""
        other = language or "zh_TW"
        shape = (f"'<its English name>: {{{other}: {text}}}'" if is_chinese(text)
                 else f"'{text}: {{{other}: <its name>}}'")
        return f"{kind[:-1]} {text!r} is not in the glossary: add it to {self.file} under '{kind}:', as {shape}"

    def terms(self) -> list[Term]:
        """Every entry, keywords then sources."""
        return [term for kind in KINDS for term in getattr(self, kind).values()]

    def chinese_terms(self) -> list[str]:
        """Every non-English name, for the search dictionary."""
        return sorted({name for term in self.terms() for name in term.names.values()})


def load(path: Path) -> Glossary:
    """Read ``glossary.yaml``; a missing file is an empty glossary."""
    if not path.is_file():
        return Glossary()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise GlossaryError(f"{path}:{line}: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict) or not set(data) <= set(KINDS):
        raise GlossaryError(f"{path}:1: top-level keys must be among {', '.join(KINDS)}")
    glossary = Glossary(file=path.name)
    for kind in KINDS:
        entries = data.get(kind) or {}
        if not isinstance(entries, dict):
            raise GlossaryError(f"{path}:1: {kind!r} must map names to translations")
        terms = {}
        for key, names in entries.items():
            if names is not None and not isinstance(names, dict):
                raise GlossaryError(f"{path}:1: {kind}: {key!r} must map language codes to names")
            terms[str(key)] = Term(str(key), {str(lang): str(name) for lang, name in (names or {}).items()})
        setattr(glossary, kind, terms)
    glossary.reindex()
    return glossary


def add_terms(path: Path, kind: str, new: dict[str, dict[str, str]]) -> None:
    """Add entries to the glossary file (the importer's door), after the others of their
    section: the file is edited, not rewritten (its comments, order and layout stay;
    ruamel.yaml's round trip)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml_rt = YAML()
    yaml_rt.indent(mapping=2, sequence=4, offset=2)
    yaml_rt.width = 4096  # no folding of long names
    data = yaml_rt.load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if data is None:
        data = CommentedMap()
    if data.get(kind) is None:
        data[kind] = CommentedMap()
    section = data[kind]
    for key, names in new.items():
        if key not in section:
            section[key] = CommentedMap(names) if names else None
    buffer = io.StringIO()
    yaml_rt.dump(data, buffer)
    write_atomically(path, buffer.getvalue())
