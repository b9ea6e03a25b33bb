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


@register(deploy=True)
def libmagic_installed(app_configs, **kwargs) -> list[Warning]:
    """Uploads are typed by libmagic; without it only the signature and the full parse are."""
    from .uploads import magic

    if magic is None:
        return [
            Warning(
                "libmagic is not installed: uploads are typed by their first bytes and a parse.",
                hint="Install the system package libmagic1 (the Docker image has it).",
                id="coalition.W002",
            )
        ]
    return []
