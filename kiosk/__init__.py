"""The visitors' touch kiosk (/kiosk) and the phone tracking page (/t/<token>)."""

from kiosk.views import kiosk

__all__ = ["kiosk"]
