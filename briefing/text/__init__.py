"""Text and Markdown shared by every stage and feature: the reading parser,
visible-text and source maps, named normal forms, the one escaper, the one
front-matter writer, repeated-paragraph detection, nesting checks."""
