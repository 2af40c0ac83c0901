"""The one check every uploaded file goes through (X-5; docs/security.md): evidence (audit
documents, letters of comfort, final reports) and the CSV files of the pupil, attendance and GIAS
imports alike.

In order, cheapest first: not empty, not too large; for evidence, a PDF, Word or image file by
its content (not its name), and a PDF without JavaScript, embedded files, launch actions or rich
media (pdf_content.py); then, when clamd is configured (ALTPROV_CLAMD_SOCKET), scanned for
viruses (antivirus.py). A file that cannot be scanned while clamd is configured is refused."""

import logging
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

from . import antivirus, pdf_content

logger = logging.getLogger(__name__)

EVIDENCE = "evidence"
CSV = "csv"
ACCEPTED = "PDF, Word (.docx or .doc), PNG, JPEG or GIF"
MB = 1024 * 1024

PLAIN_PDF = "save it again as a plain PDF"
ACTIVE_CONTENT = {
    "JavaScript": f"contains JavaScript, which is not allowed: {PLAIN_PDF}",
    "embedded files": f"contains embedded files, which are not allowed: {PLAIN_PDF} without "
    "attachments",
    "a launch action": f"contains an action that opens other programs, which is not allowed: "
    f"{PLAIN_PDF}",
    "rich media": f"contains embedded media such as video or Flash, which is not allowed: "
    f"{PLAIN_PDF}",
}


def detect(head: bytes, upload) -> tuple[str, str] | None:
    """(content type, extension) from the file's first bytes, or None if not an accepted type."""
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", ".jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif", ".gif"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword", ".doc"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" in archive.namelist():
                    return (
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        ".docx",
                    )
        except zipfile.BadZipFile:
            return None
    return None


def check_upload(
    upload, *, kind: str = EVIDENCE, max_bytes: int | None = None, label: str = "The selected file"
) -> tuple[str, str]:
    """(content type, extension) of an acceptable upload; otherwise raises ValidationError with
    the message for its field, starting with `label`. A file already checked the same way (by
    its form, then by evidence_store) is not checked, or scanned, twice."""
    key = (kind, max_bytes)
    done = getattr(upload, "_altprov_checked", None)
    if done is not None and done[0] == key:
        return done[1]
    limit = max_bytes if max_bytes is not None else settings.EVIDENCE_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(f"{label} is empty")
    if upload.size > limit:
        raise ValidationError(f"{label} must be smaller than {limit // MB}MB")
    if kind == EVIDENCE:
        result = _evidence_type(upload, label)
    else:
        result = ("text/csv", ".csv")
    _scan(upload, label)
    upload._altprov_checked = (key, result)
    return result


def _evidence_type(upload, label: str) -> tuple[str, str]:
    upload.seek(0)
    head = upload.read(16)
    found = detect(head, upload)
    upload.seek(0)
    if found is None:
        raise ValidationError(f"{label} must be a {ACCEPTED}")
    if found[1] == ".pdf":
        data = upload.read()
        upload.seek(0)
        try:
            active = pdf_content.active_content(data)
        except pdf_content.Unreadable as error:
            logger.info("PDF upload refused, unreadable: %s", error)
            raise ValidationError(
                f"{label} could not be checked: it may be damaged or protected with a password. "
                f"Open it and {PLAIN_PDF} without a password"
            ) from error
        if active is not None:
            raise ValidationError(f"{label} {ACTIVE_CONTENT[active]}")
    return found


def _scan(upload, label: str) -> None:
    if not antivirus.configured():
        antivirus.warn_unconfigured_once()
        return
    try:
        verdict = antivirus.scan(upload)
    except antivirus.ScanFailed as error:
        logger.error("Upload refused, not scanned for viruses: %s", error)
        raise ValidationError(
            f"{label} could not be checked for viruses at the moment. Try again later"
        ) from error
    if not verdict.clean:
        logger.warning("Upload refused, clamd found %s", verdict.signature)
        raise ValidationError(f"{label} contains a virus and cannot be uploaded")
