"""An article's text as the anchoring rules see it, found by its slug."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.config.layout import ARTICLES_DIR, article_path
from briefing.config.site import SiteConfig
from briefing.core.errors import Diagnostics
from briefing.core.suggest import did_you_mean
from briefing.core.symlinks import SiteFolders
from briefing.load.articles import load_article
from briefing.load.revisions import with_bodies
from briefing.merge.retired import version_blocks
from briefing.model.site import Article
from briefing.notes.refusal import NoteRefused
from briefing.text.markdown import markdown_parser
from briefing.text.normal import merge_body
from briefing.text.textmap import Block, blocks, counted


@dataclass(frozen=True)
class ArticleText:
    slug: str
    path: Path
    blocks: list[Block]

    @property
    def text(self) -> str:
        """The whole anchoring text, blocks joined by newlines (what the W3C export's
        ``TextPositionSelector`` counts in)."""
        return "\n".join(block.norm.text for block in self.blocks if counted(block))


def article_text(config: SiteConfig, slug: str) -> ArticleText:
    """The blocks the merge stage anchors notes in: the body after the ``normalise``
    rule (the glossary rule adds links, never visible text)."""
    article = find_article(config, slug)
    return ArticleText(slug, article.path,
                       blocks(markdown_parser().parse(merge_body(article.body))))


def earlier_version(config: SiteConfig, slug: str, when: str
                    ) -> tuple[int, ArticleText] | None:
    """The number and text of the article's version of ``when`` (an ISO time, as the
    W3C export's ``TimeState`` gives it), when a later revision replaced it; None
    for the newest version (the article's own text) or a time no version has."""
    article = find_article(config, slug)
    if not article.revisions:
        return None
    content = config.root / config.content_dir
    folders = SiteFolders.of(config.root, config.content_dir)
    versions = with_bodies(article, content, folders, Diagnostics()).revisions
    for revision in versions[:-1]:
        if revision.time.isoformat() == when and revision.body:
            return revision.number, ArticleText(slug, article.path,
                                                version_blocks(revision.body))
    return None


def find_article(config: SiteConfig, slug: str) -> Article:
    """The article with ``slug``: at ``articles/<slug>.md`` as a rule, else whichever
    file says ``slug:`` in its front matter."""
    usual = article_path(config, slug)
    candidates = [usual] if usual.is_file() else []
    folder = config.root / config.content_dir / ARTICLES_DIR
    candidates += sorted(p for p in folder.glob("*.md") if p != usual) if folder.is_dir() else []
    slugs = []
    for path in candidates:
        article = load_article(path, config, Diagnostics())
        if article is not None and article.slug == slug:
            return article
        slugs.append(article.slug if article is not None else path.stem)
    near = did_you_mean(slug, slugs)
    raise NoteRefused("missing", f"no article has the slug '{slug}' "
                      + (f"({near})" if near else "(or it has errors; run briefing check)"))
