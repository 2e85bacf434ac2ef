from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("missions/<int:pk>/report/start/", views.ReportStartView.as_view(), name="report_start"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportUpdateView.as_view(), name="report_update"),
    path("reports/<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/threats/new/", views.ThreatCreateView.as_view(), name="threat_create"),
    path(
        "reports/<int:pk>/threats/<int:threat_id>/edit/",
        views.ThreatUpdateView.as_view(),
        name="threat_update",
    ),
    path(
        "reports/<int:pk>/threats/<int:threat_id>/remove/",
        views.ThreatRemoveView.as_view(),
        name="threat_remove",
    ),
    path(
        "reports/<int:pk>/sexual-violence/",
        views.SexualViolenceAnalysisView.as_view(),
        name="sv_analysis",
    ),
    path(
        "reports/<int:pk>/protection-plan/",
        views.ProtectionPlanView.as_view(),
        name="protection_plan",
    ),
    path(
        "reports/<int:pk>/recommendations/new/",
        views.RecommendationCreateView.as_view(),
        name="recommendation_create",
    ),
    path(
        "reports/<int:pk>/recommendations/<int:rec_id>/edit/",
        views.RecommendationUpdateView.as_view(),
        name="recommendation_update",
    ),
    path(
        "reports/<int:pk>/recommendations/<int:rec_id>/remove/",
        views.RecommendationRemoveView.as_view(),
        name="recommendation_remove",
    ),
]
