"""Input and output: articles read from files (JSONL, CSV, Parquet, text, HTML pages) and
reports written (text, JSON ``dedup.report/1``, CSV, HTML).

``readers`` and ``webpage`` turn bytes into :class:`dedup.models.Article` (bad records
become :class:`dedup.models.InputProblem` with file and line); ``report``,
``htmlreport`` and ``marks`` render a finished :class:`dedup.models.Report`.
"""
