from django.urls import path

from calls import views

urlpatterns = [
    path("api/auth/verify/", views.verify, name="verify"),
    path("api/call-events/", views.webhook, name="webhook"),
    path("calls/token/", views.call_token, name="call-token"),
]
