from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/<int:case_id>/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
