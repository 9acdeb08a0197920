"""The workbench's guard: an ASGI middleware in front of every route (pages and static files).

1. ``Host`` header: only the names the server answers for (``allowed_hosts``). A page on another site
   can point a name it controls at 127.0.0.1 (DNS rebinding) and read the corpus through the visitor's
   browser; its requests carry that name in ``Host``, and are refused with 421 (W903).
2. Size: a URL path or query string over the limits is answered 414 (W902) before any route parses it.
3. Headers on every response: a Content-Security-Policy that allows nothing but this server's own style
   sheet and script files (one: the copy buttons of a passage's variants, ``static/copy.js``; no inline
   script runs, so corpus text cannot run any even if a template failed to escape it), no framing by
   other sites, no MIME sniffing, no referrer sent to other sites.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, MutableMapping
from html import escape
from typing import Any

from ... import errors

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")
# A bookmarkable workbench URL is a few hundred bytes (a query of MAX_QUERY_CHARS Han characters,
# percent-encoded, is 9 KB): past these a request is refused before any parsing.
MAX_QUERY_STRING = 16 * 1024
MAX_PATH = 2 * 1024

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                 b" form-action 'self';"
                                 b" frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def allowed_hosts(bind: str, extra: Collection[str] = ()) -> frozenset[str] | None:
    """The ``Host`` names a server bound to ``bind`` answers for: the loopback names for a loopback
    bind, the address itself for another one, anything (None) for a wildcard bind (0.0.0.0, ::) unless
    ``extra`` names hosts; ``extra`` (``serve --allow-host``) is added in every case."""
    names = {_host_name(name) for name in extra}
    if bind in WILDCARD_BINDS:
        return frozenset(names | set(LOOPBACK_HOSTS)) if names else None
    if _host_name(bind) in LOOPBACK_HOSTS:
        return frozenset(names | set(LOOPBACK_HOSTS))
    return frozenset(names | {_host_name(bind)})


def _host_name(host: str) -> str:
    """``host`` without its port, brackets (IPv6) and trailing dot, lower-cased: '[::1]:8765' -> '::1'."""
    host = host.strip().lower()
    if host.startswith("["):
        host = host[1:host.index("]")] if "]" in host else host[1:]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def error_page(status: int, code: str, message: str) -> str:
    """A minimal HTML error page for answers given before the templates (guard, server protocol)."""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{status} · jianghua</title>'
            f'<link rel="stylesheet" href="/static/style.css"></head><body><main><h1>{status}</h1>'
            f'<p class="error">[{escape(code)}] {escape(message)}</p><p><a href="/">Back to the overview</a></p>'
            "</main></body></html>")


class Guard:
    """The middleware (see the module's docstring); ``hosts`` None accepts any ``Host``."""

    def __init__(self, app: ASGIApp, hosts: Collection[str] | None):
        self.app = app
        self.hosts = None if hosts is None else frozenset(_host_name(h) for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self._refusal(scope)
        if refused is not None:
            status, code, message = refused
            await _send_page(send, status, code, message)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        if self.hosts is not None:
            host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
            if _host_name(host) not in self.hosts:
                return 421, "W903", errors.W903.text("cli_host", host=host[:100])
        if len(scope.get("query_string", b"")) > MAX_QUERY_STRING or len(scope.get("raw_path") or scope["path"]) > MAX_PATH:
            return 414, "W902", errors.W902.text(query_bytes=MAX_QUERY_STRING, path_bytes=MAX_PATH)
        return None


async def _send_page(send: Send, status: int, code: str, message: str) -> None:
    body = error_page(status, code, message).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
