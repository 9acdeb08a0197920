"""jianghua: a pipeline and toolkit for corpora of Chinese official speeches and reports.

The library comes first; the command line (``jianghua.interfaces.cli``) is a thin layer over it. The
folders say what is where (docs/pipeline.md, "The house"): ``stages`` (the ingest pipeline), ``corpus``
(the database), ``query`` (research queries), ``engines`` (running the stages over many files), ``reuse``,
``training`` and ``interfaces``. The main entry points:

- :func:`jianghua.engines.ingest.ingest_paths` runs the whole per-file pipeline into a SQLite corpus;
- :func:`jianghua.stages.runner.process_page` runs the stages over one page, in memory;
- :func:`jianghua.stages.normalize.normalize` is the script/vocabulary normalizer with an offset map;
- :class:`jianghua.corpus.store.Corpus` opens and queries a corpus database.
"""

__version__ = "0.1.0"
