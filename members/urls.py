from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("staff/", views.staff_list, name="my_staff"),
    path("staff/<id:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/<id:pk>/active/", views.staff_set_active, name="staff_set_active"),
    path("staff/<id:pk>/password-link/", views.staff_password_link, name="staff_password_link"),
    path(
        "staff/<id:pk>/second-factor/reset/",
        views.staff_second_factor_reset,
        name="staff_second_factor_reset",
    ),
    path("role-requests/", views.role_requests, name="role_requests"),
    path("role-requests/<id:pk>/", views.role_request_decide, name="role_request_decide"),
    path("services/", views.offerings, name="my_offerings"),
    path("services/<id:pk>/remove/", views.offering_remove, name="offering_remove"),
    path("entry/", views.directory_entry, name="my_entry"),
    path("catalogue/", views.service_catalogue, name="catalogue"),
    path("catalogue/new/", views.service_form, name="service_new"),
    path("catalogue/<slug:code>/", views.service_form, name="service_edit"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/new/", views.organization_form, name="organization_new"),
    path("organizations/<str:org>/", views.organization_form, name="organization_edit"),
    path("<str:org>/staff/", views.staff_list, name="staff"),
    path("<str:org>/staff/new/", views.staff_create, name="staff_new"),
    path("<str:org>/staff/teams/", views.team_create, name="team_new"),
    path("<str:org>/services/", views.offerings, name="offerings"),
    path("<str:org>/entry/", views.directory_entry, name="entry"),
]
