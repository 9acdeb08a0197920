"""Run the jianghua command line from a checkout: ``python cli.py --help``.

The command line lives in ``pipeline/interfaces/cli.py``, installed as ``jianghua.interfaces.cli`` (console
script ``jianghua``; also ``python -m jianghua``), so no generic top-level ``cli`` module is installed into a
user's environment.
"""

from jianghua.interfaces.cli import main

if __name__ == "__main__":
    main()
