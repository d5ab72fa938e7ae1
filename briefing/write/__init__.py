"""The write stage: a finished build put in place whole (staging and swap) or
as an update, never deleting what briefing did not write."""
