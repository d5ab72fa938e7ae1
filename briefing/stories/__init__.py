"""Stories: one event, several sources, compared side by side.

* :mod:`~briefing.model.story`: the :class:`Story` dataclass;
* :mod:`~briefing.stories.loader`: ``content/stories/*.yml``, ``story:`` and
  ``original:`` checks (load stage);
* :mod:`~briefing.stories.comparison`: a story's articles through
  :mod:`briefing.compare` (quotations, diffs, quality of the copy as filed);
* :mod:`~briefing.listings.stories`: what the story page and front page show.
"""
