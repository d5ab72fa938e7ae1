"""The build API (``api.build``, ``BuildOptions``, ``BuildResult``), the pipeline
that runs the stages, the site lock, and the preview's later search index.
The top of the house below the CLI and the preview: it may import every stage."""
