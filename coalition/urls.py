from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from members import passkey_views, session_views, two_factor_views
from members.views import PasswordResetView

from . import import_pages, views

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/setlang/", views.switch_language, name="set_language"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/two-factor/", two_factor_views.verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor_views.setup, name="two_factor_setup"),
    path(
        "accounts/two-factor/backup-codes/",
        two_factor_views.backup_codes,
        name="two_factor_backup_codes",
    ),
    path("accounts/two-factor/passkeys/", include("members.passkey_urls")),
    path(
        "accounts/two-factor/passkeys/<id:pk>/remove/",
        passkey_views.remove,
        name="two_factor_passkey_remove",
    ),
    path("accounts/sessions/", session_views.own_sessions, name="account_sessions"),
    path("accounts/sessions/keep/", session_views.keep_signed_in, name="keep_signed_in"),
    path(
        "accounts/sessions/end-others/",
        session_views.end_other_sessions,
        name="account_sessions_end_others",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("members/", include("members.urls")),
    path("cases/", include("cases.urls")),
    path("helpline/", include("cases.helpline.urls")),
    path("access-log/", views.access_log, name="access_log"),
    path("notifications/", views.notifications, name="notifications"),
    path("referrals/", include("referrals.urls")),
    path("reports/", include("coalition.reports.urls")),
    path("activities/", include("coalition.activities.urls")),
    path("imports/", import_pages.imports_home, name="imports"),
    path("imports/job/<id:pk>/", import_pages.import_job, name="import_job"),
    path("imports/job/<id:pk>/confirm/", import_pages.import_confirm, name="import_confirm"),
    path("imports/<slug:kind>/", import_pages.import_page, name="import_page"),
    path(
        "imports/<slug:kind>/template.<str:fmt>",
        import_pages.import_template,
        name="import_template",
    ),
]

if settings.DEBUG or settings.ADMIN_ENABLED:
    urlpatterns.append(path("django-admin/", admin.site.urls))

handler500 = "coalition.views.server_error"
