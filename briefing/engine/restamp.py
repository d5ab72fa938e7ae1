"""Up to date after all: saying so when only the inputs' times moved.

When a build's stamp differs from the last one, the inputs whose time moved
are compared by their bytes (input_bytes.py). If none changed, and the output
is as the last build left it, the build has nothing to do: the new stamp is
taken as the last build's, so the next build finds nothing changed by sizes
and times alone (build/api.py saves it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from briefing.engine.incremental import BuildCache
from briefing.engine.input_bytes import InputChanges, input_changes
from briefing.engine.stamp import Stamp


def compare_inputs(cache: BuildCache, inputs: Stamp) -> InputChanges:
    """Which inputs changed by their bytes since the last build, kept for this
    build (``cache.changed_inputs``): compared with the times and digests the
    cache holds (the preview's) or the store does."""
    before = (cache.input_times, cache.input_digests) if cache.input_times else \
        cache.source.inputs() if cache.source is not None else None
    times, digests = before if before is not None else (None, {})
    cache.changed_inputs = input_changes(cache.last, inputs, times, digests,
                                         cache.file_times)
    return cache.changed_inputs


def restamp(cache: BuildCache, inputs: Stamp, output_dir: Path,
            stamp_output: Callable[[dict[str, str]], Stamp]) -> bool:
    """Take ``inputs`` as the last build's stamp, when no input changed by its
    bytes (:func:`compare_inputs`) and the output is as that build left it: by
    its files' sizes and times, or else by their bytes (a deploy's restored
    output), whose stamp ``stamp_output`` then takes again. False, and nothing
    taken, otherwise."""
    last, changes = cache.last, cache.changed_inputs
    if last is None or changes is None or not changes.none \
            or last.output_dir != str(output_dir):
        return False
    outputs = last.outputs
    if not cache.output.unchanged(last, output_dir):
        if last.written is None and cache.source is not None:
            last.written = cache.source.written()
        if not cache.output.intact(last, output_dir) or last.written is None:
            return False
        outputs = stamp_output(last.written)
    cache.last = replace(last, inputs=inputs, outputs=outputs)
    return True
