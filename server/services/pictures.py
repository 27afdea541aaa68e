"""Pictures uploaded by the site team (the highlights' images): never kept as uploaded.

Every upload is decoded and re-encoded by Pillow into a bounded WebP, so what the screens
serve is a picture the server produced — no metadata (GPS position of a phone photo), no
polyglot file, no oversized image — and anything Pillow can't read is a clear 400.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings

from server.services.errors import ServiceError

MAX_UPLOAD_BYTES = 4_000_000
MAX_PIXELS = 40_000_000  # 8,000 x 5,000: more than any phone photo, far below a decompression bomb
BOX = (1280, 720)  # the largest a highlight is drawn on a TV
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
DATA_URL = re.compile(r"data:image/[a-z0-9.+-]+;base64,(?P<data>[A-Za-z0-9+/=\s]+)", re.ASCII)


def from_data_url(value: object) -> bytes:
    """The bytes of a `data:image/...;base64,...` string as browsers' FileReader writes it."""
    if not isinstance(value, str):
        raise ServiceError("Image : un fichier JPEG, PNG ou WebP est attendu", field="image")
    if len(value) > MAX_UPLOAD_BYTES * 4 // 3 + 100:
        raise ServiceError("Image : 4 Mo au plus", field="image")
    found = DATA_URL.fullmatch(value.strip())
    if found is None:
        raise ServiceError("Image : un fichier JPEG, PNG ou WebP est attendu", field="image")
    try:
        return base64.b64decode(re.sub(r"\s", "", found.group("data")), validate=True)
    except (binascii.Error, ValueError):
        raise ServiceError("Image : fichier abîmé, réessayez", field="image") from None


def reencode_picture(raw: bytes) -> bytes:
    """A WebP of at most BOX pixels made from `raw`, or a ServiceError saying why not."""
    # Pillow only here, where a team uploads a picture: megabytes no other request needs.
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(raw) > MAX_UPLOAD_BYTES:
        raise ServiceError("Image : 4 Mo au plus", field="image")
    unreadable = ServiceError("Image illisible : JPEG, PNG ou WebP attendu", field="image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as opened:
                if opened.format not in FORMATS:
                    raise unreadable
                if opened.width * opened.height > MAX_PIXELS:
                    raise ServiceError("Image : trop grande (40 mégapixels au plus)", field="image")
                opened.seek(0)  # an animated GIF: its first frame
                picture = ImageOps.exif_transpose(opened)
                picture.thumbnail(BOX)
                has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
                picture = picture.convert("RGBA" if has_alpha else "RGB")
                out = io.BytesIO()
                picture.save(out, "WEBP", quality=82, method=4)
                return out.getvalue()
    except ServiceError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
        EOFError,
    ):
        raise unreadable from None
