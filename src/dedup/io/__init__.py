"""Input and output: articles read from files (JSONL, CSV, text, HTML pages) and
reports written (text, JSON ``dedup.report/1``, CSV, HTML).

``readers`` finds the records in files, folders and streams, ``records`` checks each
one against its field names and limits, and ``webpage`` finds the text of a page: they
turn bytes into :class:`dedup.models.Article` (bad records become
:class:`dedup.models.InputProblem` with file and line); ``report``,
``htmlreport`` and ``marks`` render a finished :class:`dedup.models.Report`.
"""
