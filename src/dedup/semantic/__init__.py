"""Copies that share meaning but few words (translations, rewrites): the multilingual
encoder (``encoding``, ``encoder_pool``), candidates by lead embedding and
language-independent anchors (``index``), sentence alignment (``align``) and the stage
that joins them (``stage``).
"""
