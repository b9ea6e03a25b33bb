"""Pakistan's provinces and territories, and their districts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    PUNJAB = "punjab", _("Punjab")
    SINDH = "sindh", _("Sindh")
    KPK = "kpk", _("Khyber Pakhtunkhwa")
    BALOCHISTAN = "balochistan", _("Balochistan")
    ISLAMABAD = "islamabad", _("Islamabad Capital Territory")
    GILGIT_BALTISTAN = "gilgit_baltistan", _("Gilgit-Baltistan")
    AJK = "ajk", _("Azad Jammu and Kashmir")


def validate_district(value: str) -> None:
    """A district is stored by its English name. When this module lists Pakistan's districts
    (a `DISTRICTS` mapping of English names), a name not on the list is refused; until then any
    name is kept as typed."""
    from django.core.exceptions import ValidationError

    known = globals().get("DISTRICTS")
    if value and known and value not in known:
        raise ValidationError(_("%(name)s is not a district of Pakistan.") % {"name": value})
