"""Run the jianghua command line from a checkout: ``python cli.py --help``.

The command line lives in ``pipeline/cli.py``, installed as ``jianghua.cli`` (console script
``jianghua``), so no generic top-level ``cli`` module is installed into a user's environment.
"""

from jianghua.cli import main

if __name__ == "__main__":
    main()
