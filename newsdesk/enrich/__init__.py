"""Enrichment: what newsdesk learns about an article once it is stored.

- ``entities``: people, organisations and places (spaCy, the optional ``newsdesk[nlp]`` extra),
  normalised within an article and across articles;
- ``keywords``: key phrases (YAKE);
- ``similarity``: how alike two articles are (terms and entities by default; sentence embeddings
  with the optional ``newsdesk[semantic]`` extra);
- ``threads``: online story threads (each new article joins a thread or starts one);
- ``pipeline/enrich.py`` runs these stages on each stored article.
"""
