"""Signing in by username and password, as Django's ModelBackend, with one query less per page.

Every signed-in page reads the person's staff record and organisation (members.access.staff_of);
reading them with the user, in the query the session makes anyway, saves one query on each.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("staff__organization")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
