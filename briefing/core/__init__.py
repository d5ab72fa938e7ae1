"""The ground floor: errors and diagnostics, YAML with lines, the schema of
fields, suggestions, reading files, the symlink rule, URLs, slugs, dates,
typography, hashing, remembered kinds, output files, and the worker pool.
Imports nothing else of briefing."""
