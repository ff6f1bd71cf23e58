"""Stable error codes. A code never changes meaning; the README lists them all.

Stages raise `TextmineError`; the pipeline turns it into an `ErrorRecord` in the
document's `errors`, so one bad file never stops a corpus run.
"""

from __future__ import annotations

# code -> one-line meaning (rendered into the README table and `textmine errors`)
CODES: dict[str, str] = {
    "unreadable": "the path could not be opened or read (missing, permission, a directory, a broken link)",
    "empty_file": "the file has no bytes, or no text once decoded",
    "file_too_large": "the file is larger than the configured size limit (--max-bytes)",
    "unsupported_format": "the file extension is not one of .txt .htm .html .pdf .docx",
    "binary_content": "the file looks like binary data, not text in any Chinese encoding",
    "decode_error": "the bytes could not be decoded as text in any supported encoding",
    "html_error": "the HTML could not be parsed",
    "pdf_error": "the PDF could not be opened or its text extracted",
    "docx_error": "the .docx could not be opened (not a zip, or no word/document.xml)",
    "no_text": "the file decoded, but no readable text remained after extraction",
    "not_a_report": "the text does not look like a government information-disclosure annual report",
    "timeout": "the document took longer than the per-document time limit of a corpus run (--timeout)",
    "internal_error": "an unexpected failure inside textmine (please report it with the file)",
}


class TextmineError(Exception):
    """An expected failure with a stable code (see CODES)."""

    def __init__(self, code: str, message: str):
        if code not in CODES:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
