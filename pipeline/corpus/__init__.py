"""The corpus database: the ``Corpus`` API (``store``; the read queries behind
``query/`` in ``reads``), the ledger of input files (``ledger``), the tables'
definitions and their numbered migrations.

Everything above (queries, engines, interfaces) reads and writes the database through this package.
"""
