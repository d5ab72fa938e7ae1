"""News prose: sentences, paragraphs and whole article bodies from templates.

A body is a list of :class:`Block`s that keep, beside their Markdown, the text
a reader sees (links without their targets), so annotation quotes can be
chosen from what briefing will search.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from benchmarks.vocabulary import Term

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
GROUPS = ("farmers", "lorry drivers", "refugee families", "local officials", "students",
          "shopkeepers", "border guards", "engineers", "teachers", "fishermen", "nurses",
          "railway workers", "pensioners", "miners")
TOPICS = ("grain exports", "rail freight", "electricity prices", "water supplies",
          "border trade", "school reopenings", "road repairs", "gas deliveries",
          "pension payments", "housing grants", "mobile coverage", "bus services",
          "fuel imports", "hospital funding")
ACTIONS = ("reopen the border crossing", "resume direct flights", "restore the rail link",
           "share river water", "exchange detainees", "open a consulate",
           "lift the trade ban", "clear the minefields", "rebuild the bridge",
           "hold a joint census")

SENTENCES = (
    "Officials in {place} said on {weekday} that {count} {group} had been moved away from the {concept}.",
    "The plan, drafted over {n} months, would give {place} control of {n} kilometres of road.",
    "{person} told reporters that talks with {place} had made real progress on {topic}.",
    "According to figures released by the {org}, trade between {place} and {place} rose by {pct} percent in {year}.",
    "Residents of {place} described queues of up to {n} hours at the checkpoint outside the town.",
    "{surname} has repeatedly said that {place} will not give up its claim to the {concept}.",
    "The {org} estimates that {count} {group} still depend on aid deliveries to {place}.",
    "In {month} {year}, {person} walked out of a meeting in {place} after {n} hours.",
    "Diplomats say the sticking point is who will police the {concept} once it opens.",
    "A second round of talks is planned in {place} before the end of {month}.",
    "{place} has asked for {money} to repair {topic} damaged during the fighting.",
    "The agreement does not mention {place}, whose {group} fear being left out.",
    "Critics in {place} said the deal rewards delay and does little for {topic}.",
    "{surname} is expected to present the text to parliament in {place} in {month}.",
    "Satellite images published last {month} show new construction near {place}.",
    "Prices for {topic} in {place} have risen by {pct} percent since {month}.",
    "The {org} said it had registered {count} complaints about {topic} this year.",
    "Neither side has published a map of the {concept}, which runs for about {n} kilometres.",
    "Observers from {place} were allowed to visit {place} for the first time since {year}.",
    "{person} said the first convoy could cross as early as {weekday}.",
    "Local media in {place} reported that {count} {group} attended a rally on {weekday}.",
    "The last attempt to settle the dispute collapsed in {year} over the status of {place}.",
    "Under the draft, {place} would keep its customs posts but open them to {group}.",
    "Analysts note that {topic} accounts for {pct} percent of the budget of {place}.",
    "{surname} thanked the mediators and called the meeting in {place} constructive.",
    "The {org} will publish a full report on {topic} by the end of {month}.",
    "{place}'s {group} have staged protests over {topic} since {month}.",
    "A spokesman for the {org} declined to comment on the {concept}.",
    "Engineers from {place} have begun surveying the route, which crosses {n} rivers and two mountain passes.",
    "The {org} has not said how the work on {topic} would be paid for, or by whom.",
    "Opposition deputies in {place} called for a referendum before any document is signed.",
    "Asked about the {concept}, {surname} said only that the talks would continue.",
    "Trade between the two sides has fallen by {pct} percent since the border closed in {year}.",
    "Some {count} {group} crossed into {place} last year, according to the {org}.",
    "{person} is due to travel to {place} on {weekday} for talks with the {org}.",
    "Aid groups working in {place} say {topic} remains the most urgent need for {group}.",
    "The road from {place} to {place} has been closed to civilian traffic for {n} years.",
    "A previous plan for {topic}, announced in {year}, was never put into practice.",
    "Bankers in {place} expect the deal to cut the cost of {topic} by about a fifth.",
    "Elections in {place} are due in {month}, and the vote could change the government's stance.",
    "At least {n} villages near {place} still have no regular supply of {topic}.",
    "The {org} said inspectors would visit {place} every {n} weeks once the plan takes effect.",
    "Both governments have promised to publish the full text within {n} days of signing.",
    "In {place}, {group} gathered outside the town hall to demand news of relatives.",
    "A poll published in {month} found that {pct} percent of voters in {place} back the talks.",
    "The last time the two leaders met, in {month} {year}, they agreed only to keep talking.",
    "Officials in {place} insist that the {concept} must be settled before anything else.",
    "The mediators have proposed a timetable of {n} months for the first stage.",
    "Police in {place} detained {n} protesters on {weekday}, a local rights group said.",
)
QUOTES = (
    "We will not accept any deal that leaves {place} without access to {topic}",
    "This is a day our grandparents waited for",
    "The {concept} is not a bargaining chip",
    "Nobody in {place} should have to wait {n} hours to cross a bridge",
    "We have agreed on the principles, and the details will follow by {month}",
    "Every family that left {place} must be able to return",
    "Our {group} have paid for this conflict for {n} years",
    "There is still no agreement on the {concept}, and we will not pretend otherwise",
    "We expect the first trains to run before {month}",
    "The numbers speak for themselves: {pct} percent more {topic} than last year",
    "We are ready to sign tomorrow if {place} is ready too",
    "Nothing is agreed until everything is agreed",
    "The people of {place} deserve to know what is being negotiated in their name",
    "This deal was written for the {group}, not for the politicians",
    "We cannot rebuild {topic} with promises",
    "Patience is not the same as surrender",
)
SAID = (" said.", " said on {weekday}.", " told reporters in {place}.", " said in a statement.",
        " added.", " told a news conference in {place}.")
HEADINGS = ("What was agreed", "Reaction in {place}", "What happens next", "The road to {place}",
            "Background", "The numbers", "Who gains", "The view from {place}", "Open questions",
            "A long dispute")
ITEMS = (
    "{count} {group} to return to {place} by {month}",
    "a joint commission on the {concept}, meeting every {n} weeks",
    "{money} for {topic} in {place}",
    "customs posts at {place} and {place} open day and night",
    "the release of {n} detainees held since {year}",
    "a timetable for {topic}, reviewed by the {org}",
    "new crossing points near {place}",
)
TITLES = (
    "{place} and {place} agree to {action}",
    "{short} says {topic} will resume by {month}",
    "Talks on the {concept} stall in {place}",
    "{org} warns of delays to {topic}",
    "{place} protests over plan to {action}",
    "Leaders meet in {place} as deadline on the {concept} nears",
)
DEKS = (
    "The decision follows {n} months of talks and affects {count} {group}.",
    "Officials say the first steps could come by {month}.",
    "Critics in {place} say the plan leaves too much undecided.",
)


@dataclass(frozen=True)
class Block:
    """One Markdown block and the visible text of each of its CommonMark blocks."""

    markdown: str
    texts: tuple[str, ...]
    kind: str  # paragraph | heading | list
    labels: tuple[str, ...] = ()  # the text of its links


@dataclass
class Cast:
    """The names one article uses, handed out in turn so that every one is mentioned."""

    rng: random.Random
    places: Sequence[Term]
    persons: Sequence[Term]
    organisations: Sequence[Term]
    concepts: Sequence[Term]
    introduced: set[str] = field(default_factory=set)
    turns: dict[str, int] = field(default_factory=dict)
    decks: dict[str, list[str]] = field(default_factory=dict)

    def draw(self, key: str, pool: Sequence[str]) -> str:
        """The next template of a shuffled deck, so an article rarely repeats one."""
        deck = self.decks.get(key)
        if not deck:
            deck = self.decks[key] = self.rng.sample(list(pool), len(pool))
        return deck.pop()

    def next(self, kind: str, members: Sequence[Term]) -> Term:
        turn = self.turns.get(kind, 0)
        self.turns[kind] = turn + 1
        return members[turn % len(members)]

    def place(self) -> str:
        return self.next("place", self.places).name

    def person(self) -> str:
        """The next person: the full name at the first mention, the surname afterwards."""
        return self._introduce(self.next("person", self.persons))

    surname = person  # templates say {surname} where the text reads better that way

    def speaker(self, term: Term) -> str:
        return self._introduce(term)

    def _introduce(self, term: Term) -> str:
        if term.name in self.introduced:
            return term.short
        self.introduced.add(term.name)
        return term.name

    def organisation(self) -> str:
        term = self.next("organisation", self.organisations)
        return term.short if term.name in self.introduced else self._introduce(term)

    def concept(self) -> str:
        return self.next("concept", self.concepts).name


def fill(template: str, cast: Cast, capitalise: bool = True) -> str:
    """``template`` with every ``{slot}`` filled by a fresh value."""
    rng = cast.rng
    slots: dict[str, Callable[[], str]] = {
        "place": cast.place, "person": cast.person, "surname": cast.surname,
        "org": cast.organisation, "concept": cast.concept,
        "short": lambda: cast.next("person", cast.persons).short,
        "n": lambda: str(rng.randrange(2, 60)),
        "count": lambda: f"{rng.randrange(120, 48000):,}",
        "pct": lambda: f"{rng.randrange(2, 60)}.{rng.randrange(10)}",
        "money": lambda: f"${rng.randrange(5, 900)} million",
        "year": lambda: str(rng.choice((2019, 2020, 2021, 2022, 2023, 2024))),
        "month": lambda: rng.choice(MONTHS), "weekday": lambda: rng.choice(WEEKDAYS),
        "group": lambda: rng.choice(GROUPS), "topic": lambda: rng.choice(TOPICS),
        "action": lambda: rng.choice(ACTIONS),
    }
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(slots[name]())
    text = "".join(parts)
    return text[0].upper() + text[1:] if capitalise else text


def sentence(cast: Cast) -> str:
    return fill(cast.draw("sentence", SENTENCES), cast)


def quotation(cast: Cast, words: str | None = None, speaker: Term | None = None) -> str:
    """``“…,” Surname said.``: a quotation attributed to one of the cast."""
    said = fill(cast.rng.choice(SAID), cast, capitalise=False)
    who = cast.speaker(speaker) if speaker else cast.surname()
    return f"“{words or fill(cast.draw('quote', QUOTES), cast)},” {who}{said}"


def paragraph(cast: Cast, sentences: int, quote: str | None = None) -> Block:
    parts = [sentence(cast) for _ in range(sentences)]
    if quote is not None:
        parts.insert(1 if sentences > 1 else 0, quote)
    text = " ".join(parts)
    return Block(text, (text,), "paragraph")


def linked_paragraph(cast: Cast, label: str, url: str) -> Block:
    """A paragraph whose middle sentence holds a Markdown link."""
    before, after = sentence(cast), sentence(cast)
    lead = f"The details were set out in {label}"
    return Block(f"{before} {lead.replace(label, f'[{label}]({url})')}. {after}",
                 (f"{before} {lead}. {after}",), "paragraph", (label,))


def heading(cast: Cast, used: set[str]) -> Block:
    while True:
        text = fill(cast.rng.choice(HEADINGS), cast)
        if text not in used:
            used.add(text)
            return Block(f"## {text}", (text,), "heading")


def bullet_list(cast: Cast, items: int = 4) -> Block:
    texts = tuple(fill(t, cast, capitalise=False) for t in cast.rng.sample(ITEMS, items))
    return Block("\n".join(f"- {t}" for t in texts), texts, "list")


@dataclass(frozen=True)
class BodyPlan:
    """What an article body must hold besides generated prose."""

    statement_url: str  # an outside link
    related_slug: str | None  # another article, linked relatively
    story_quote: str | None  # the words a story's articles all quote
    story_speaker: Term | None  # who says them


def body(cast: Cast, plan: BodyPlan) -> list[Block]:
    """About 800 words: a lede, three sections with headings, a list, quotations, two links."""
    rng = cast.rng
    used: set[str] = set()
    blocks = [paragraph(cast, 3)]
    blocks.append(paragraph(cast, 2, quotation(cast, plan.story_quote, plan.story_speaker)))
    blocks.append(paragraph(cast, 3))
    for section in range(3):
        blocks.append(heading(cast, used))
        blocks.append(paragraph(cast, 3, quotation(cast) if section != 1 else None))
        if section == 0:
            label = f"a statement published by the {cast.organisation()}"
            blocks.append(linked_paragraph(cast, label, plan.statement_url))
        if section == 1:
            blocks.append(Block("The draft seen by reporters provides for:",
                                ("The draft seen by reporters provides for:",), "paragraph"))
            blocks.append(bullet_list(cast))
        blocks.append(paragraph(cast, 4))
        blocks.append(paragraph(cast, 3, quotation(cast) if section == 2 else None))
    if plan.related_slug:
        blocks.append(linked_paragraph(cast, "an earlier report", f"../{plan.related_slug}/"))
    blocks.append(paragraph(cast, rng.choice((3, 4))))
    return blocks


def markdown(blocks: Sequence[Block]) -> str:
    return "\n\n".join(b.markdown for b in blocks) + "\n"


def word_count(blocks: Sequence[Block]) -> int:
    return sum(len(text.split()) for b in blocks for text in b.texts)
