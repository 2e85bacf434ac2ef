from django.urls import path, re_path

from .views import consultations, field, missions, team, team_members
from .views import requests as views

app_name = "missions"

urlpatterns = [
    path("requests/", views.RequestListView.as_view(), name="request_list"),
    path("requests/mine/", views.MyRequestListView.as_view(), name="my_requests"),
    path("requests/new/", views.RequestCreateView.as_view(), name="request_create"),
    path("requests/<id:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<id:pk>/edit/", views.RequestUpdateView.as_view(), name="request_update"),
    re_path(
        r"^requests/(?P<pk>[0-9]{1,18})/(?P<action>approve|decline|return)/$",
        views.RequestDecideView.as_view(),
        name="request_decide",
    ),
    path("places/territories/", views.territory_options, name="territory_options"),
    path("places/localities/", views.locality_options, name="locality_options"),
    path("places/bases/", views.base_options, name="base_options"),
    # Missions, their team, field work, the consultation and team lists: each views module lists its
    # own routes.
    *missions.urlpatterns,
    *team.urlpatterns,
    *field.urlpatterns,
    *consultations.urlpatterns,
    *team_members.urlpatterns,
]
