"""Validation of CNICs, phone numbers and dates, with messages a caseworker understands."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.geography import CNIC_FIRST_DIGIT_PROVINCE

from .text import digits_only

_CNIC = re.compile(r"^\d{5}-\d{7}-\d$")


def normalise_cnic(value: str) -> str:
    """`12345-1234567-1` from any spacing or dashes; '' when it is not 13 digits."""
    digits = digits_only(value)
    if len(digits) != 13:
        return ""
    return f"{digits[:5]}-{digits[5:12]}-{digits[12]}"


# NADRA's first CNIC digit is the province or region where it was issued.
def validate_cnic(value: str) -> str:
    cnic = normalise_cnic(value)
    if not cnic or not _CNIC.match(cnic):
        raise ValidationError(
            _("A CNIC has 13 digits, written like 12345-1234567-1."), code="invalid_cnic"
        )
    if cnic[0] not in CNIC_FIRST_DIGIT_PROVINCE:
        raise ValidationError(
            _(
                "A CNIC starts with a digit from 1 to 8, for the province that issued it: "
                "check the first digit."
            ),
            code="invalid_cnic_province",
        )
    return cnic


def validate_identity_document(doc_type: str, number: str, issuing_country: str) -> str:
    """The document's number, normalised: a CNIC, B-form or NICOP is 13 digits with a province
    digit (NADRA issues all three on the CNIC pattern); a passport 6 to 12 letters and digits;
    a PoR card or other document anything up to 30 characters."""
    number = number.strip()
    if doc_type in ("cnic", "b_form", "nicop"):
        return validate_cnic(number)
    if doc_type == "passport":
        compact = re.sub(r"[\s-]", "", number).upper()
        if not re.fullmatch(r"[A-Z0-9]{6,12}", compact):
            raise ValidationError(
                _("A passport number has 6 to 12 letters and digits, like AB1234567."),
                code="invalid_passport",
            )
        return compact
    if not number:
        raise ValidationError(_("Enter the document's number."), code="required")
    return number


def province_of_cnic(value: str) -> str:
    """The province a CNIC's first digit names ('' when it names none): a suggestion for the
    province of origin, which the person may correct."""
    cnic = normalise_cnic(value)
    return str(CNIC_FIRST_DIGIT_PROVINCE.get(cnic[:1], "")) if cnic else ""


def normalise_phone(value: str) -> str:
    """Pakistani mobiles as +923001234567; other countries' numbers as +<digits>; else ''."""
    raw = value.strip()
    digits = digits_only(raw)
    if re.fullmatch(r"03\d{9}", digits):
        return "+92" + digits[1:]
    if re.fullmatch(r"923\d{9}", digits) and not raw.startswith("0"):
        return "+" + digits
    if re.fullmatch(r"00923\d{9}", digits):
        return "+" + digits[2:]
    if (raw.startswith("+") or digits.startswith("00")) and not digits.lstrip("0").startswith("92"):
        international = digits[2:] if digits.startswith("00") else digits
        if 8 <= len(international) <= 15:
            return "+" + international
    return ""


def validate_phone(value: str) -> str:
    phone = normalise_phone(value)
    if not phone:
        raise ValidationError(
            _(
                "Enter a mobile number like 0300 1234567 or +92 300 1234567 "
                "(a foreign number with its country code, e.g. +971 50 123 4567)."
            ),
            code="invalid_phone",
        )
    return phone


def validate_not_future(value: date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future_date")


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
