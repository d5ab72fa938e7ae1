"""Who said a quotation: attribution within its sentence, resolved to a surname.

Comparing sources needs "same speaker" more than it needs the speaker's full
title, and wire services name the same person differently ("President Donald
Trump", "Trump"). So a speaker is the *last capitalised word* of the name
that an attribution verb points at: "Azerbaijani President Ilham Aliyev" →
"Aliyev".

Only the quotation's own sentence is read (sentence ends outside quotation
marks; "Mr." or "U.S." do not end one), at most :data:`WINDOW` characters
on either side, and the text of every *other*
quotation in it is masked, so a quoted word is never taken for a name. In
order:

1. **After the quotation** (the sentence continues after the closing mark):
   ``"…," Trump remarked`` / ``"…," said President Trump`` /
   ``"…," Trump, who hosted the talks, said`` give the name next to the verb.
   ``"…," she said`` is an explicit attribution to an unnamed person: the
   speaker is unknown and step 2 is not tried.
2. **Before the quotation**: the attribution verb nearest to the quotation
   (``stating,``, ``called the agreement a``, ``claiming that … a``,
   ``labeling the event as a``) and then, walking back from that verb, the
   nearest capitalised word that can be a name. That finds the subject of a
   participle ("Aliyev emphasized the necessity for peace, stating, "…"" →
   Aliyev) and skips a relative clause ("President Trump, who hosted the
   meeting, heralded the signing as "historic"" → Trump). A passive verb
   ("was called") is not an attribution. ``according to X`` attributes to X.
3. Otherwise the speaker is unknown (None).

While walking back, possessives (Trump's administration) are not speakers;
sentence-initial function words (The, In, During …), titles (President,
Minister …), weekdays and months are not names; a subject pronoun (he, she,
they, we, I; not "it", which is usually an object there: "called it") stops
the walk with "unknown". The verbs are configurable
(:data:`ATTRIBUTION_VERBS`); names are not looked up anywhere, so an
organisation ("the Kremlin said") is a speaker too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from briefing.core.typography import SENTENCE_END

ATTRIBUTION_VERBS: frozenset[str] = frozenset("""
say says said saying state states stated stating remark remarks remarked remarking
add adds added adding tell tells told telling note notes noted noting
call calls called calling claim claims claimed claiming hail hails hailed hailing
label labels labeled labelled labeling labelling herald heralds heralded heralding
emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising
stress stresses stressed stressing warn warns warned warning insist insists insisted
insisting declare declares declared declaring announce announces announced announcing
describe describes described describing write writes wrote writing ask asks asked
reply replies replied replying explain explains explained explaining argue argues
argued arguing vow vows vowed vowing tweet tweets tweeted tweeting
""".split())

PRONOUNS = frozenset("he she they we i you it".split())  # "…," it said
SUBJECT_PRONOUNS = frozenset("he she they we i".split())  # never objects: "called it" is no stop
PASSIVE = frozenset("is are was were be been being".split())
NOT_NAMES = frozenset("""
the a an in on at of for to from by with as and but or so yet if when while during
after before since despite however meanwhile this that these those it its their his
her our my your there here both all some many several speaking asked according
president prime minister secretary senator sen rep representative governor gov mayor
chancellor king queen prince princess pope general gen mr mrs ms dr sir dame lord lady
chairman chairwoman chair spokesman spokeswoman spokesperson ambassador foreign deputy
vice premier leader chief justice judge officer commissioner director officials
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december
""".split())
ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt prof "
                          "vs no u.s u.k u.n e.g i.e etc".split())

QUOTE_TOKEN = "_quote_"
WINDOW = 400  # characters read on each side of a quotation, within its sentence
# A word keeps inner apostrophes, dots and hyphens (U.S., Trump's) and a trailing
# apostrophe (Armenians'), so a plural possessive is never mistaken for a name.
_TOKEN = re.compile(r"\w(?:[\w'\u2019.-]*\w)?['\u2019]?|[^\w\s]")
# A sentence end (the one rule) before the start of another sentence.
_SENTENCE_END = re.compile(SENTENCE_END.pattern + "(?=\\s+[\"\u201c\u2018(\\w])")


def inside(spans: Sequence[tuple[int, int]], position: int) -> bool:
    """True when ``position`` is strictly inside one of the sorted, disjoint ``spans``."""
    index = bisect_left(spans, (position, position)) - 1
    return index >= 0 and spans[index][0] < position < spans[index][1]


def sentence_bounds(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence; ends inside a quotation or after "Mr." do not count."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if inside(spans, end):
            continue
        word = _last_word(text, match.start())
        if word.casefold().lstrip("(\"'\u201c\u2018") in ABBREVIATIONS:
            continue
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _last_word(text: str, end: int) -> str:
    """The last whitespace-separated word of ``text[:end]`` ("" if none), as
    ``text[:end].rsplit(None, 1)[-1]`` but read backwards from ``end``: copying
    the text up to each sentence end took time growing with the square of a
    paragraph's length."""
    stop = end
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    start = stop
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:stop]


