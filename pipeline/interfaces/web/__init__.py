"""``jianghua serve``: a local web workbench over the corpus database (read-only).

Starlette with Jinja2 templates: a small, well-kept ASGI toolkit with autoescaping templates, enough for
thin views over the same library functions the command line uses. Every page has a bookmarkable URL
(the query in the URL) and a JSON twin (``?format=json``). Corpus text is untrusted: templates
autoescape everything, and all SQL is parameterized in the library.
"""

from .app import create_app

__all__ = ["create_app"]
