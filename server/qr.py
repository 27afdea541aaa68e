"""QR codes as SVG, drawn here (no internet needed): the kiosk's ticket, the display's queue
link, a checklist's page. One helper, so every QR code is made and served the same way."""

from __future__ import annotations

from flask import Response


def qr_svg(text: str, *, border: int = 4, background: bool = True) -> str:
    """A QR code as SVG text: on a white square (phones read dark-on-light best), or on
    nothing where the page already gives it a light background (the kiosk's ticket card)."""
    # qrcode and the Pillow it imports (megabytes) load with the first QR code drawn, not
    # with every server process (issue 15).
    import qrcode
    from qrcode.image.svg import SvgPathFillImage, SvgPathImage

    factory = SvgPathFillImage if background else SvgPathImage
    image = qrcode.make(text, image_factory=factory, border=border)
    return str(image.to_string(encoding="unicode"))


def qr_response(
    text: str, *, border: int = 4, background: bool = True, cache: str = "private, max-age=3600"
) -> Response:
    """The QR code of `text` as an image/svg+xml response."""
    return Response(
        qr_svg(text, border=border, background=background),
        mimetype="image/svg+xml",
        headers={"Cache-Control": cache},
    )
