"""The pipeline pre-filter: one article at a time against an index of the ones seen
(``filter``: :class:`~dedup.stream.filter.StreamFilter`). The index is behind one
interface (``store``: what an index keeps and how it is read and written), kept in
SQLite (``sqlite_store``) or Redis (``redis_store``), opened by location (``stores``).
"""
