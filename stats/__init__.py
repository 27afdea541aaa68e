"""Statistics (/admin/stats for the admin, /stats/today for agents) and the monthly report."""

from stats.views import stats

__all__ = ["stats"]
