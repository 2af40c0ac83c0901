"""Scanning uploads with ClamAV's daemon, clamd, over its Unix socket (X-5; docs/security.md).

The INSTREAM command of clamd's protocol: `zINSTREAM\\0`, then the file in chunks, each preceded
by its length as four bytes in network order, then a zero length; clamd answers one line ending
in a NUL byte: `stream: OK`, `stream: <signature> FOUND`, or `<message> ERROR` (for instance
when the file is longer than clamd's StreamMaxLength).

`ALTPROV_CLAMD_SOCKET` (settings.CLAMD_SOCKET) names the socket. Without it files are not
scanned, and the first upload of each process logs a warning saying so."""

import logging
import socket
import struct
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
_MAX_ANSWER = 4096
_warned_unconfigured = False


class ScanFailed(Exception):
    """clamd could not be reached, or answered with an error: the file was not scanned."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str = ""


def configured() -> bool:
    return bool(settings.CLAMD_SOCKET)


def warn_unconfigured_once() -> None:
    global _warned_unconfigured
    if not _warned_unconfigured:
        _warned_unconfigured = True
        logger.warning(
            "Uploads are not scanned for viruses: ALTPROV_CLAMD_SOCKET is not set "
            "(see docs/security.md)"
        )


def scan(upload) -> Verdict:
    """Streams the upload to clamd and returns its verdict; raises ScanFailed when there is
    none. The upload is read from the start and left at the start."""
    path = settings.CLAMD_SOCKET
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(settings.CLAMD_TIMEOUT)
            connection.connect(path)
            connection.sendall(b"zINSTREAM\0")
            upload.seek(0)
            while chunk := upload.read(CHUNK):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            answer = _read_answer(connection)
    except OSError as error:
        raise ScanFailed(f"clamd at {path}: {error}") from error
    finally:
        upload.seek(0)
    return _verdict(answer)


def _read_answer(connection) -> str:
    received = b""
    while b"\0" not in received and len(received) < _MAX_ANSWER:
        part = connection.recv(1024)
        if not part:
            break
        received += part
    return received.split(b"\0", 1)[0].decode("utf-8", errors="replace").strip()


def _verdict(answer: str) -> Verdict:
    if answer == "stream: OK":
        return Verdict(clean=True)
    if answer.startswith("stream: ") and answer.endswith(" FOUND"):
        return Verdict(clean=False, signature=answer[len("stream: ") : -len(" FOUND")].strip())
    raise ScanFailed(f"clamd answered {answer!r}")
