"""jianghua: a pipeline and toolkit for corpora of Chinese official speeches and reports.

The library comes first; ``jianghua.cli`` is a thin layer over it. The main entry points:

- :func:`jianghua.ingest.ingest_paths` runs the whole per-file pipeline into a SQLite corpus;
- :func:`jianghua.normalize.normalize` is the script/vocabulary normalizer with an offset map;
- :class:`jianghua.store.Corpus` opens and queries a corpus database.
"""

__version__ = "0.1.0"
