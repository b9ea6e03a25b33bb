"""Deployment checks for what settings cannot refuse by themselves."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


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


@register(deploy=True)
def two_factor_required(app_configs, **kwargs) -> list[Warning]:
    if not settings.REQUIRE_TWO_FACTOR:
        return [
            Warning(
                "REQUIRE_TWO_FACTOR is off: admins, supervisors and the secretariat sign in with "
                "a password alone.",
                hint="Unset REQUIRE_TWO_FACTOR (it is on by default without DEBUG).",
                id="coalition.W003",
            )
        ]
    return []


@register(deploy=True)
def proxy_count_behind_a_proxy(app_configs, **kwargs) -> list[Warning]:
    """Behind a proxy every request comes from its address: without PROXY_COUNT the sign-in
    limits per address would count everyone together, and the log would name the proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.AXES_IPWARE_PROXY_COUNT:
        return [
            Warning(
                "BEHIND_TLS_PROXY is set but PROXY_COUNT is 0.",
                hint="Set PROXY_COUNT to the number of proxies in front of the app (1 with the "
                "compose stack's nginx).",
                id="coalition.W004",
            )
        ]
    return []


@register(deploy=True)
def access_log_seal_key_set(app_configs, **kwargs) -> list[Warning]:
    """Without a key of its own the chain is keyed from SECRET_KEY: rotating SECRET_KEY (the
    usual answer to a leak) would make every seal fail to verify."""
    if not settings.ACCESS_LOG_SEAL_KEY:
        return [
            Warning(
                "ACCESS_LOG_SEAL_KEY is not set: the access log's seals are keyed from SECRET_KEY.",
                hint="Set ACCESS_LOG_SEAL_KEY to a long random value and never change it.",
                id="coalition.W005",
            )
        ]
    return []


@register(deploy=True)
def encryption_keys_set(app_configs, **kwargs) -> list[Error]:
    """Without DEBUG nothing encrypted can be read or written without the keys: refuse the
    deployment before it refuses its first case."""
    from .crypto import keyring

    errors = []
    try:
        keyring()
    except ImproperlyConfigured as error:
        errors.append(Error(str(error), id="coalition.E001"))
    if not settings.IDENTIFIER_HASH_KEY:
        errors.append(
            Error(
                "IDENTIFIER_HASH_KEY is not set: exact search and the duplicate check need it.",
                hint="Set it to a long random string, apart from FIELD_ENCRYPTION_KEYS.",
                id="coalition.E002",
            )
        )
    elif settings.IDENTIFIER_HASH_KEY in settings.FIELD_ENCRYPTION_KEYS:
        errors.append(
            Error(
                "IDENTIFIER_HASH_KEY is one of the encryption keys: keep the two apart.",
                id="coalition.E003",
            )
        )
    return errors


@register(Tags.database)
def stored_values_open_with_the_keys(app_configs, databases=None, **kwargs) -> list[Error]:
    """A wrong or missing FIELD_ENCRYPTION_KEYS is found before anyone opens a case, not by the
    first case page answering 500: the newest value of each encrypted column is read. Run with
    `check --database default` (compose's migrate step does, before the app starts); a table
    not made yet is passed over."""
    from django.apps import apps
    from django.db import DatabaseError
    from django_scopes import scopes_disabled

    from .crypto import DecryptionError, EncryptedMixin

    errors = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, EncryptedMixin):
                continue
            stored = model._base_manager.exclude(**{field.name: ""}).filter(
                **{f"{field.name}__isnull": False}
            )
            try:
                with scopes_disabled():
                    list(stored.order_by("-pk").values_list(field.name, flat=True)[:1])
            except DecryptionError as error:
                errors.append(
                    Error(
                        f"{model._meta.label}.{field.name} cannot be read: {error}",
                        hint="Set FIELD_ENCRYPTION_KEYS to the keys the data was stored under "
                        "(docs/operations.md, 'Encryption keys').",
                        id="coalition.E004",
                    )
                )
                return errors  # one is enough: every column is under the same keys
            except DatabaseError:
                continue  # not migrated yet
    return errors
