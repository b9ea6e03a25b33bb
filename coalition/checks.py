"""Deployment checks for what settings cannot refuse by themselves."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def cache_apart_from_broker(app_configs, **kwargs) -> list[Warning]:
    """One `cache.clear()` once emptied the task queue: they shared a Redis database."""
    location = settings.CACHES["default"].get("LOCATION")
    if location and location == settings.CELERY_BROKER_URL:
        return [
            Warning(
                "The cache and the Celery broker use the same Redis database.",
                hint="Set CACHE_URL (or CELERY_BROKER_URL) to another database or instance.",
                id="coalition.W001",
            )
        ]
    return []
