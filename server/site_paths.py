"""Site paths: everything under /s/<site>/ is that site's (/s/moissac/kiosk, /s/moissac/api/v1/…).

A small WSGI layer moves the /s/<site> part of the path into SCRIPT_NAME, so every route works
unchanged under it and every link the server builds (url_for) stays under the same site. A
public request's site is then: the paired screen's binding, else this path, else the home site
(`server.context.current_site`), never a query parameter a visitor could edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import has_request_context, request

PATH_SITE = "accueil.site_path"  # the WSGI environ key the layer leaves for the request
SITE_PATH = re.compile(r"/s/([A-Za-z0-9][A-Za-z0-9_-]{0,63})(/.*)?")


class SitePaths:
    """WSGI middleware: /s/<site>/rest -> SCRIPT_NAME …/s/<site>, PATH_INFO /rest."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        match = SITE_PATH.fullmatch(environ.get("PATH_INFO") or "")
        if match:
            code, rest = match.group(1), match.group(2) or "/"
            environ[PATH_SITE] = code
            environ["SCRIPT_NAME"] = f"{environ.get('SCRIPT_NAME', '').rstrip('/')}/s/{code}"
            environ["PATH_INFO"] = rest
        return self.wsgi_app(environ, start_response)


def path_site() -> str | None:
    """The site named by this request's /s/<site>/ path, if any."""
    if not has_request_context():
        return None
    code = request.environ.get(PATH_SITE)
    return str(code) if code else None


def site_url(code: str, home: str, path: str) -> str:
    """A page of a site as this request would link it: /kiosk for the home site, else
    /s/<site>/kiosk (under a proxy's own prefix, if any)."""
    root = request.script_root if has_request_context() else ""
    here = path_site()
    if here and root.endswith(f"/s/{here}"):
        root = root[: -len(f"/s/{here}")]
    return f"{root}{path}" if code == home else f"{root}/s/{code}{path}"


def public_page_url(code: str, path: str) -> str:
    """Where phones reach a site's public page (QR codes, printed links): the public address,
    then /s/<site> unless it is the home site."""
    from server.context import base_url, home_site

    root = base_url().rstrip("/")
    return f"{root}{path}" if code == home_site() else f"{root}/s/{code}{path}"
