"""Copies that share meaning but few words (translations, rewrites): the multilingual
encoder (``encoding``, ``encoder_pool``, ``encoder``), candidates by lead embedding and
language-independent anchors (``index``, ``leads``, ``anchors``, ``anchor_pairs``), which
languages the encoder reads (``languages``), sentence alignment (``align``, ``texts``),
links by paragraph shape for languages it does not read (``structure``) and the stage
that joins them (``stage``).
"""
