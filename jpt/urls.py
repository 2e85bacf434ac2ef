"""Root URLs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jpt.accounts.views import PasswordChangeView, PasswordResetConfirmView, ProfileView
from jpt.views import HomeView, service_worker

auth_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profile/", ProfileView.as_view(), name="profile"),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("sw.js", service_worker, name="service_worker"),
    path("accounts/", include(auth_patterns)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("missions.urls")),
    path("", include("reports.urls")),
    path("", include("recommendations.urls")),
    path("", include("jpt.insights.urls")),
    path("", include("jpt.documents.urls")),
]
