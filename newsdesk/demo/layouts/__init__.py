"""One module per demo outlet: how that outlet's server renders an article page.

Each exposes ``SITE`` (an :class:`~newsdesk.demo.layouts.common.Site`) and ``render(story, ctx)``
returning the page as served (HTML, or for text-only outlets the dump a browser or lynx makes).
"""
