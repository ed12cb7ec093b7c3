"""Turning one page into one :class:`~newsdesk.models.Article`.

Modules, from the page inwards:

- ``decode``      bytes -> str, whatever the page claims about its encoding
- ``html``        HTML pages: main text through trafilatura plus the news layer below
- ``metadata``    JSON-LD, OpenGraph, meta tags and htmldate: headline, authors, dates, section...
- ``textdump``    plain-text page dumps (browser innerText, lynx, w3m, html2text, WET)
- ``byline``      "By A and B, Staff Writer" -> ["A", "B"]
- ``agency``      "SOURCE: AFP", "(Reuters) -", "— AP" -> the wire service
- ``furniture``   widget slots, share prompts, "Read more" lines: what is not the body
- ``assemble``    the shared last step: fields + body blocks -> Article (text, counts, language)

Every function here is pure: no network, no database.
"""
