"""Security headers on every response. The CSP allows no inline script: pages load their
behaviour from /static/js, and data reaches scripts through data-* attributes or JSON twins."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders

from planwatch.web.startheaders import StartHeadersMiddleware

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


class SecurityHeadersMiddleware(StartHeadersMiddleware):
    """Each header unless the route set its own."""

    def rewrite(self, headers: MutableHeaders) -> None:
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
