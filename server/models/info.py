"""Editorial information shown in the waiting room: the month's highlighted items."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from server.extensions import Base


class Highlight(Base):
    """A few items highlighted each month, instead of walls covered with leaflets."""

    __tablename__ = "highlights"
    __table_args__ = (Index("ix_highlights_site_month", "site_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")
    month: Mapped[date] = mapped_column(Date)  # the first day of the month it starts in
    # Shown from starts_on to ends_on inclusive (by default the whole month).
    starts_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # An optional picture, re-encoded by the server (WebP, at most 1280x720), never the upload.
    image: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    image_alt: Mapped[str] = mapped_column(String(200), default="")
    image_version: Mapped[int] = mapped_column(Integer, default=0)
    # The display speaks French; a highlight may add one line in a visitors' language ("ar" …).
    second_language: Mapped[str] = mapped_column(String(8), default="", server_default="")
    second_title: Mapped[str] = mapped_column(String(120), default="", server_default="")
    second_body: Mapped[str] = mapped_column(Text, default="", server_default="")
