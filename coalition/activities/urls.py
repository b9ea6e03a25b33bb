from django.urls import path

from .views import activities, register, report

app_name = "activities"

urlpatterns = [
    path("", activities.activity_list, name="list"),
    path("new/", activities.activity_create, name="create"),
    path("calendar/", activities.calendar, name="calendar"),
    path("calendar/renew/", activities.renew_feed, name="renew_feed"),
    path("calendar/<str:token>.ics", register.calendar_feed, name="feed"),
    path("<id:pk>/", activities.activity_detail, name="detail"),
    path("<id:pk>/edit/", activities.activity_edit, name="edit"),
    path("<id:pk>/follow-ups/", activities.follow_up_add, name="follow_up_add"),
    path(
        "<id:pk>/follow-ups/<id:follow_up_id>/done/",
        activities.follow_up_done,
        name="follow_up_done",
    ),
    path("<id:pk>/commitments/", activities.commitment_add, name="commitment_add"),
    path("<id:pk>/files/", activities.file_add, name="file_add"),
    path("<id:pk>/files/<id:file_id>/", activities.file_download, name="file"),
    path("stakeholders/", register.stakeholder_list, name="stakeholders"),
    path("stakeholders/new/", register.stakeholder_form, name="stakeholder_add"),
    path("stakeholders/<id:pk>/", register.stakeholder_detail, name="stakeholder"),
    path("stakeholders/<id:pk>/edit/", register.stakeholder_form, name="stakeholder_edit"),
    path("funding/", register.call_list, name="calls"),
    path("funding/new/", register.call_form, name="call_add"),
    path("funding/<id:pk>/", register.call_detail, name="call_detail"),
    path("funding/<id:pk>/edit/", register.call_form, name="call_edit"),
    path("funding/<id:pk>/join/", register.call_join, name="call_join"),
    path("funding/<id:pk>/bid/", register.call_manage, name="call_manage"),
    path("funding/<id:pk>/files/", register.call_file_add, name="call_file_add"),
    path("funding/<id:pk>/files/<id:file_id>/", register.call_file_download, name="call_file"),
    path("donor-report/", report.donor_report, name="donor_report"),
    path("donor-report/pdf/", report.donor_pdf, name="donor_pdf"),
    path("donor-report/export/<str:fmt>/", report.donor_export, name="donor_export"),
]
