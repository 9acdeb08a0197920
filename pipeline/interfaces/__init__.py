"""The ways in: the ``jianghua`` command line (``cli``, ``cli_research``) and the web workbench (``web``).

Thin layers over the library: they parse arguments, call ``query``, ``corpus``, ``engines`` and
``training``, and turn coded errors into messages and exit statuses. They build no SQL.
"""
