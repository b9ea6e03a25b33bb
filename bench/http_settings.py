"""Settings of the server the HTTP benchmark starts: the product's, plus what only it needs.

The product's settings as production reads them (DEBUG off; the benchmark sets SECRET_KEY,
ALLOWED_HOSTS=127.0.0.1 and SECURE_SSL_REDIRECT=0 in the environment), and:
- cookies without the Secure flag: the benchmark's clients speak plain HTTP on loopback, where
  a browser-like client never sends a Secure cookie back (production sits behind TLS);
- response headers with each request's SQL count and CPU time (bench/http_middleware.py);
- the benchmark's own URLconf (bench/http_urls.py) for the changelist and the
  bare view measured beside the case list.
Nothing in the product reads this module.
"""

from coalition.settings import *  # noqa: F403
from coalition.settings import MIDDLEWARE

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

# Outermost, so the figures cover the health probe and the session, user and access lookups.
MIDDLEWARE = ["bench.http_middleware.MeasureMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "bench.http_urls"
ADMIN_ENABLED = False  # the product's own admin route stays off; bench/http_urls.py mounts one
