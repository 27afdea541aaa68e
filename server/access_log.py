"""The access log without secrets: tracking tokens and other links' keys are masked.

A ticket's tracking token is the key to its phone page, a checklist's token to the visitor's
checklist, an appointment's to its page. The server's request log (gevent, eventlet or
Werkzeug, whichever serves) writes `/t/***` instead, and `token=***` in query strings; a PIN
(`pin=***`, `new_pin=***`) never reaches it either.
"""

from __future__ import annotations

import logging
import re
from typing import Any

SECRET_PATHS = re.compile(
    r"(/(?:t|c|rdv|setup|agenda|kiosk/qr|api/v1/tickets/by-token|api/v1/checklists)/)"
    r"[^/?#\s\".]+"
)
# A PIN reaches a query string only when a form is sent before its script is ready (a GET by
# default): the forms say method="post" for that, and the log masks it all the same.
SECRET_QUERY = re.compile(
    r"([?&](?:token|code|key|password|again|[a-z_]*pin[a-z_]*)=)[^&#\s\"]+", re.IGNORECASE
)
MASK = "***"


def mask_secrets(text: str) -> str:
    return SECRET_QUERY.sub(rf"\g<1>{MASK}", SECRET_PATHS.sub(rf"\g<1>{MASK}", text))


class MaskSecrets(logging.Filter):
    """For Werkzeug's request log (the threading server): the line is rendered, then masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_secrets(record.getMessage())
        record.args = ()
        return True


class MaskedStream:
    """A file-like log (gevent's and eventlet's access log) that masks each line it writes."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> Any:
        return self.stream.write(mask_secrets(text))

    def flush(self) -> None:
        self.stream.flush()


def mask_werkzeug_log() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(existing, MaskSecrets) for existing in logger.filters):
        logger.addFilter(MaskSecrets())
