"""Read ESC/POS bytes back into text, QR payloads and settings, as a printer would see them."""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, DLE, LF, CR = 0x1B, 0x1D, 0x10, 0x0A, 0x0D
# The code page each ESC t slot selects on an Epson-compatible printer (what the emulator reads).
SLOT_CODECS = {0: "cp437", 2: "cp850", 13: "cp857", 16: "cp1252", 17: "cp866", 19: "cp858"}

IMAGE_MARKER = "[image]"

# ESC commands by the number of parameter bytes that follow the command letter.
_ESC_ARGUMENTS = {
    b"@"[0]: 0, b"2"[0]: 0, b"<"[0]: 0,
    b"!"[0]: 1, b"-"[0]: 1, b"3"[0]: 1, b"E"[0]: 1, b"G"[0]: 1, b"J"[0]: 1, b"M"[0]: 1,
    b"R"[0]: 1, b"V"[0]: 1, b"a"[0]: 1, b"d"[0]: 1, b"e"[0]: 1, b"t"[0]: 1, b"{"[0]: 1,
    b"c"[0]: 2, b"$"[0]: 2, b"p"[0]: 3,
}  # fmt: skip
_GS_ARGUMENTS = {
    b"!"[0]: 1, b"B"[0]: 1, b"H"[0]: 1, b"f"[0]: 1, b"h"[0]: 1, b"w"[0]: 1, b"a"[0]: 1,
    b"L"[0]: 2, b"W"[0]: 2,
}  # fmt: skip
_COMMAND_NAMES = {
    b"@"[0]: "initialize", b"t"[0]: "codepage", b"a"[0]: "align", b"E"[0]: "bold",
    b"d"[0]: "feed", b"!"[0]: "mode",
}  # fmt: skip


@dataclass
class DecodedTicket:
    """What a printer would have printed from one job.

    `text` marks where a native QR code ([QR]) or a raster image ([image]) was printed;
    `raster_images` keeps each GS v 0 image as (bytes per row, rows, packed bits).
    """

    text: str = ""
    qr_payloads: list[str] = field(default_factory=list)
    codepage_slot: int | None = None
    cut: bool = False
    images: int = 0
    raster_images: list[tuple[int, int, bytes]] = field(default_factory=list)
    large_text: list[str] = field(default_factory=list)
    # How many times taller than normal each large line prints (GS ! height multiplier).
    text_scale: dict[str, int] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)
    size: int = 0

    @property
    def lines(self) -> list[str]:
        """The printed lines, without blank ones."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


class _Decoder:
    """A single pass over the bytes, tracking the line being printed and its character size."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0
        self.result = DecodedTicket(size=len(data))
        self.line = bytearray()
        self.character_size = 0
        self.line_is_large = False
        self.codec = "cp1252"
        self.lines: list[str] = []
        self.line_scale = 1

    def byte(self, offset: int) -> int:
        """A byte ahead of the current command, or 0 past the end (truncated jobs)."""
        index = self.position + offset
        return self.data[index] if index < len(self.data) else 0

    def end_line(self) -> None:
        """Print the current line."""
        decoded = self.line.decode(self.codec, errors="replace")
        if self.line_is_large and self.line.strip():
            text = decoded.strip()
            self.result.large_text.append(text)
            self.result.text_scale[text] = self.line_scale
        self.lines.append(decoded)
        self.line = bytearray()
        self.line_is_large = False
        self.line_scale = 1

    def run(self) -> DecodedTicket:
        """Decode every byte; unknown control bytes are skipped, never fatal."""
        while self.position < len(self.data):
            current = self.data[self.position]
            if current == ESC:
                self.escape()
            elif current == GS:
                self.group_separator()
            elif current == DLE:
                self.result.commands.append("realtime")
                self.position += 3
            elif current == LF:
                self.end_line()
                self.position += 1
            elif current < 0x20 or current == 0x7F:
                self.position += 1
            else:
                self.line.append(current)
                self.line_is_large = self.line_is_large or self.character_size != 0
                self.line_scale = max(self.line_scale, (self.character_size & 0x0F) + 1)
                self.position += 1
        if self.line:
            self.end_line()
        self.result.text = "".join(line + "\n" for line in self.lines)
        return self.result

    def escape(self) -> None:
        """ESC commands: note the ones that matter, skip their parameters."""
        letter = self.byte(1)
        self.result.commands.append(_COMMAND_NAMES.get(letter, f"ESC {letter:#04x}"))
        if letter == b"t"[0]:
            self.result.codepage_slot = self.byte(2)
            self.codec = SLOT_CODECS.get(self.byte(2), "cp1252")
        elif letter == b"d"[0]:
            self.lines.extend([""] * self.byte(2))
        elif letter in (b"i"[0], b"m"[0]):
            self.result.cut = True
        self.position += 2 + _ESC_ARGUMENTS.get(letter, 0)

    def group_separator(self) -> None:
        """GS commands: character size, cut, native QR, raster image."""
        letter = self.byte(1)
        if letter == b"!"[0]:
            self.character_size = self.byte(2)
            self.result.commands.append("size")
            self.position += 3
        elif letter == b"V"[0]:
            self.result.cut = True
            self.result.commands.append("cut")
            self.position += 3 if self.byte(2) in (0, 1, 48, 49) else 4
        elif letter == b"("[0]:
            self.function_block()
        elif letter == b"v"[0] and self.byte(2) == b"0"[0]:
            width_bytes = self.byte(4) | self.byte(5) << 8
            height_dots = self.byte(6) | self.byte(7) << 8
            self.result.images += 1
            start = self.position + 8
            pixels = self.data[start : start + width_bytes * height_dots]
            self.result.raster_images.append((width_bytes, height_dots, pixels))
            self.result.commands.append("image")
            self.line += IMAGE_MARKER.encode()
            self.position += 8 + width_bytes * height_dots
        else:
            self.result.commands.append(f"GS {letter:#04x}")
            self.position += 2 + _GS_ARGUMENTS.get(letter, 0)

    def function_block(self) -> None:
        """GS ( x pL pH body: length-prefixed; GS ( k cn=49 fn=80 stores a QR payload."""
        kind = self.byte(2)
        length = self.byte(3) | self.byte(4) << 8
        start = self.position + 5
        body = self.data[start : start + length]
        if kind == b"k"[0] and body[:3] == b"\x31\x50\x30":
            self.result.qr_payloads.append(body[3:].decode("utf-8", errors="replace"))
            self.result.commands.append("qr")
            self.line += b"[QR]"
        self.position = start + length


def decode_escpos(data: bytes) -> DecodedTicket:
    """Decode one ESC/POS job into readable text, QR payloads, code page and cut."""
    return _Decoder(data).run()
