from django.urls import path

from calls import views

urlpatterns = [
    path("api/auth/verify/", views.verify, name="verify"),
    path("api/call-events/", views.webhook, name="webhook"),
    path("api/calls/can-call/", views.can_call, name="can-call"),
    path("calls/token/", views.call_token, name="call-token"),
    path("users/token/", views.user_token, name="user-token"),
    path("devices/", views.devices, name="devices"),
    path("devices/logout/", views.devices_logout, name="devices-logout"),
    path("devices/<uuid:device_id>/", views.device, name="device"),
]
