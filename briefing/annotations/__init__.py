"""Editorial annotations: notes anchored to quotes in an article (loader,
anchoring, their Markdown, the render rule that marks quotes, note views)."""
