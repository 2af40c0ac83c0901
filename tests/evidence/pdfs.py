"""Small crafted PDFs: a plain one, and ones with active content in each of the places a reader
finds it."""

import base64
import binascii
import zlib

CATALOG = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R%s >>\nendobj\n"
PAGES = b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
PAGE = b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"


def pdf(catalog_extra: bytes = b"", *objects: bytes) -> bytes:
    body = CATALOG % catalog_extra + PAGES + PAGE + b"".join(objects)
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def stream_object(number: int, dictionary: bytes, data: bytes) -> bytes:
    return (
        b"%d 0 obj\n<< %s /Length %d >>\nstream\n" % (number, dictionary, len(data))
        + data
        + b"\nendstream\nendobj\n"
    )


def object_stream(number: int, inner: bytes, filters: tuple[str, ...] = ("FlateDecode",)) -> bytes:
    """An object stream holding object 10 (`inner`), encoded with `filters` (applied in the
    order a reader decodes them)."""
    content = b"10 0 " + inner
    data = content
    for name in reversed(filters):
        if name == "FlateDecode":
            data = zlib.compress(data)
        elif name == "ASCIIHexDecode":
            data = binascii.hexlify(data) + b">"
        elif name == "ASCII85Decode":
            data = base64.a85encode(data, adobe=True)[2:]
        elif name == "LZWDecode":
            data = b"\x80\x0b\x60\x50"  # not decoded by the check: refused as unreadable
    names = b" ".join(b"/" + name.encode() for name in filters)
    dictionary = b"/Type /ObjStm /N 1 /First 5 /Filter [%s]" % names
    return stream_object(number, dictionary, data)


PLAIN = pdf()
JS_OPEN_ACTION = pdf(b" /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>")
JS_INDIRECT = pdf(
    b" /OpenAction 4 0 R",
    b"4 0 obj\n<< /S /JavaScript /JS 5 0 R >>\nendobj\n",
    stream_object(5, b"", b"app.alert(1)"),
)
JS_ESCAPED_NAME = pdf(b" /OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>")
JS_IN_PAGE_ACTIONS = pdf(b" /AA << /O << /S /JavaScript /JS (x) >> >>")
JS_NAME_TREE = pdf(b" /Names << /JavaScript << /Names [(a) 4 0 R] >> >>")
EMBEDDED_FILE = pdf(
    b" /Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
    b"4 0 obj\n<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>\nendobj\n",
    stream_object(5, b"/Type /EmbeddedFile", b"MZ"),
)
LAUNCH = pdf(b" /OpenAction << /S /Launch /F (cmd.exe) >>")
RICH_MEDIA = pdf(b"", b"4 0 obj\n<< /Type /Annot /Subtype /RichMedia >>\nendobj\n")
# Active content inside compressed object streams, where a search of the raw bytes sees nothing.
JS_IN_OBJECT_STREAM = pdf(
    b" /OpenAction 10 0 R", object_stream(9, b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>")
)
JS_IN_HEX_AND_FLATE_OBJECT_STREAM = pdf(
    b" /OpenAction 10 0 R",
    object_stream(9, b"<< /S /JavaScript /JS (x) >>", ("ASCIIHexDecode", "FlateDecode")),
)
JS_IN_ASCII85_OBJECT_STREAM = pdf(
    b" /OpenAction 10 0 R",
    object_stream(9, b"<< /S /JavaScript /JS (x) >>", ("ASCII85Decode",)),
)
EMBEDDED_FILE_IN_OBJECT_STREAM = pdf(
    b"", object_stream(9, b"<< /Names << /EmbeddedFiles << /Names [] >> >> >>")
)
# A string with a % in it does not start a comment that would hide the rest of the line.
JS_AFTER_A_PERCENT_IN_A_STRING = pdf(b" /Title (50%) /OpenAction << /S /JavaScript /JS (x) >>")
# Stray bytes between objects that look like the start of a stream, hiding an object after them
# from a scan that believed them (a reader finds objects by their offsets and runs it).
HIDDEN_BY_A_FAKE_STREAM = pdf(
    b" /OpenAction 4 0 R",
    b">>stream\n4 0 obj\n<< /S /JavaScript /JS (x) >>\nendobj\n",
    stream_object(5, b"", b"q Q"),
)
# Stray "(" between objects: a scan that believed it would read the next object as a string.
HIDDEN_BY_A_STRAY_PARENTHESIS = pdf(
    b" /OpenAction 4 0 R", b"(\n4 0 obj\n<< /S /JavaScript /JS (x) >>\nendobj\n"
)

# Allowed: an open action that only shows the first page; the word JavaScript in text; streams
# of page content and of other object streams.
OPEN_AT_FIRST_PAGE = pdf(b" /OpenAction [3 0 R /Fit]")
THE_WORD_IN_TEXT = pdf(
    b" /Title (JavaScript for beginners: a JS guide)",
    stream_object(4, b"/Filter /FlateDecode", zlib.compress(b"BT (JavaScript) Tj ET")),
)
PLAIN_OBJECT_STREAM = pdf(b"", object_stream(9, b"<< /Type /Font /Subtype /Type1 >>"))

# Unreadable: refused, since what they hold cannot be checked.
OBJECT_STREAM_WITH_OTHER_FILTER = pdf(b"", object_stream(9, b"<< >>", ("LZWDecode",)))
DAMAGED_OBJECT_STREAM = pdf(
    b"", stream_object(9, b"/Type /ObjStm /N 1 /First 5 /Filter /FlateDecode", b"not zlib data")
)
