"""Pages that list articles, rendered after the article pages: the front page,
story pages, topics, the archive and the glossary pages."""
