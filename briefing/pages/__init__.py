"""Pages that list content: stories, topics (tags) and the archive, and the front page.

* :mod:`~briefing.pages.listings`: pure functions from articles to tags and months;
* :mod:`~briefing.pages.render`: their output files and the template helpers
  (``tag_path``, ``story_of``) article pages use.
"""
