"""Draw a decoded ticket as a PNG, so a person can check a print job without a printer."""

from __future__ import annotations

import functools

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

from printers.decode import IMAGE_MARKER, DecodedTicket

PAPER_WIDTH_DOTS = 576
MARGIN = 16
NORMAL_SIZE = 20
QR_MODULE_DOTS = 6

_QR_MARKER = "[QR]"
# Pillow's built-in font has no accented letters; these system fonts do, when installed.
_FONT_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf")


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font that can draw French text, or Pillow's default when none is installed."""
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _qr_image(payload: str) -> Image.Image:
    """The QR symbol at roughly the size a printer would draw it."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(payload)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    side = len(matrix) * QR_MODULE_DOTS
    image = Image.new("1", (side, side), 1)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                left, top = x * QR_MODULE_DOTS, y * QR_MODULE_DOTS
                right, bottom = left + QR_MODULE_DOTS - 1, top + QR_MODULE_DOTS - 1
                draw.rectangle((left, top, right, bottom), fill=0)
    return image


def _raster_image(width_bytes: int, height_dots: int, pixels: bytes) -> Image.Image:
    """A GS v 0 image as printed: a set bit is a black dot (Pillow's '1' mode is the reverse)."""
    size = (width_bytes * 8, height_dots)
    packed = pixels.ljust(width_bytes * height_dots, b"\x00")
    return Image.frombytes("1", size, bytes(255 - value for value in packed))


def render_preview(ticket: DecodedTicket) -> Image.Image:
    """Lay out the printed lines, large ones in a large font, with QR codes where they print."""
    normal = _font(NORMAL_SIZE)
    large_lines = set(ticket.large_text)
    payloads = iter(ticket.qr_payloads)
    rasters = iter(ticket.raster_images)
    blocks: list[Image.Image | tuple[str, int]] = []
    for raw_line in ticket.text.splitlines():
        line = raw_line.strip()
        if _QR_MARKER in line:
            payload = next(payloads, None)
            if payload is not None:
                blocks.append(_qr_image(payload))
            line = line.replace(_QR_MARKER, "").strip()
        if IMAGE_MARKER in line:
            raster = next(rasters, None)
            if raster is not None:
                blocks.append(_raster_image(*raster))
            line = line.replace(IMAGE_MARKER, "").strip()
        size = NORMAL_SIZE
        if line in large_lines:
            # At its printed height (the number at 8x is the biggest thing), within the paper.
            fits = int(PAPER_WIDTH_DOTS / (0.62 * max(1, len(line))))
            size = min(NORMAL_SIZE * ticket.text_scale.get(line, 3), fits)
        blocks.append((line, size))
    height = MARGIN * 2 + sum(
        block.height + 8 if isinstance(block, Image.Image) else block[1] + 6 for block in blocks
    )
    page = Image.new("L", (PAPER_WIDTH_DOTS, height), 255)
    draw = ImageDraw.Draw(page)
    top = MARGIN
    for block in blocks:
        if isinstance(block, Image.Image):
            page.paste(block, ((PAPER_WIDTH_DOTS - block.width) // 2, top))
            top += block.height + 8
            continue
        text, size = block
        font = normal if size == NORMAL_SIZE else _font(size)
        width = draw.textlength(text, font=font)
        draw.text(((PAPER_WIDTH_DOTS - width) / 2, top), text, fill=0, font=font)
        top += size + 6
    return page
