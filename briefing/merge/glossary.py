"""The merge rule that links glossary terms in each article's body."""

from __future__ import annotations

from dataclasses import replace

from briefing.merge.context import MergeContext, PageDraft
from briefing.model.glossary import Mention
from briefing.text.splice import OneParse


def link_glossary(draft: PageDraft, context: MergeContext) -> PageDraft:
    linked = context.link_terms(draft.body)
    source = linked.source
    return replace(draft, body=linked.markdown, mentions=first_mentions(linked.mentions),
                   parsed=source,
                   one_parse=None if source is None else OneParse(source.tokens, source.links))


def first_mentions(mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The first mention of each term, in reading order: all a term's page shows
    of an article (one sentence) and all the glossary check needs. A page keeps
    them until the listing pages are made, and in the cache; every mention
    would be about four times as many."""
    first: dict[str, Mention] = {}
    for mention in mentions:
        first.setdefault(mention.slug, mention)
    return tuple(first.values())
