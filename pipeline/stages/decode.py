"""Stage ``decode``: the bytes of one input file to text, or a quarantine with a reason.

Order of decisions (first match wins):
1. empty file; a binary signature (PNG, ZIP, PDF, GZIP, JPEG, GIF, ...);
2. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32): decode strictly with it, then the same binary
   checks as without one (NUL or control bytes after a UTF-8 BOM; after a UTF-16/32 BOM, text that
   does not read as Chinese or ASCII text is binary: random bytes decode to any code point);
3. UTF-16 without a BOM, recognised by NUL bytes at every other position;
4. NUL or control bytes in quantity: binary;
5. strict UTF-8;
6. the legacy Chinese encodings, chosen from the bytes by charset-normalizer and confirmed by a strict
   decode (GB18030 covers GBK and GB2312; Big5 with its HKSCS superset);
7. UTF-8 with a few invalid sequences (at most ``lossy_max_share`` of the bytes): decoded with U+FFFD
   and *flagged* in the ledger (code J101), never silently;
8. otherwise quarantined as undecodable.
Nothing is ever decoded with ``errors="ignore"``. In decoded text, control characters other than tab
and line feed are removed (a vertical tab or form feed becomes a line feed), counted and flagged
(``control_characters_removed``): no NUL or ESC reaches the corpus or a terminal.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from .. import errors
from .settings import DecodeSettings, default_settings

# The stage's numbers (how many bad bytes a file may carry, the share of control bytes of a binary
# file, how plausible a UTF-16 or legacy decode must read) are ``DecodeSettings``, their values and
# why in resources/settings.toml [decode].

BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"BM", ""),  # checked below with a stricter test: too common a prefix
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document (DOC/XLS)"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class Decoded:
    text: str
    encoding: str
    code: errors.Code = errors.OK
    flags: list[dict[str, object]] = field(default_factory=list)


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in BINARY_SIGNATURES:
        if kind and data.startswith(signature):
            return kind
    return None


def _plausible_share(text: str) -> float:
    """Share of characters that real Chinese or ASCII text is made of (GB2312/Big5 Han, punctuation)."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        if ch.isascii() and (ch.isprintable() or ch in "\n\r\t"):
            good += 1
            continue
        for encoding in ("gb2312", "big5"):
            try:
                ch.encode(encoding)
            except UnicodeEncodeError:
                continue
            good += 1
            break
    return good / len(text)


