"""Which member of a cluster is the original, and the evidence: dates, credits,
publishers and wire copy (``origin``), the source language of translation families
(``direction``), web addresses (``domains``).
"""
