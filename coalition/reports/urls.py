from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("request/", views.request_report, name="request"),
    path("ctdc/", views.ctdc, name="ctdc"),
    path("stored/<id:pk>/", views.stored, name="stored"),
    path("stored/<id:pk>/progress/", views.progress, name="progress"),
    path("stored/<id:pk>/files/<str:key>/", views.download, name="download"),
]
