from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from .audit import current_ip
from .health import report


def client_ip(request) -> str | None:
    """The client's address; behind PROXY_COUNT trusted proxies, from X-Forwarded-For."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if proxies:
        forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [ip for ip in forwarded if ip]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Notes the client's address for the access log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class HealthCheckMiddleware:
    """Answers the health checks first, before sessions, login, the Host check or the HTTPS
    redirect run: a probe gets 200 or 503 from the checks themselves, whatever cookie or Host
    it sends, and no session row is read for it.

    `/healthz` covers the database, the broker and the worker heartbeat (for monitoring);
    `/healthz/web` only what the web server needs (for its own container's health check and
    the proxy), so a stopped worker does not take the web server out of service.
    """

    PATHS = {"/healthz": True, "/healthz/web": False}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jobs = self.PATHS.get(request.path_info)
        if jobs is None:
            return self.get_response(request)
        status = report(jobs=jobs)
        response = JsonResponse(status, status=200 if status["status"] == "ok" else 503)
        add_never_cache_headers(response)
        return response
