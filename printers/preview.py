"""Draw a decoded ticket as a PNG, so a person can check a print job without a printer."""

from __future__ import annotations

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

from printers.decode import IMAGE_MARKER, DecodedTicket

PAPER_WIDTH_DOTS = 576
MARGIN = 16
NORMAL_SIZE = 20
LARGE_SIZE = 64
QR_MODULE_DOTS = 6

_QR_MARKER = "[QR]"


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


def render_preview(ticket: DecodedTicket) -> Image.Image:
    """Lay out the printed lines, large ones in a large font, with QR codes where they print."""
    normal = ImageFont.load_default(size=NORMAL_SIZE)
    large = ImageFont.load_default(size=LARGE_SIZE)
    large_lines = set(ticket.large_text)
    payloads = iter(ticket.qr_payloads)
    blocks: list[Image.Image | tuple[str, int]] = []
    for raw_line in ticket.text.splitlines():
        line = raw_line.strip()
        if _QR_MARKER in line:
            payload = next(payloads, None)
            if payload is not None:
                blocks.append(_qr_image(payload))
            line = line.replace(_QR_MARKER, "").strip()
        if IMAGE_MARKER in line:
            blocks.append(("[image raster]", NORMAL_SIZE))
            line = line.replace(IMAGE_MARKER, "").strip()
        size = LARGE_SIZE if line in large_lines else NORMAL_SIZE
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
        font = large if size == LARGE_SIZE else normal
        width = draw.textlength(text, font=font)
        draw.text(((PAPER_WIDTH_DOTS - width) / 2, top), text, fill=0, font=font)
        top += size + 6
    return page
