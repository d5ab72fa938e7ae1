"""The merge rule that links glossary terms in each article's body."""

from __future__ import annotations

from dataclasses import replace

from briefing.merge_context import MergeContext, PageDraft


def link_glossary(draft: PageDraft, context: MergeContext) -> PageDraft:
    linked = context.link_terms(draft.body)
    return replace(draft, body=linked.markdown, mentions=linked.mentions,
                   parsed=linked.source)