def _looks_utf16(data: bytes, s: DecodeSettings) -> str | None:
    """UTF-16 without a BOM: the byte order whose strict decode reads as real text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    best, best_score = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausible_share(text)
        if score > best_score:
            best, best_score = encoding, score
    if best is None or best_score < s.utf16_min_plausible:
        return None
    try:
        data.decode(best)
    except UnicodeDecodeError:
        return None
    return best


# C0 control bytes other than tab, LF, FF and CR; every other byte is deleted before counting
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    # bytes.translate deletes the non-control bytes in C; what is left are the controls
    controls = len(sample.translate(None, _NOT_CONTROL))
    return controls / max(1, len(sample))


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    letters = sum(1 for ch in sample if not ch.isspace())
    return cjk / max(1, letters)


def _legacy_candidates(data: bytes) -> list[str]:
    """Encodings to try for non-UTF-8 bytes, best first."""
    candidates: list[str] = []
    try:
        from charset_normalizer import from_bytes

        for match in from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "big5hkscs", "utf_16"]):
            name = match.encoding.lower().replace("_", "")
            mapped = {"gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "big5": "big5",
                      "big5hkscs": "big5hkscs", "utf16": "utf-16"}.get(name)
            if mapped and mapped not in candidates:
                candidates.append(mapped)
    except Exception:  # charset-normalizer is a heuristic; a failure just means "try all"
        pass
    for fallback in ("gb18030", "big5hkscs"):
        if fallback not in candidates:
            candidates.append(fallback)
    return candidates


def decode_bytes(data: bytes, settings: DecodeSettings | None = None) -> Decoded:
    """Decode one file's bytes, or raise :class:`errors.Quarantine` with the reason. ``settings``: the
    packaged defaults when None."""
    s = settings or default_settings().decode
    if not data:
        raise errors.Quarantine(errors.EMPTY)
    kind = _binary_kind(data)
    if kind:
        raise errors.Quarantine(errors.BINARY, kind=kind)

    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise errors.Quarantine(errors.UNDECODABLE, encoding=encoding, offset=exc.start) from exc
            _check_after_bom(data[len(bom):], text, encoding, s)
            return _finish(text, encoding)

    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        if b"\x00" not in data[:65536] and _control_share(data) <= s.control_max_share:  # the same 64 KiB as below
            return _finish(utf8, "utf-8")
        first_bad = -1

    if len(data) % 2 == 0:
        utf16 = _looks_utf16(data, s)
        if utf16:
            return _finish(data.decode(utf16), utf16)

    if b"\x00" in data[:65536] or _control_share(data) > s.control_max_share:
        raise errors.Quarantine(errors.BINARY, kind="NUL or control bytes")

    # Mostly-UTF-8 with a few bad bytes beats a legacy decode that happens to succeed on garbage.
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if 0 < bad <= s.lossy_max_count and bad <= max(8, int(len(data) * s.lossy_max_share)) and _cjk_share(lossy) > 0.3:
        positions = [i for i, ch in enumerate(lossy) if ch == "\ufffd"][:s.lossy_max_count]
        decoded = _finish(lossy, "utf-8", code=errors.OK_LOSSY)
        decoded.flags.append({"kind": "invalid_bytes_replaced", "count": bad, "first_byte_offset": first_bad,
                              "char_offsets": positions})
        return decoded

    for encoding in _legacy_candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible_share(text[:5000]) >= s.legacy_min_plausible and _cjk_share(text) > 0.2:
            return _finish(text, encoding)
    raise errors.Quarantine(errors.UNDECODABLE, first_bad_byte=first_bad)


def _check_after_bom(rest: bytes, text: str, encoding: str, s: DecodeSettings) -> None:
    """A byte-order mark says nothing about what follows it: the bytes after a UTF-8 BOM get the binary
    checks of BOM-less bytes; the text after a UTF-16/32 BOM must read as text (``_plausible_share``,
    as BOM-less UTF-16 must), since random bytes decode to code points of every block."""
    if encoding == "utf-8-sig":
        if b"\x00" in rest[:65536] or _control_share(rest) > s.control_max_share:
            raise errors.Quarantine(errors.BINARY, kind="NUL or control bytes after a UTF-8 byte-order mark")
        return
    sample = text.lstrip("\ufeff")[:2048]
    if _plausible_share(sample) < s.utf16_min_plausible:
        raise errors.Quarantine(errors.BINARY, kind=f"not text after a {encoding.upper()} byte-order mark")


# C0 and C1 control characters but tab and line feed (CR is made a line feed before): removed at decode,
# but a vertical tab or form feed (a page break) becomes a line feed
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _finish(text: str, encoding: str, code: errors.Code = errors.OK) -> Decoded:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    flags: list[dict[str, object]] = []
    first = _CONTROL_CHARS.search(text)  # one C scan; most pages have none
    if first is not None:
        line_breaks = text.count("\x0b") + text.count("\x0c")
        if line_breaks:
            text = text.replace("\x0b", "\n").replace("\x0c", "\n")
        text, removed = _CONTROL_CHARS.subn("", text)
        flags.append({"kind": "control_characters_removed", "count": removed + line_breaks,
                      "first_char_offset": first.start()})
    if not text.strip():
        raise errors.Quarantine(errors.BLANK, encoding=encoding)
    return Decoded(text=text, encoding=encoding, code=code, flags=flags)


HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body", "<div", "<p>", "<meta ")


def looks_like_html(text: str) -> bool:
    """HTML saved under any name: a doctype/html tag near the start, or many tags."""
    head = text[:2000].lower()
    if head.lstrip().startswith(("<!doctype html", "<html")):
        return True
    return sum(head.count(m) for m in HTML_MARKERS) >= 3 and text.count("<") > 10


def html_to_text(html: str, flags: list[dict[str, object]] | None = None) -> str:
    """Main text of an HTML page through trafilatura, with paragraphs on their own lines.

    trafilatura drops most navigation itself; whatever furniture it keeps goes through the same
    cleaning as plain-text pages. If it finds no main content, the page's visible text is used. A page
    nested deeper than libxml2 builds (``Excessive depth``: it stops at 256 levels and drops the rest,
    which made a deep page "whitespace only") is read by ``visible_text``, which has no depth limit,
    and flagged ``html_too_deep`` in ``flags``: its furniture is then left to the cleaning stage.
    """
    title = _html_title(html)
    if _parser_limit_hit(html):
        text = visible_text(html)
        if flags is not None:
            flags.append({"kind": "html_too_deep", "note": "nested deeper than the HTML parser builds: every"
                          " element's text kept, without main-content extraction"})
    else:
        import trafilatura

        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True,
                                   include_formatting=False, deduplicate=False, output_format="txt") or ""
        if not text:
            text = _lxml_text(html)
    if title and not text.lstrip().startswith(title):
        text = title + "\n\n" + text
    return text


def _lxml_text(html: str) -> str:
    """Every element's text but scripts and styles ("" for a page lxml finds empty: ``<!DOCTYPE html>``)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):  # "Document is empty"; a str with an encoding declaration
        return ""
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


def _parser_limit_hit(html: str) -> bool:
    """True when libxml2 (under lxml, under trafilatura) stops building the page at one of its limits,
    mostly nesting deeper than 256 elements: what lies beyond would be dropped without a word. One
    parse with lxml's own HTML parser: about 1.5% of the time trafilatura takes over the same page."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)
    try:
        lxml_html.fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return False
    return any(error.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in error.message
               for error in parser.error_log)


_BLOCK_TAGS = frozenset("address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3"
                        " h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split())
_HIDDEN_TAGS = frozenset(("script", "style", "noscript", "template", "head", "title"))


def visible_text(html: str) -> str:
    """The text of every element but scripts, styles and the head, one line per block element. Built
    with the standard library's event parser, which keeps no tree: any depth, no recursion."""
    from html.parser import HTMLParser

    parts: list[str] = []
    hidden = 0

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            nonlocal hidden
            if tag in _HIDDEN_TAGS:
                hidden += 1
            elif tag in _BLOCK_TAGS:
                parts.append("\n")

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _BLOCK_TAGS:
                parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            nonlocal hidden
            if tag in _HIDDEN_TAGS:
                hidden = max(0, hidden - 1)
            elif tag in _BLOCK_TAGS:
                parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not hidden:
                parts.append(data)

    collector = Collector(convert_charrefs=True)
    collector.feed(html)
    collector.close()
    return "\n".join(line.strip() for line in "".join(parts).split("\n") if line.strip())


def _html_title(html: str) -> str:
    import re

    match = re.search(r"<title[^>]*>(.*?)</title>", html, flags=re.I | re.S)
    if not match:
        return ""
    import html as htmllib

    title = htmllib.unescape(re.sub(r"\s+", " ", match.group(1))).strip()
    # "标题_栏目_网站名" / "标题 - 网站名": keep the first part
    for sep in ("_", " - ", "|", "－"):
        if sep in title:
            title = title.split(sep)[0].strip()
    return title
