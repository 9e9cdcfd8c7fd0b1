"""Text files in whatever encoding the tool that wrote them used, and CSV delimiters.

Help desks, call-centre platforms and analysts export with Excel on Windows (Windows-1252),
old Unix tools (Latin-1), modern tools (UTF-8, sometimes with a BOM) or Excel's "Unicode
text" (UTF-16 with a BOM). The evidence is weighed in this order:

1. A byte-order mark names the encoding.
2. Bytes that are valid UTF-8 are UTF-8: the check is strict, and Spanish text in a legacy
   code page almost never passes it.
3. The lines that are not UTF-8 are in a legacy code page: of Windows-1252 (which holds every
   Latin-1 letter, plus curly quotes and €), DOS's cp850 and Mac Roman, the one that reads
   them as Spanish (most of their non-ASCII characters are Spanish letters and signs: á, ñ,
   ¿, “, €...), Windows-1252 on a tie. Text that reads as Spanish in none of them (UTF-16
   without a BOM, another language) goes to `charset-normalizer`, limited to Western code
   pages. It is not asked first because on Spanish text it takes Windows-1252 for Central
   European (ñ read as ń) or for a DOS code page about one file in ten, even on 200 lines.

A file appended to by two tools (UTF-8 rows after Windows-1252 ones) is read line by line:
each line that is valid UTF-8 is read as UTF-8 and the others in the legacy code page, so no
row's accents turn into mojibake ("TelÃ©fono"); a line neither explains is read as Latin-1,
which decodes any byte, so nothing is lost.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path
from typing import TextIO

# UTF-32 LE's mark starts with UTF-16 LE's: the longer one is looked for first.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
LEGACY = "cp1252"
WESTERN = (LEGACY, "cp850", "mac_roman")  # Windows, DOS, Mac: on a tie, the first
SPANISH = frozenset("áéíóúüñÁÉÍÓÚÜÑ¿¡«»“”‘’–—…€ºª°")
MIN_SPANISH_SHARE = 0.5
# What charset-normalizer may answer: code pages of Spanish text and UTF-16/32 without a BOM.
# (Not cp437: it shares cp850's lower case but has box drawings where cp850 has Á, Í, Ó, Ú.)
CANDIDATES = ("cp1252", "cp850", "mac_roman", "latin_1", "iso8859_15",
              "utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be")
DELIMITERS = ",;\t|"
SNIFF_CHARS = 65536
SAMPLE_BYTES = 1 << 20
# C0 controls real text does not hold (tab, line breaks, vertical tab, form feed and DOS's
# end-of-file mark are kept); NUL is the sign of UTF-16 or UTF-32.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")
_UNUSUAL = re.compile(r"[^\t\n\x0b\x0c\r\x1a\x20-\x7e]")  # beyond ASCII, or a control character
# A lead byte and a continuation byte: where no such pair occurs, no line can be UTF-8 beyond ASCII.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def detect_encoding(path: Path) -> str:
    """The codec for `path`: "utf-8", "utf-8-sig", "utf-16", "utf-32" (from a BOM), or the
    legacy code page of its lines that are not UTF-8 (`open_text` reads those line by line)."""
    with Path(path).open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
        marked = next((codec for bom, codec in BOMS if head.startswith(bom)), None)
        if marked in ("utf-16", "utf-32"):
            return marked
        if marked is None and b"\x00" in head:  # UTF-16 or UTF-32 without a BOM
            return _guess(head)
        if _rest_is_utf8(head, fh):
            return marked or "utf-8"
    return _legacy_encoding(_non_utf8_lines(Path(path)))


def open_text(path: Path, encoding: str | None = None) -> TextIO:
    """`path` opened for reading text (newlines untranslated, as `csv` wants them), in
    `encoding` or the detected one; a legacy code page is read line by line (UTF-8 first)."""
    encoding = encoding or detect_encoding(path)
    if _whole_file(encoding):
        return open(path, encoding=encoding, errors="replace", newline="")
    raw = _LineRecoder(Path(path).open("rb"), encoding)
    return io.TextIOWrapper(io.BufferedReader(raw, SAMPLE_BYTES), encoding="utf-8", newline="")


def read_text(path: Path) -> tuple[str, str]:
    """The whole text of `path` and the encoding it was read with."""
    encoding = detect_encoding(path)
    with open_text(path, encoding) as fh:
        return fh.read(), encoding


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text (its first SNIFF_CHARS) among comma, semicolon, tab and pipe;
    comma when unsure."""
    try:
        return csv.Sniffer().sniff(text[:SNIFF_CHARS], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _legacy_encoding(sample: bytes) -> str:
    """The code page of bytes that are not UTF-8 (see the module's docstring)."""
    shares = {codec: _spanish_share(sample.decode(codec, errors="replace")) for codec in WESTERN}
    best = max(WESTERN, key=shares.__getitem__)
    if shares[best] >= MIN_SPANISH_SHARE:
        return best
    try:
        if not _CONTROL.search(sample.decode(LEGACY)):
            return LEGACY
    except UnicodeDecodeError:
        pass
    return _guess(sample)


def _spanish_share(text: str) -> float:
    """Of the characters beyond ASCII (and control characters), the share of Spanish ones."""
    unusual = _UNUSUAL.findall(text)
    return sum(c in SPANISH for c in unusual) / len(unusual) if unusual else 0.0


def _rest_is_utf8(head: bytes, fh) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head)
        for block in iter(lambda: fh.read(SAMPLE_BYTES), b""):
            decoder.decode(block)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


def _non_utf8_lines(path: Path) -> bytes:
    """Up to SAMPLE_BYTES of the lines of `path` that are not valid UTF-8."""
    found, size = [], 0
    with path.open("rb") as fh:
        for line in fh:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                found.append(line)
                size += len(line)
                if size >= SAMPLE_BYTES:
                    break
    return b"".join(found)


def _guess(sample: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=list(CANDIDATES)).best()
    return codecs.lookup(best.encoding).name if best is not None else LEGACY


def _whole_file(encoding: str) -> bool:
    """Codecs read as one stream: Unicode ones (UTF-16/32 lines do not split on the byte \\n)."""
    return codecs.lookup(encoding).name.startswith(("utf-8", "utf-16", "utf-32"))


def _decode_lines(data: bytes, legacy: str) -> str:
    """Whole lines of a file in a legacy code page, each valid UTF-8 line read as UTF-8.

    Decoding the whole block at once when it can (all UTF-8, or nothing in it that could be a
    UTF-8 letter) keeps a large Windows-1252 file about as fast to read as a UTF-8 one."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if not _UTF8_MULTIBYTE.search(data):
        try:
            return data.decode(legacy)
        except UnicodeDecodeError:
            pass
    return "".join(_decode_line(line, legacy) for line in data.splitlines(keepends=True))


def _decode_line(line: bytes, legacy: str) -> str:
    for codec in ("utf-8-sig", legacy):
        try:
            return line.decode(codec)
        except UnicodeDecodeError:
            continue
    return line.decode("latin-1")


class _LineRecoder(io.RawIOBase):
    """A byte stream of `fh`'s lines, each decoded (UTF-8 or `legacy`) and served as UTF-8."""

    def __init__(self, fh, legacy: str):
        self._fh, self._legacy, self._pending = fh, legacy, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self._pending) < len(buffer):
            lines = self._fh.readlines(SAMPLE_BYTES)
            if not lines:
                break
            self._pending += _decode_lines(b"".join(lines), self._legacy).encode("utf-8")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        self._fh.close()
        super().close()