def tokens(text: str) -> list[str]:
    """Words (see ``_TOKEN``) and single punctuation marks."""
    return _TOKEN.findall(text)


def is_verb(token: str, verbs: frozenset[str]) -> bool:
    """Case-insensitive, so a sentence-initial "Said" still counts."""
    return token.casefold() in verbs


def name_word(token: str) -> bool:
    """A capitalised word that can end a person's name: not a title, function word or possessive."""
    if not token[:1].isupper() or token.casefold() in NOT_NAMES:
        return False
    return not token.endswith(("'s", "\u2019s", "'", "\u2019"))


def name_run_end(words: Sequence[str], start: int) -> int:
    """Index just past the run of capitalised words starting at ``start`` (titles included)."""
    end = start
    while end < len(words) and words[end][:1].isupper() and words[end] != QUOTE_TOKEN:
        end += 1
    return end


def surname(words: Sequence[str], start: int, end: int) -> str | None:
    """The last word of ``words[start:end]`` that can be a name."""
    for word in reversed(words[start:end]):
        if name_word(word):
            return word
    return None


def masked(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> str:
    """``text[start:end]`` with each quotation (or part of one) in it replaced by a placeholder."""
    first = bisect_left(spans, (start, start))
    if first > 0 and spans[first - 1][1] > start:
        first -= 1
    pieces, cursor = [], start
    for span_start, span_end in spans[first:bisect_left(spans, (end, end))]:
        pieces.append(text[cursor:max(cursor, span_start)])
        pieces.append(f" {QUOTE_TOKEN} ")
        cursor = min(max(cursor, span_end), end)
    pieces.append(text[cursor:end])
    return "".join(pieces)


def _after_relative_clause(words: Sequence[str], index: int) -> int:
    """Skip ", who hosted the meeting," after a name; return where the verb should be."""
    if index < len(words) and words[index] == ",":
        for close in range(index + 1, min(len(words), index + 16)):
            if words[close] == ",":
                return close + 1
    return index


def after_quotation(words: Sequence[str], verbs: frozenset[str]) -> tuple[bool, str | None]:
    """Attribution right after the closing mark: (found, speaker); found with None = "she said"."""
    first = next((i for i, word in enumerate(words) if word[:1].isalnum() or word == QUOTE_TOKEN),
                 len(words))
    words = words[first:]
    if len(words) < 2:
        return False, None
    if is_verb(words[0], verbs):
        name = surname(words, 1, name_run_end(words, 1))
        return name is not None, name
    if words[0].casefold() in PRONOUNS and is_verb(words[1], verbs):
        return True, None
    end = name_run_end(words, 0)
    verb_at = _after_relative_clause(words, end)
    if end and verb_at < len(words) and is_verb(words[verb_at], verbs):
        name = surname(words, 0, end)
        return name is not None, name
    return False, None


def according_to(words: Sequence[str]) -> str | None:
    """The name after the last "according to", if any."""
    for index in range(len(words) - 2, -1, -1):
        if words[index].casefold() == "according" and words[index + 1].casefold() == "to":
            return surname(words, index + 2, name_run_end(words, index + 2))
    return None


def subject_before(words: Sequence[str], verb_at: int) -> str | None:
    """Walking back from a verb: the nearest name, or None at a pronoun or the sentence start."""
    for word in reversed(words[:verb_at]):
        if word.casefold() in SUBJECT_PRONOUNS:
            return None
        if name_word(word):
            return word
    return None


def before_quotation(words: Sequence[str], verbs: frozenset[str]) -> str | None:
    """Speaker from the nearest active attribution verb before the opening mark."""
    named = according_to(words)
    if named is not None:
        return named
    for index in range(len(words) - 1, -1, -1):
        passive = index > 0 and words[index - 1].casefold() in PASSIVE
        if is_verb(words[index], verbs) and not passive:
            return subject_before(words, index)
    return None


def attribute(text: str, span: tuple[int, int], spans: Sequence[tuple[int, int]],
              bounds: Sequence[tuple[int, int]],
              verbs: frozenset[str] = ATTRIBUTION_VERBS) -> str | None:
    """The speaker of the quotation at ``span``, by the rules in the module docstring."""
    found_at = bisect_right(bounds, (span[0], len(text) + 1)) - 1
    start, end = bounds[found_at] if found_at >= 0 else (0, len(text))
    start, end = max(start, span[0] - WINDOW), min(end, span[1] + WINDOW)
    found, name = after_quotation(tokens(masked(text, span[1], end, spans)), verbs)
    if found:
        return name
    return before_quotation(tokens(masked(text, start, span[0], spans)), verbs)
