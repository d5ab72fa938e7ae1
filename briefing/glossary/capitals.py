"""The words the near-miss check weighs: capitalised words and word pairs.

A word is a run of letters, digits, ``'`` and ``-`` that starts with a letter
and ends with a letter or digit (:data:`WORD`, read left to right). The check
weighs each word that starts with a capital letter and lies outside every
glossary match: alone if it has at least ``min_length`` characters, and with
the word right after it (one character between) if that word lies outside too.

News prose is mostly lower-case words, and looking at every word in Python
cost most of the check (issue 18). So :func:`capitalised` finds the capital
letters with one regular expression and reads a word only where one starts a
word as the left-to-right reading has it (``McDonald`` holds no word at
``D``). It knows the capital letters of the Latin script (up to U+024F); a
text with any other letter is read word by word as before
(:func:`_word_by_word`), and the tests hold both readings equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]")
_LATIN_END = 0x250
_CAPITALS = "".join(re.escape(chr(code)) for code in range(_LATIN_END)
                    if chr(code).isupper() and WORD.fullmatch(chr(code)))
_BEYOND_LATIN = re.compile(r"[^\x00-\u024f]+")  # quotes and dashes, mostly
# A capital letter not right after a letter: where a capitalised word may start
# (the class first, so the regex engine skips to the next capital at C speed).
_CANDIDATE = re.compile(rf"[{_CAPITALS}](?<![^\W\d_].)")


def capitalised(text: str, covered: bytearray | None, min_length: int) -> Iterator[str]:
    """The capitalised words and word pairs of ``text`` in reading order (see the
    module); ``covered``: 1 at each offset a glossary match covers, or None."""
    if any(WORD.search(run) for run in _BEYOND_LATIN.findall(text)):
        yield from _word_by_word(text, covered, min_length)
        return
    for capital in _CANDIDATE.finditer(text):
        start = capital.start()
        if (covered is not None and covered[start]) or _inside_word(text, start):
            continue
        word = WORD.match(text, start)
        found = word.group()  # type: ignore[union-attr]  # a capital is a word
        if len(found) >= min_length:
            yield found
        after = WORD.match(text, word.end() + 1)  # type: ignore[union-attr]
        if after is not None and not (covered is not None and covered[after.start()]):
            pair = f"{found} {after.group()}"
            if len(pair) >= min_length + 3:
                yield pair


def _inside_word(text: str, at: int) -> bool:
    """Whether a word read from the left has begun before ``at``: a letter in the
    run of word characters, ``'`` and ``-`` that ends there (``12Ab`` reads
    ``Ab``, ``x12Ab`` one word). A word never starts one character after
    another ends, so the word after a word is the one :data:`WORD` reads there."""
    while at > 0:
        char = text[at - 1]
        if not (char.isalnum() or char in "_'-"):
            return False
        if not char.isdecimal() and char != "_" and char.isalnum():
            return True  # a letter: \w, not \d, not "_"
        at -= 1
    return False


def _word_by_word(text: str, covered: bytearray | None, min_length: int) -> Iterator[str]:
    """:func:`capitalised`, looking at every word in turn."""
    words = [w for w in WORD.finditer(text) if covered is None or not covered[w.start()]]
    last = len(words) - 1
    for index, word in enumerate(words):
        found = word.group()
        if not found[0].isupper():
            continue  # neither a name nor the first word of one
        if len(found) >= min_length:
            yield found
        if index < last and words[index + 1].start() == word.end() + 1:
            pair = f"{found} {words[index + 1].group()}"
            if len(pair) >= min_length + 3:
                yield pair
