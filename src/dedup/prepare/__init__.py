"""Everything known about one article on its own, computed once: normalised text and
tokens, language, dates and credits from the text, boilerplate and table rows, prose
sentences, scripts and transliteration, and its fingerprints (``shingle``, ``tokenhash``:
shingle hashes from token code points; ``signature``: MinHash). ``article.parse`` builds
the :class:`~dedup.prepare.article.PreparedArticle` every later stage reads; ``parallel``
spreads it over processes.
"""
