"""Django's own messages that its Urdu catalogue lacks or spells the old way.

Django ships Urdu for few of its form, validation and sign-in messages, and writes some of
those it has the old way (do-chashmi he where today's Urdu writes he). A staff member working
in Urdu met them in English or misspelt: the sign-in error, a password that does not match,
a number too long, "this field is required".
The project's catalogue (coalition/locale, read before Django's) translates them; they are
named here so that `make messages` keeps them; nothing but a test reads this module (each
plural message with the count 2, which only picks the form the test reads).
"""
# Django's messages, exactly (typographic quotes, long lines), or they would not be found:
# ruff: noqa: RUF001, E501

from django.utils.translation import gettext_lazy, ngettext_lazy

DJANGO_MESSAGES = (
    gettext_lazy("This field is required."),
    gettext_lazy("This field cannot be null."),
    gettext_lazy("This field cannot be blank."),
    gettext_lazy("yes,no,maybe"),
    gettext_lazy("The submitted file is empty."),
    gettext_lazy("Please either submit a file or check the clear checkbox, not both."),
    gettext_lazy(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_lazy("Select a valid choice. That choice is not one of the available choices."),
    gettext_lazy("Ensure this value is %(limit_value)s (it is %(show_value)s)."),
    gettext_lazy("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_lazy("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_lazy("Enter only digits separated by commas."),
    gettext_lazy("%(model_name)s with this %(field_label)s already exists."),
    gettext_lazy("%(model_name)s with this %(field_labels)s already exists."),
    gettext_lazy("Please correct the duplicate data for %(field)s, which must be unique."),
    gettext_lazy(
        "Please correct the duplicate data for %(field_name)s which must be unique for the %(lookup)s in %(date_field)s."
    ),
    gettext_lazy("Enter a valid domain name."),
    gettext_lazy("Enter a valid integer."),
    gettext_lazy("Enter a valid email address."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        2,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        2,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        2,
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        2,
    ),
    gettext_lazy(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
    ),
    gettext_lazy("Null characters are not allowed."),
    gettext_lazy("Value %(value)r is not a valid choice."),
    gettext_lazy("“%(value)s” value must be either True or False."),
    gettext_lazy("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    gettext_lazy(
        "“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."
    ),
    gettext_lazy("“%(value)s” value must be a decimal number."),
    gettext_lazy("“%(value)s” value must be an integer."),
    gettext_lazy("“%(value)s” is not a valid UUID."),
    gettext_lazy("Enter a valid duration."),
    gettext_lazy("Enter a valid UUID."),
    gettext_lazy("Enter a valid JSON."),
    gettext_lazy("Enter a complete value."),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        2,
    ),
    gettext_lazy("“%(pk)s” is not a valid value."),
    gettext_lazy(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
    ),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 2),
    ngettext_lazy(
        "Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 2
    ),
    gettext_lazy("(Hidden field %(name)s) %(error)s"),
    gettext_lazy(
        "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists."
    ),
    gettext_lazy(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_lazy("This account is inactive."),
    gettext_lazy("The two password fields didn’t match."),
    gettext_lazy("Password"),
    gettext_lazy("password"),
    gettext_lazy("New password"),
    gettext_lazy("Old password"),
    gettext_lazy("Password confirmation"),
    gettext_lazy("New password confirmation"),
    gettext_lazy("Enter the same password as before, for verification."),
    gettext_lazy("Your old password was entered incorrectly. Please enter it again."),
    gettext_lazy("username"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        2,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        2,
    ),
    gettext_lazy("The password is too similar to the %(verbose_name)s."),
    gettext_lazy("Your password can’t be too similar to your other personal information."),
    gettext_lazy("This password is too common."),
    gettext_lazy("Your password can’t be a commonly used password."),
    gettext_lazy("This password is entirely numeric."),
    gettext_lazy("Your password can’t be entirely numeric."),
    gettext_lazy("A user with that username already exists."),
    gettext_lazy("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    gettext_lazy(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_lazy("first name"),
    gettext_lazy("last name"),
    gettext_lazy("email address"),
)
