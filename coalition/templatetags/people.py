"""People as their colleagues know them: on a timeline, a staff member's full name, not the name
they sign in with. The pages select the user with their rows, so this reads no database."""

from django import template

register = template.Library()


@register.filter
def person(user, default: str = "") -> str:
    """The full name, else the sign-in name; `default` when there is no one (the system)."""
    if user is None:
        return default
    return user.get_full_name() or user.get_username()
