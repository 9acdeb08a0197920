"""Running the workbench: uvicorn over HTTP/1.1 (h11), with one change to how it refuses a request.

uvicorn answers a request line or header block that outgrows h11's buffer, or malformed HTTP, with 400
and closes the socket at once; the client is still sending its (huge) URL, so the kernel resets the
connection and the client never reads the answer. Here such a request gets an HTML page (414 W902 for
an oversized request line, 431 for oversized headers, 400 otherwise), the sending side is shut, and
what the client still sends is read and dropped for a moment before the socket closes, so the client
reads the answer.
"""

from __future__ import annotations

from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ... import errors
from .guard import SECURITY_HEADERS, error_page

# h11 holds an incomplete request (request line and headers) in a buffer of at most this many bytes;
# the guard refuses query strings over 16 KiB, so every URL up to then reaches it whole.
MAX_REQUEST_HEAD = 64 * 1024
# after refusing: read and drop at most this much, for at most this long, then close
DRAIN_BYTES = 256 * 1024 * 1024
DRAIN_SECONDS = 5.0


class RefusingH11Protocol(H11Protocol):
    """uvicorn's h11 protocol; a request it cannot take is answered and drained, not reset."""

    draining = False
    drained = 0

    def data_received(self, data: bytes) -> None:
        if self.draining:
            self.drained += len(data)
            if self.drained > DRAIN_BYTES:
                self.transport.close()
            return
        super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        pending, _closed = self.conn.trailing_data
        if len(pending) > MAX_REQUEST_HEAD:
            status, reason, code = ((414, "URI Too Long", "W902") if b"\r\n" not in pending
                                    else (431, "Request Header Fields Too Large", "W902"))
            text = errors.W902.text("head", head_bytes=MAX_REQUEST_HEAD)
        else:
            status, reason, code = 400, "Bad Request", "W907"
            text = errors.W907.text()
        body = error_page(status, code, text).encode("utf-8")
        head = [f"HTTP/1.1 {status} {reason}", "content-type: text/html; charset=utf-8",
                f"content-length: {len(body)}", "connection: close",
                *(f"{k.decode()}: {v.decode()}" for k, v in SECURITY_HEADERS)]
        self.transport.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        self.draining = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(DRAIN_SECONDS, self.transport.close)


def run(app: Any, host: str, port: int) -> None:
    """Serve ``app`` on ``host``:``port`` until interrupted."""
    uvicorn.run(app, host=host, port=port, log_level="warning", http=RefusingH11Protocol,
                h11_max_incomplete_event_size=MAX_REQUEST_HEAD)
