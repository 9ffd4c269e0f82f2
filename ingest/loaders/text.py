"""Plain text and Markdown: decoding (UTF-8, UTF-16 with a BOM) and whitespace tidying."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from assistant.errors import DocumentError

# Share of control characters above which a "text" file is treated as binary.
_MAX_CONTROL_SHARE = 0.05
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \u00a0\u200b]+")
# A tab survives (as one tab): it separates a contents entry from its page number.
_TABS = re.compile(r"[ \u00a0\u200b]*\t[\s\u00a0\u200b]*")
_BLANKS = re.compile(r"\n{3,}")
_UTF16_BOMS = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}


def decode_text(path: Path, data: bytes) -> str:
    """Decode UTF-8 (or UTF-16 with a BOM) text, refusing binary content and other encodings."""
    text = _decode_utf16(path, data) if data[:2] in _UTF16_BOMS else None
    if text is None:
        if b"\x00" in data:
            raise DocumentError(str(path), "the file looks binary (contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(
                str(path),
                f"the text is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "save the file as UTF-8",
            ) from exc
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise DocumentError(str(path), "the file looks binary (mostly control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_utf16(path: Path, data: bytes) -> str:
    encoding = _UTF16_BOMS[data[:2]]
    try:
        return data[2:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            str(path), f"the text starts with a UTF-16 byte-order mark but is not valid UTF-16 (offset {exc.start + 2})"
        ) from exc


def tidy(lines: list[str]) -> str:
    """Collapse runs of spaces within lines and runs of blank lines between them."""
    text = "\n".join(_SPACES.sub(" ", _TABS.sub("\t", line)).strip() for line in lines)
    return _BLANKS.sub("\n\n", text).strip() + "\n"


def read_text(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    """Return a text file's text as it is (no pages)."""
    return decode_text(path, data), ()


def read_markdown(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    """Return Markdown as it is: its "#" heading markers are the structure the parser reads."""
    return decode_text(path, data), ()
