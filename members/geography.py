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
