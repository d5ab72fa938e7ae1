"""Names and word pools for the generated corpus.

Every proper name the prose uses (places, people, bodies) is invented from
syllables with a seeded RNG and becomes a glossary term, so the glossary's
matcher and its checks get realistic work; a few common-noun terms
(``case_sensitive: false``) stand for the concepts news copy keeps repeating.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

ONSETS = ("b", "d", "g", "k", "l", "m", "n", "r", "s", "t", "v", "z",
          "sh", "kh", "ch", "j", "y", "h", "f", "p", "ts", "dz")
VOWELS = ("a", "a", "e", "i", "o", "u", "a", "e", "o")
CODAS = ("n", "r", "l", "s", "k", "m", "z", "sh", "t")
PLACE_ENDINGS = ("", "an", "ar", "abad", "evi", "ovo", "ask", "in", "ur", "eli", "et", "avan")
PLACE_PREFIXES = ("Upper ", "Lower ", "Port ", "Lake ", "Mount ")
SURNAME_ENDINGS = ("ov", "ova", "yan", "eli", "ev", "ani", "ian", "enko", "adze", "zada")
FIRST_ENDINGS = ("", "a", "an", "ur", "it", "el")

ORG_ADJECTIVES = ("Regional", "National", "Joint", "Highland", "Coastal", "Northern",
                  "Southern", "Eastern", "Western", "Central", "Federal", "Provincial")
ORG_SUBJECTS = ("Transit", "Energy", "Water", "Border", "Grain", "Customs", "Railway",
                "Pipeline", "Refugee", "Election", "Housing", "Mining")
ORG_BODIES = ("Commission", "Authority", "Council", "Agency", "Board", "Office")

CONCEPTS = ("transit corridor", "ceasefire line", "border demarcation", "peace framework",
            "customs union", "water-sharing accord", "prisoner exchange",
            "de-mining programme", "land swap", "observer mission")
CONCEPT_DEFINITIONS = {
    "transit corridor": "A road or rail route across one country's territory that another "
                        "country's goods and people may use, under terms both agree.",
    "ceasefire line": "The line where the forces of two sides stopped when the fighting "
                      "ended; it is not a recognised border.",
    "border demarcation": "Marking an agreed border on the ground, with posts and maps, "
                          "after its line has been settled on paper (delimitation).",
    "peace framework": "A document setting out the principles and the order of steps of a "
                       "settlement, without the detail a treaty needs.",
    "customs union": "States that charge no duties on trade among themselves and one "
                     "common tariff on goods from outside.",
    "water-sharing accord": "An agreement on how much water each side may take from a "
                            "river or reservoir they share, and when.",
    "prisoner exchange": "The return of detainees held by each side, usually in equal "
                         "numbers and on the same day.",
    "de-mining programme": "Clearing mines and unexploded shells from former front lines, "
                           "usually over many years and with outside money.",
    "land swap": "An exchange of territory between two states, often of enclaves or "
                 "villages cut off by a border.",
    "observer mission": "Unarmed monitors sent by an international organisation to report "
                        "on a ceasefire or an election.",
}

REGIONS = ("north", "south", "east", "west", "south-east", "north-west", "highlands",
           "coastal plain", "river valley")
PLACE_KINDS = ("town", "city", "district", "province", "village", "port", "river valley",
               "mountain pass", "enclave")
ECONOMIES = ("farming", "mining", "transit trade", "fishing", "tourism")
PROFESSIONS = ("lawyer", "diplomat", "economist", "journalist", "army officer")
ROLES = ("foreign minister", "prime minister", "mayor", "chief negotiator", "governor",
         "defence minister", "opposition leader", "spokeswoman", "spokesman",
         "energy minister", "deputy speaker", "economy minister")

TAGS = ("Diplomacy", "Energy", "Transport", "Security", "Elections", "Trade", "Water",
        "Agriculture", "Refugees", "Human rights", "Economy", "Borders", "Railways",
        "Pipelines", "Courts", "Media", "Health", "Education", "Climate", "Mining",
        "Tourism", "Labour", "Housing", "Corruption", "Defence", "Migration", "Finance",
        "Telecoms", "Aviation", "Customs", "Infrastructure", "Parliament", "Sanctions",
        "Religion", "Culture", "Sport", "Environment", "Technology", "Science", "Justice")
SOURCES = ("Wire report A", "Wire report B", "Regional News Agency", "Caspian Dispatch",
           "Morning Wire", "Highland Press Service")


@dataclass(frozen=True)
class Term:
    """A glossary term and how the prose refers to it."""

    kind: str  # place | person | organisation | concept
    name: str
    short: str  # what later mentions use (a surname, an acronym, or the name)
    aliases: tuple[str, ...]
    definition: str
    case_sensitive: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Vocabulary:
    places: tuple[Term, ...]
    persons: tuple[Term, ...]
    organisations: tuple[Term, ...]
    concepts: tuple[Term, ...]
    authors: tuple[str, ...]

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.places + self.persons + self.organisations + self.concepts


class NamePool:
    """Invents names that are unique (case-insensitively) across the whole glossary."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def syllable(self) -> str:
        coda = self.rng.choice(CODAS) if self.rng.random() < 0.3 else ""
        return self.rng.choice(ONSETS) + self.rng.choice(VOWELS) + coda

    def stem(self, syllables: int) -> str:
        return "".join(self.syllable() for _ in range(syllables)).capitalize()

    def unique(self, make: Callable[[], str], *others: str) -> str:
        """A fresh name from ``make`` that is taken by nothing else."""
        while True:
            name = make()
            if len(name) >= 5 and name.casefold() not in self.taken \
                    and all(o.casefold() not in self.taken for o in others):
                self.taken.add(name.casefold())
                return name

    def reserve(self, name: str) -> bool:
        if name.casefold() in self.taken:
            return False
        self.taken.add(name.casefold())
        return True


