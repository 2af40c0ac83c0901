"""A fake clamd: a thread serving a Unix socket that speaks the INSTREAM protocol and finds the
EICAR test string, as the real one does."""

import shutil
import socket
import struct
import tempfile
import threading
from pathlib import Path

import pytest

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd:
    def __init__(self, path: Path):
        self.path = str(path)
        self.scanned: list[bytes] = []
        self.answer_with = None  # a fixed answer, for clamd's errors
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(self.path)
        self._server.listen(4)
        self._server.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(5)
                self._answer(connection)

    def _answer(self, connection):
        command = self._read(connection, len(b"zINSTREAM\0"))
        if command != b"zINSTREAM\0":
            connection.sendall(b"UNKNOWN COMMAND\0")
            return
        data = b""
        while True:
            (length,) = struct.unpack("!L", self._read(connection, 4))
            if length == 0:
                break
            data += self._read(connection, length)
        self.scanned.append(data)
        if self.answer_with is not None:
            answer = self.answer_with
        elif EICAR in data:
            answer = b"stream: Eicar-Test-Signature FOUND"
        else:
            answer = b"stream: OK"
        connection.sendall(answer + b"\0")

    @staticmethod
    def _read(connection, size: int) -> bytes:
        data = b""
        while len(data) < size:
            part = connection.recv(size - len(data))
            if not part:
                raise ConnectionError("closed")
            data += part
        return data

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()


@pytest.fixture
def clamd(settings):
    # A short path: a Unix socket's path is limited to about 100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="clamd", dir="/tmp"))
    fake = FakeClamd(folder / "clamd.sock")
    settings.CLAMD_SOCKET = fake.path
    settings.CLAMD_TIMEOUT = 5
    yield fake
    fake.stop()
    shutil.rmtree(folder, ignore_errors=True)
