"""The pipeline pre-filter: one article at a time against an index of the ones seen
(``filter``: :class:`~dedup.stream.filter.StreamFilter`), kept in SQLite (``store``) or
Redis (``redis_store``), opened by location (``stores``).
"""
