"""Text a printer's code pages cannot write (Arabic), drawn as a raster image: shaped and right to
left by Pillow's complex-text layout (libraqm), in a font that has the script. When either is
missing the caller prints French instead — never unshaped or reversed letters."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
)
FONT_SIZE = 26  # dots: about the height of the printer's own font A, a little larger
LINE_GAP = 6
MARGIN = 8


@cache
def _font_path() -> str | None:
    configured = os.environ.get("ACCUEIL_PRINTER_FONT")
    for candidate in (configured, *FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def can_draw(text: str) -> bool:
    """Complex-text layout is available and the font has a glyph for every letter of `text`."""
    if _font_path() is None or not features.check("raqm"):
        return False
    return all(char.isspace() or _has_glyph(char) for char in set(text))


@cache
def _has_glyph(char: str) -> bool:
    """A letter the font lacks draws the same box as a code point no font has."""
    font = _font()
    missing = bytes(font.getmask("\U0010fffd"))
    return bytes(font.getmask(char)) != missing


@cache
def _font() -> ImageFont.FreeTypeFont:
    path = _font_path()
    assert path is not None
    return ImageFont.truetype(path, FONT_SIZE, layout_engine=ImageFont.Layout.RAQM)


def wrap(text: str, width_dots: int, direction: str = "rtl", language: str = "ar") -> list[str]:
    """Greedy wrap on spaces, measured in the shaped text's real width."""
    font = _font()
    usable = width_dots - 2 * MARGIN
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate, direction=direction, language=language) > usable:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def draw_lines(
    text: str, width_dots: int, direction: str = "rtl", language: str = "ar"
) -> Image.Image:
    """The text wrapped to the paper, shaped, aligned to the reading side, black on white."""
    font = _font()
    lines = wrap(text, width_dots, direction, language)
    ascent, descent = font.getmetrics()
    line_height = ascent + descent + LINE_GAP
    image = Image.new("L", (width_dots, max(1, line_height * len(lines))), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        length = font.getlength(line, direction=direction, language=language)
        x = width_dots - MARGIN - length if direction == "rtl" else MARGIN
        draw.text(
            (x, n * line_height), line, font=font, fill=0, direction=direction, language=language
        )
    return image


def raster(image: Image.Image) -> bytes:
    """GS v 0: the image as packed bits, one per dot, black where the pixel is dark."""
    width, height = image.size
    width_bytes = (width + 7) // 8
    pixels = image.convert("L").tobytes()
    rows = bytearray()
    for y in range(height):
        row = bytearray(width_bytes)
        line = pixels[y * width : (y + 1) * width]
        for x, value in enumerate(line):
            if value < 128:
                row[x // 8] |= 0x80 >> (x % 8)
        rows += row
    header = b"\x1dv0\x00" + width_bytes.to_bytes(2, "little") + height.to_bytes(2, "little")
    return header + bytes(rows)


def text_image(text: str, width_dots: int, direction: str = "rtl", language: str = "ar") -> bytes:
    """One sentence as a printable raster image (call can_draw first)."""
    return raster(draw_lines(text, width_dots, direction, language))
