"""``python -m jianghua``: the command line, as the console script ``jianghua`` runs it."""

from .interfaces.cli import main

main()
