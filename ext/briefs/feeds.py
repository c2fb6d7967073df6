"""Per-language feeds and data: an Atom feed of the newest briefs, a JSON catalog.

Both are derived from the domain at the end of an HTML build and carry no
build timestamp, so serial, parallel and incremental builds write the same
bytes.  Links are absolute, from ``html_baseurl``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from .domain import BriefRecord, BriefsDomain, signature
from .editions import layout, site_root
from .files import write_atomically
from .i18n import format_partial_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

FEED = "feed.xml"
CATALOG = "briefs.json"


def language_urls(app: Sphinx, record: BriefRecord) -> dict[str, str]:
    """The brief's page in every language, absolute where the base URL allows."""
    target = app.builder.get_target_uri(record.docname)
    root, where = site_root(app), layout(app)
    if root is not None and where is not None:
        return {code: root + where.home(code) + target for code in app.config.briefs_languages}
    return {app.config.language or "en": app.config.html_baseurl.rstrip("/") + f"/{target}"}


def catalog_entry(app: Sphinx, record: BriefRecord) -> dict[str, Any]:
    glossary = app.env.briefs_glossary  # type: ignore[attr-defined]
    language = app.config.language
    brief = record.brief
    return {
        "id": record.id,
        "title": record.title,
        "title_composed": record.title_composed,
        "authors": list(brief.authors),
        "source": brief.source,
        "source_name": glossary.term("sources", brief.source).name(language) if brief.source else None,
        "date": {
            "iso": brief.date.iso(),
            "precision": brief.date.precision,
            "published": brief.date_text,
            "display": format_partial_date(brief.date, language),
        } if brief.date else None,
        "keywords": [
            {"key": glossary.term("keywords", k).key, "name": glossary.term("keywords", k).name(language)}
            for k in brief.keywords
        ],
        "url": brief.url,
        "digest_url": brief.digest_url,
        "digest_title": brief.digest_title,
        "series": brief.series,
        "part": brief.part,
        "urls": language_urls(app, record),
    }


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    domain: BriefsDomain = app.env.get_domain("brief")  # type: ignore[assignment]
    records = sorted(domain.by_id().values(), key=BriefRecord.sort_key, reverse=True)
    if records and not app.config.html_baseurl:
        logger.warning("html_baseurl (or briefs_site_url) is not set: the feed's links cannot be absolute",
                       type="briefs", subtype="feed")
    outdir = Path(app.outdir)
    inputs = signature((app.builder.build_info.config_hash, domain.collection_signature()))  # type: ignore[attr-defined]
    stamp = Path(app.doctreedir) / f"briefs-feeds-{app.builder.name}.txt"
    if (outdir / CATALOG).is_file() and (outdir / FEED).is_file() and _read(stamp) == inputs:
        return  # nothing they are made from changed
    entries = [catalog_entry(app, r) for r in records]
    catalog = {"language": app.config.language, "briefs": entries}
    write_atomically(outdir / CATALOG, json.dumps(catalog, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    write_atomically(outdir / FEED, atom_feed(app, records[: app.config.briefs_feed_length], entries))
    write_atomically(stamp, inputs)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _timestamp(record: BriefRecord) -> dt.datetime:
    day = record.brief.date.as_date() if record.brief.date else dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def atom_feed(app: Sphinx, records: list[BriefRecord], entries: list[dict[str, Any]]) -> bytes:
    from feedgen.feed import FeedGenerator  # here: feedgen imports lxml (8 ms), and most builds write no feed

    base = app.config.html_baseurl.rstrip("/") + "/"
    feed = FeedGenerator()
    feed.id(base + FEED)
    feed.title(app.config.html_title or app.config.project)
    feed.language((app.config.language or "en").replace("_", "-"))
    feed.link(href=base + FEED, rel="self")
    feed.link(href=base, rel="alternate")
    feed.generator("briefs")
    feed.updated(_timestamp(records[0]) if records else dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    by_id = {e["id"]: e for e in entries}
    for record in reversed(records):  # feedgen puts the last added first
        data = by_id[record.id]
        entry = feed.add_entry()
        url = base + app.builder.get_target_uri(record.docname)
        entry.id(url)
        entry.title(record.title)
        entry.link(href=url)
        for author in record.brief.authors:
            entry.author(name=author)
        entry.updated(_timestamp(record))
        summary = " · ".join(x for x in [", ".join(record.brief.authors), data["source_name"] or "",
                                         data["date"]["display"] if data["date"] else ""] if x)
        entry.summary(summary)
        for keyword in data["keywords"]:
            entry.category(term=keyword["key"], label=keyword["name"])
    return feed.atom_str(pretty=True)
