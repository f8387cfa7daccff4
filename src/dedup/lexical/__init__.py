"""Copies that share words: LSH bands and the candidate index (``bands``, ``index``), the
lead and shared-key candidates (``leadkeys``, ``sharedkeys``), exact duplicates collapsed
by content hash (``exact``), and verification (``relate``: overlap, containment, lead
reprints; ``passages`` and ``reused``: the reused passages of a partial copy).
"""
