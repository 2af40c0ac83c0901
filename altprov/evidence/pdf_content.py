"""Finding active content in a PDF: JavaScript, embedded files, launch actions and rich media
(X-5; docs/security.md). pypdf is only a test dependency, so this is a scan of the file's bytes
that reads it the way a PDF reader does, not a search for words:

- names are read as PDF names, with their `#xx` escapes decoded (`/J#61vaScript` is
  `/JavaScript`); words inside strings (`(about /JavaScript)`) and comments are not names;
- stream data is skipped, except object streams (`/Type /ObjStm`), which hold dictionaries and
  are decoded (FlateDecode, ASCIIHexDecode, ASCII85Decode, in any chain) and read the same way;
- an object stream that cannot be decoded (another filter, a predictor, encryption, damage, or
  more than DECODED_LIMIT bytes in all) makes the file unreadable: it is refused, not let
  through unchecked.

A reader finds objects by their offsets, so stray bytes between objects could make this scan
read an object as part of a string, a comment or a stream. So that nothing hides that way, the
refused names are looked for inside strings and comments too (a PDF whose bookmarks or
metadata say "/JavaScript" is refused as well: rare, and on the safe side), an object stream
named there makes the file unreadable, and so does stream data that holds objects
("1 0 obj", "endobj").

An /OpenAction alone (open at page 1) is allowed; one that runs JavaScript names /JavaScript or
/JS and is refused for that."""

import base64
import binascii
import re
import zlib

DECODED_LIMIT = 64 * 1024 * 1024

# Name -> what the file contains, for the message. The keys are the names as PDF readers act on.
REFUSED = {
    "JS": "JavaScript",
    "JavaScript": "JavaScript",
    "EmbeddedFile": "embedded files",
    "EmbeddedFiles": "embedded files",
    "Launch": "a launch action",
    "RichMedia": "rich media",
}
_NAME = rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*"
_TOKEN = re.compile(rb"%|\(|(?<!<)<(?!<)|" + _NAME + rb"|(?<![A-Za-z])stream(?=\r\n|\n|\r)|\bobj\b")
_NAMES = re.compile(_NAME)
_OBJECTS = re.compile(rb"\d+\s+\d+\s+obj\b|\bendobj\b")
_IN_LITERAL = re.compile(rb"[()\\]")
_EOL = re.compile(rb"[\r\n]")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_FILTERS = {
    "FlateDecode": "flate",
    "Fl": "flate",
    "ASCIIHexDecode": "hex",
    "AHx": "hex",
    "ASCII85Decode": "a85",
    "A85": "a85",
}
# Filters only images use: a stream with one of these is never an object stream we can read.
_OTHER_FILTERS = {
    "LZWDecode",
    "LZW",
    "RunLengthDecode",
    "RL",
    "CCITTFaxDecode",
    "CCF",
    "DCTDecode",
    "DCT",
    "JBIG2Decode",
    "JPXDecode",
    "Crypt",
}


class Unreadable(Exception):
    """Part of the file that can hold dictionaries could not be read."""


def active_content(data: bytes) -> str | None:
    """What the PDF contains that is refused ("JavaScript", "embedded files", ...), or None.
    Raises Unreadable when an object stream cannot be decoded."""
    budget = [DECODED_LIMIT]
    for name in _names(data, budget, top_level=True):
        if name in REFUSED:
            return REFUSED[name]
    return None


def _name(token: bytes) -> str:
    return _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), token[1:]).decode(
        "latin-1", errors="replace"
    )


def _names(data: bytes, budget: list[int], *, top_level: bool):
    """Every name in the data, outside strings and comments; at the top level, also every name
    in its object streams, after the stream's own dictionary."""
    position, since_obj = 0, []
    while match := _TOKEN.search(data, position):
        token = match.group()
        position = match.end()
        if token == b"%":
            eol = _EOL.search(data, position)
            end = eol.end() if eol else len(data)
            yield from _names_hidden_in(data[position:end])
            position = end
        elif token == b"(":
            end = _after_literal(data, position)
            yield from _names_hidden_in(data[position:end])
            position = end
        elif token == b"<":
            end = data.find(b">", position)
            position = end + 1 if end >= 0 else len(data)
        elif token == b"obj":
            since_obj = []
        elif token.startswith(b"stream"):
            if not top_level:
                raise Unreadable("a stream inside an object stream")
            start = position + (2 if data[position : position + 2] == b"\r\n" else 1)
            end = data.find(b"endstream", start)
            end = len(data) if end < 0 else end
            if "ObjStm" in since_obj:
                decoded = _decoded(data[start:end], since_obj, budget)
                yield from _names(decoded, budget, top_level=False)
            elif _OBJECTS.search(data, start, end):
                raise Unreadable("objects inside a stream's data")
            position = end + len(b"endstream")
            since_obj = []
        else:
            name = _name(token)
            since_obj.append(name)
            yield name


def _names_hidden_in(text: bytes):
    """The refused names in a string or comment; an object stream there is unreadable."""
    for match in _NAMES.finditer(text):
        name = _name(match.group())
        if name == "ObjStm":
            raise Unreadable("an object stream inside a string or comment")
        if name in REFUSED:
            yield name


def _after_literal(data: bytes, position: int) -> int:
    depth = 1
    while depth:
        match = _IN_LITERAL.search(data, position)
        if match is None:
            return len(data)
        position = match.end()
        character = match.group()
        if character == b"\\":
            position += 1
        elif character == b"(":
            depth += 1
        else:
            depth -= 1
    return position


def _decoded(raw: bytes, dictionary: list[str], budget: list[int]) -> bytes:
    """An object stream's data, through its filters in order."""
    if "Predictor" in dictionary or "DecodeParms" in dictionary or "DP" in dictionary:
        raise Unreadable("an object stream with decode parameters")
    if any(name in _OTHER_FILTERS for name in dictionary):
        raise Unreadable("an object stream with a filter this check does not decode")
    data = raw
    for name in dictionary:
        kind = _FILTERS.get(name)
        if kind == "flate":
            data = _inflate(data, budget)
        elif kind == "hex":
            data = _unhex(data)
        elif kind == "a85":
            data = _un85(data)
    budget[0] -= len(data)
    if budget[0] < 0:
        raise Unreadable("object streams larger than the limit")
    return data


def _inflate(data: bytes, budget: list[int]) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, budget[0] + 1)
    except zlib.error as error:
        raise Unreadable(f"an object stream that does not inflate: {error}") from error
    if len(out) > budget[0] or inflater.unconsumed_tail:
        raise Unreadable("object streams larger than the limit")
    return out


def _unhex(data: bytes) -> bytes:
    digits = re.sub(rb"\s", b"", data.split(b">", 1)[0])
    if len(digits) % 2:
        digits += b"0"
    try:
        return binascii.unhexlify(digits)
    except binascii.Error as error:
        raise Unreadable("an object stream that is not hexadecimal") from error


def _un85(data: bytes) -> bytes:
    text = data.strip()
    if text.startswith(b"<~"):
        text = text[2:]
    if not text.endswith(b"~>"):
        text = text.split(b"~>", 1)[0] + b"~>"
    try:
        return base64.a85decode(b"<~" + text, adobe=True)
    except ValueError as error:
        raise Unreadable("an object stream that is not ASCII85") from error
