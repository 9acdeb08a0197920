"""Reading a corpus for research: document filters, full-text search and concordance (``search``), word
statistics (``textstat``), browsing (``browse``) and exports (``export``).

Built on ``jianghua.corpus``; used by the command line and the web workbench.
"""
