"""What remains of a month once its visit details are past the retention period."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import Base
from server.models.types import AwareDateTime


class StatisticsArchive(Base):
    """A site's month, aggregated: the report rows and the page's figures. Nothing personal,
    no ticket, no timestamp finer than the month."""

    __tablename__ = "statistics_archives"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    archived_at: Mapped[datetime] = mapped_column(AwareDateTime())
