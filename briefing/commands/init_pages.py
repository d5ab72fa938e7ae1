"""The plain pages ``briefing init`` writes: an About page and the desk's
policies, each a template for the editors to write before they publish.

Each page says so in its first paragraph and outlines what readers (and the
International Fact-Checking Network's code of principles, for a desk that signs
it) expect the page to say. site.yml's ``publisher:`` names them
(:data:`POLICY_SLUGS`), so the site's NewsMediaOrganization carries them from
the first build. The masthead is part of the About page rather than a page of
its own: a small desk's "who we are" and "who edits" are one page.
"""

from __future__ import annotations

# site.yml publisher: key → the slug of the page init writes for it
POLICY_SLUGS = {
    "corrections_policy": "corrections-policy",
    "fact_checking_policy": "fact-checking-policy",
    "ethics_policy": "ethics-policy",
    "ownership_funding": "ownership-funding",
    "masthead": "about",
}

_WRITE_FIRST = ("*Write this page before you publish:* `briefing init` wrote it as an "
                "outline. Replace every line with your desk's own words; readers hold you "
                "to what it says.")


def _page(title: str, description: str, outline: str, menu: int | None = None) -> str:
    front = f"---\ntitle: {title}\ndescription: {description}\n"
    if menu is not None:
        front += f"menu: {menu}\n"
    return f"{front}---\n\n{_WRITE_FIRST}\n\n{outline}"


ABOUT = _page("About us", "Who we are, who edits this briefing and how to reach us.", """\
## Who we are

- What this briefing covers, for whom, and since when.
- Whether you are independent, and of whom.

## Masthead

- The editors and writers, by name and role: who is responsible for what is
  published.

## Contact

- How readers reach the desk, and how they ask for a correction (see our
  [corrections policy](../corrections-policy/)).
""", menu=1)

CORRECTIONS_POLICY = _page(
    "Corrections policy", "When and how we correct our reports.", """\
## What we correct

- Mistakes of fact, of quotation and of attribution; what you clarify
  instead (a report that was right but could mislead).

## How a correction appears

- A dated notice on the report, saying what was wrong and what is right; the
  report is never silently changed. Every correction and clarification is
  listed on the [corrections page](../corrections/).

## How to ask for one

- Where readers write, who answers, and how soon.
""")

FACT_CHECKING_POLICY = _page(
    "Fact-checking policy", "How we choose the claims we check, and how we check them.", """\
## Choosing claims

- How you decide what to check, and that you check claims from every side
  alike.

## Sources and method

- The evidence you look for, how you name your sources so readers can check
  them, and whom you ask to respond.

## Ratings

- What each rating means (the rating scale in site.yml, shown on the
  ratings page), and who decides a rating.
""")

ETHICS_POLICY = _page(
    "Ethics policy", "The principles our editors and writers work by.", """\
## Independence and fairness

- That you take no side in the matters you cover, and what staff may not do
  (party membership, campaigning, gifts).

## Conflicts of interest

- How staff declare them, and what happens when one arises.

## Sources

- How you treat sources, and when you grant anonymity.
""")

OWNERSHIP_FUNDING = _page(
    "Ownership and funding", "Who owns this briefing and who pays for it.", """\
## Ownership

- Who owns the briefing, and the legal form of the organisation.

## Funding

- Every source of money above a share you name (grants, donors, advertising,
  subscriptions), each with its amount or share.

## Editorial independence

- That funders have no say in what you cover or conclude.
""")

PAGES = {
    "about": ABOUT,
    "corrections-policy": CORRECTIONS_POLICY,
    "fact-checking-policy": FACT_CHECKING_POLICY,
    "ethics-policy": ETHICS_POLICY,
    "ownership-funding": OWNERSHIP_FUNDING,
}

# site.yml's publisher policies, written under ``publisher:``
SITE_YML_POLICIES = (
    "  # The desk's policies: each the slug of a page in content/pages/ (or an\n"
    "  # absolute https:// address). Write those pages before you publish.\n"
    + "".join(f"  {key}: {slug}\n" for key, slug in POLICY_SLUGS.items()))


def page_files() -> dict[str, str]:
    """Relative path → text of each page."""
    return {f"content/pages/{slug}.md": text for slug, text in PAGES.items()}
