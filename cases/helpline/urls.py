from django.urls import path

from . import views

app_name = "helpline"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("new/", views.call_new, name="new"),
    path("<id:pk>/", views.call_detail, name="detail"),
    path("<id:pk>/case/", views.open_case, name="open_case"),
    path("<id:pk>/attach/", views.attach, name="attach"),
    path("<id:pk>/call-back-done/", views.callback_done, name="callback_done"),
]
