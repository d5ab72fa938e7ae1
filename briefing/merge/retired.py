"""Notes retired by a revision (``retired_in: N``): checked, never moved.

A revision of the wire copy can remove the words a note is about. The note is
then not anchored in the article's new text (where it could only land on a
look-alike passage); the editor marks it ``retired_in: N`` and readers see it
with the words as they stood in version N-1 ("In the version of 10:05 this
report said …"). The quote must be found in that version by the usual rules,
or the build says so.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.annotations.anchor import exact_matches, find_anchor
from briefing.merge.context import MergeContext
from briefing.model.annotation import Anchor, Annotation, RetiredNote
from briefing.model.site import Article
from briefing.text.markdown import markdown_parser
from briefing.text.normal import anchoring_text
from briefing.text.textmap import Block, blocks, counted


def version_blocks(body: str) -> list[Block]:
    """The blocks a reader sees in a version's body, as anchoring reads them."""
    return blocks(markdown_parser().parse(body))


def retire(note: Annotation, article: Article, current: list[Block],
           context: MergeContext) -> RetiredNote | None:
    """The retired note anchored in the version before ``retired_in``; None, after
    an error, when there is no such revision or the quote is not in it."""
    diag, number = context.diagnostics, note.retired_in or 0
    versions = article.revisions
    if not 2 <= number <= len(versions):
        have = "no revisions" if len(versions) < 2 else "only revision 2" \
            if len(versions) == 2 else f"revisions 2 to {len(versions)}"
        diag.error(note.path, note.retired_line or note.line, f"annotation '{note.id}': "
                   f"retired_in: {number}, but the article has {have}",
                   "name the revision whose text no longer has the quote")
        return None
    before = versions[number - 2]
    found = version_blocks(before.body)
    result = find_anchor(note, found)
    if not isinstance(result, Anchor):
        message = result.message.replace("is not in the article",
                                         f"is not in revision {before.number}")
        diag.error(note.path, note.quote_line, f"{message} ({before.label}, the version "
                   f"revision {number} replaced)", "quote the words as that version had them")
        return None
    if result.fuzzy:  # as for a placed note: the editor should know, and fix the quote
        diag.warning(note.path, note.quote_line, f"annotation '{note.id}': quote not found "
                     f"exactly in revision {before.number}; anchored to “{result.exact}” "
                     f"({result.score:.0f}% similar, paragraph {result.block + 1})",
                     "quote the words as that version had them")
    if exact_matches(anchoring_text(note.quote), current):
        diag.warning(note.path, note.line, f"annotation '{note.id}': retired in revision "
                     f"{number}, but the article still has the quote",
                     "remove 'retired_in:' to show the note beside it")
    offset = sum(len(block.norm.text) + 1 for block in found[:result.block] if counted(block))
    anchor = replace(result, text_start=offset + result.start, text_end=offset + result.end)
    text = "\n".join(block.norm.text for block in found if counted(block))
    return RetiredNote(note, before, anchor, text)
