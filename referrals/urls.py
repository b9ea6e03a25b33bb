from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/<id:case_id>/", views.new, name="new"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/accept/", views.accept, name="accept"),
    path("<id:pk>/decline/", views.decline, name="decline"),
    path("<id:pk>/complete/", views.complete, name="complete"),
    path("<id:pk>/withdraw/", views.withdraw, name="withdraw"),
]