def make_vocabulary(rng: random.Random, terms: int = 200) -> Vocabulary:
    """``terms`` glossary terms: 45 % places, 40 % people, the rest bodies and concepts."""
    pool = NamePool(rng)
    concepts = tuple(Term("concept", c, c, (), CONCEPT_DEFINITIONS[c], case_sensitive=False)
                     for c in CONCEPTS[:max(1, terms // 20)])
    for concept in concepts:
        pool.reserve(concept.name)
    organisations_n = max(1, terms // 10)
    places_n = (terms - len(concepts) - organisations_n) * 45 // 85
    persons_n = terms - len(concepts) - organisations_n - places_n
    places = tuple(_place(pool) for _ in range(places_n))
    persons = tuple(_person(pool, rng, places) for _ in range(persons_n))
    organisations = tuple(_organisation(pool, rng, places) for _ in range(organisations_n))
    authors = tuple(f"{pool.stem(2)} {pool.stem(2)}" for _ in range(12))
    return Vocabulary(places, persons, organisations, concepts, authors)


def _place(pool: NamePool) -> Term:
    rng = pool.rng

    def make() -> str:
        name = pool.stem(rng.choice((2, 2, 3))) + rng.choice(PLACE_ENDINGS)
        return rng.choice(PLACE_PREFIXES) + name if rng.random() < 0.12 else name

    name = pool.unique(make)
    population = rng.randrange(2, 900) * 1000
    kind = rng.choice(PLACE_KINDS)
    region = rng.choice(REGIONS)
    economy = rng.choice(ECONOMIES)
    definition = (f"{'An' if kind[0] in 'aeiou' else 'A'} {kind} in the {region} of the "
                  f"region, with about {population:,} inhabitants. Its economy rests on "
                  f"{economy}, and it has changed hands more than once since 1991.")
    return Term("place", name, name, (), definition)


def _person(pool: NamePool, rng: random.Random, places: tuple[Term, ...]) -> Term:
    surname = pool.unique(lambda: pool.stem(2) + rng.choice(SURNAME_ENDINGS))
    first = pool.stem(rng.choice((1, 2))) + rng.choice(FIRST_ENDINGS)
    name = f"{first} {surname}"
    pool.reserve(name)
    role = rng.choice(ROLES)
    home = rng.choice(places).name
    since = rng.randrange(2012, 2025)
    profession = rng.choice(PROFESSIONS)
    rounds = rng.randrange(2, 14)
    definition = (f"The {role} of {home} since {since}. Before that {surname} was a "
                  f"{profession} and led the delegation to {rounds} rounds of talks.")
    return Term("person", name, surname, (surname,), definition)


def _organisation(pool: NamePool, rng: random.Random, places: tuple[Term, ...]) -> Term:
    def make() -> str:
        return " ".join((rng.choice(ORG_ADJECTIVES), rng.choice(ORG_SUBJECTS),
                         rng.choice(ORG_BODIES)))

    name = pool.unique(make)
    acronym = "".join(word[0] for word in name.split())
    aliases = (acronym,) if pool.reserve(acronym) else ()
    definition = (f"A body set up in {rng.randrange(1994, 2024)} to oversee "
                  f"{name.split()[1].lower()} matters across the region; its seat is in "
                  f"{rng.choice(places).name}.")
    return Term("organisation", name, aliases[0] if aliases else name, aliases, definition)
