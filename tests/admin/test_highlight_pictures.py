"""Highlights shown between two dates, with an optional picture the server re-encodes."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from typing import Any

import pytest
from PIL import Image

from server.services.errors import ServiceError
from server.services.pictures import reencode_picture


def picture(width: int, height: int, fmt: str = "JPEG", **save: Any) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 30)).save(out, fmt, **save)
    return out.getvalue()


def data_url(raw: bytes, kind: str = "jpeg") -> str:
    return f"data:image/{kind};base64," + base64.b64encode(raw).decode()


def a_highlight(client: Any, **body: Any) -> Any:
    body = {"title": "Atelier numérique", "body": "Mardi matin.", **body}
    return client.post("/api/v1/admin/highlights", json=body)


def test_a_large_photo_is_stored_as_a_small_webp_without_its_metadata() -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make; a phone would also write GPS coordinates
    raw = picture(3000, 2000, exif=exif.tobytes())
    stored = reencode_picture(raw)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "WEBP"
        assert image.width <= 1280 and image.height <= 720
        assert not image.getexif()
    assert b"PhoneMaker" not in stored and len(stored) < len(raw)


def test_bytes_after_the_image_are_not_kept() -> None:
    polyglot = picture(40, 40, "PNG") + b"<script>alert(1)</script>"
    assert b"<script>" not in reencode_picture(polyglot)


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG file whose header announces an enormous image (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    data = zlib.compress(b"\0" * 64)
    idat = (
        struct.pack(">I", len(data))
        + b"IDAT"
        + data
        + struct.pack(">I", zlib.crc32(b"IDAT" + data))
    )
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + idat + end


@pytest.mark.parametrize(
    "raw",
    [
        b"not an image at all",
        b"%PDF-1.4 a document",
        png_header_claiming(100_000, 100_000),
        png_header_claiming(9_000, 9_000),
        picture(50, 50)[:200],  # cut short
    ],
)
def test_what_is_not_a_reasonable_picture_is_a_clear_error(raw: bytes) -> None:
    with pytest.raises(ServiceError) as refused:
        reencode_picture(raw)
    assert refused.value.details["field"] == "image"


def test_an_admin_attaches_a_picture_that_the_display_then_shows(
    agent_client: Any, client: Any, socket_client: Any
) -> None:
    item = a_highlight(agent_client, month="2026-11").json
    display = socket_client("/display")
    display.get_received("/display")
    sent = agent_client.put(
        f"/api/v1/admin/highlights/{item['id']}/image",
        json={"image": data_url(picture(1600, 900)), "alt": "Le minibus devant la mairie"},
    )
    assert sent.status_code == 200, sent.json
    assert [m["name"] for m in display.get_received("/display")] == ["setting_changed"]
    shown = next(h for h in client.get("/api/v1/highlights").json if h["id"] == item["id"])
    assert shown["image_alt"] == "Le minibus devant la mairie"
    served = client.get(shown["image_url"])
    assert served.status_code == 200 and served.mimetype == "image/webp"
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.size == (1280, 720)

    replaced = agent_client.put(
        f"/api/v1/admin/highlights/{item['id']}/image",
        json={"image": data_url(picture(300, 200, "PNG"), "png"), "alt": "Un plan"},
    )
    assert replaced.json["image_url"] != shown["image_url"]  # screens never keep the old one

    removed = agent_client.delete(f"/api/v1/admin/highlights/{item['id']}/image")
    assert removed.status_code == 200 and removed.json["image_url"] is None
    assert client.get(shown["image_url"]).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"image": "data:image/jpeg;base64,not base64!", "alt": "x"}, "image"),
        ({"image": "https://example.org/a.jpg", "alt": "x"}, "image"),
        ({"image": data_url(b"GIF89a broken"), "alt": "x"}, "image"),
        ({"image": data_url(picture(20, 20)), "alt": ""}, "alt"),
    ],
)
def test_a_bad_picture_is_a_clear_400_and_keeps_the_previous_one(
    agent_client: Any, body: dict[str, Any], field: str
) -> None:
    item = a_highlight(agent_client, month="2026-11").json
    path = f"/api/v1/admin/highlights/{item['id']}/image"
    first = agent_client.put(path, json={"image": data_url(picture(20, 20)), "alt": "Un plan"})
    refused = agent_client.put(path, json=body)
    assert refused.status_code == 400
    assert refused.json["error"]["details"]["field"] == field
    kept = agent_client.get("/api/v1/admin/highlights").json
    assert next(h for h in kept if h["id"] == item["id"])["image_url"] == first.json["image_url"]


def test_pictures_are_for_admins_only(client: Any, login: Any, agent_client: Any) -> None:
    item = a_highlight(agent_client, month="2026-11").json
    path = f"/api/v1/admin/highlights/{item['id']}/image"
    body = {"image": data_url(picture(20, 20)), "alt": "Un plan"}
    assert client.put(path, json=body).status_code == 401
    assert login("demo2").put(path, json=body).status_code == 403
    assert login("demo2").delete(path).status_code == 403


def test_a_highlight_is_shown_from_its_first_to_its_last_day(
    agent_client: Any, client: Any
) -> None:
    today = client.get("/api/v1/highlights").json  # the test clock is in November 2026
    ended = a_highlight(agent_client, title="Fini", starts_on="2026-11-01", ends_on="2026-11-02")
    later = a_highlight(agent_client, title="Bientôt", starts_on="2026-12-20", ends_on="2027-01-05")
    assert ended.status_code == 201 and later.status_code == 201, (ended.json, later.json)
    assert later.json["month"] == "2026-12" and later.json["ends_on"] == "2027-01-05"
    titles = [h["title"] for h in client.get("/api/v1/highlights").json]
    assert titles == [h["title"] for h in today]


def test_the_limit_counts_highlights_shown_on_the_same_day(agent_client: Any) -> None:
    agent_client.put("/api/v1/admin/settings", json={"policy": {"highlights_max": 2}})
    first = a_highlight(agent_client, starts_on="2027-03-01", ends_on="2027-03-10")
    second = a_highlight(agent_client, starts_on="2027-03-08", ends_on="2027-03-20")
    after = a_highlight(agent_client, starts_on="2027-03-11", ends_on="2027-03-31")
    assert [r.status_code for r in (first, second, after)] == [201, 201, 201]
    refused = a_highlight(agent_client, starts_on="2027-03-09", ends_on="2027-03-09")
    assert refused.status_code == 400
    assert "9 mars 2027" in refused.json["error"]["message"]
    # Moving the first one away makes room on that day.
    moved = agent_client.patch(
        f"/api/v1/admin/highlights/{first.json['id']}",
        json={"starts_on": "2027-04-01", "ends_on": "2027-04-02"},
    )
    assert moved.status_code == 200, moved.json
    assert (
        a_highlight(agent_client, starts_on="2027-03-09", ends_on="2027-03-09").status_code == 201
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_on": "2026-12-10", "ends_on": "2026-12-01"}, "ends_on"),
        ({"starts_on": "2026-12-10", "ends_on": "2028-12-01"}, "ends_on"),
        ({"starts_on": "10/12/2026"}, "starts_on"),
        ({"starts_on": "2026-02-30"}, "starts_on"),
        ({}, "starts_on"),
    ],
)
def test_bad_dates_are_a_clear_400(agent_client: Any, body: dict[str, Any], field: str) -> None:
    refused = a_highlight(agent_client, **body)
    assert refused.status_code == 400
    assert refused.json["error"]["details"]["field"] == field
