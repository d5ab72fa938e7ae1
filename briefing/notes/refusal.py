"""Why a note was not written: one exception, with a reason the caller maps to its
own answer (an HTTP status in the preview, an exit code on the command line)."""

from __future__ import annotations

from typing import Literal

Reason = Literal["invalid", "conflict", "missing", "refused"]


class NoteRefused(Exception):
    """Nothing was written; ``message`` says why in words an editor can act on."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
