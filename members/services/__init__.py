"""Write paths of the members app: accounts, role requests, organisations and their services."""

from .accounts import (
    change_role,
    create_staff,
    send_password_link,
    set_language,
    set_staff_active,
    update_staff,
)
from .common import grant_role
from .directory import save_service, update_capacity, update_directory_entry
from .organizations import (
    add_offering,
    create_member,
    create_team,
    remove_offering,
    save_organization,
)
from .requests import decide_role_request

__all__ = [
    "add_offering",
    "change_role",
    "create_member",
    "create_staff",
    "create_team",
    "decide_role_request",
    "grant_role",
    "remove_offering",
    "save_organization",
    "save_service",
    "send_password_link",
    "set_language",
    "set_staff_active",
    "update_capacity",
    "update_directory_entry",
    "update_staff",
]
