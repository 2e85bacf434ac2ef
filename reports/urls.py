"""Routes of the reports app: the report and its editor, the threat and review-stage lists
(listed here), and the review chain's pages (listed in ``views.review``)."""

from django.urls import path

from .views import report as views
from .views import review
from .views.review_stages import ReviewStageListView
from .views.threats import ThreatListView

app_name = "reports"

urlpatterns = [
    path("threats/", ThreatListView.as_view(), name="threat_list"),
    path("review-stages/", ReviewStageListView.as_view(), name="review_stage_list"),
    path("missions/<id:pk>/report/start/", views.ReportStartView.as_view(), name="report_start"),
    path("reports/<id:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<id:pk>/edit/", views.ReportUpdateView.as_view(), name="report_update"),
    path("reports/<id:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<id:pk>/pdf/", views.ReportPdfRequestView.as_view(), name="report_pdf"),
    path("reports/<id:pk>/threats/new/", views.ThreatCreateView.as_view(), name="threat_create"),
    path(
        "reports/<id:pk>/threats/<id:threat_id>/edit/",
        views.ThreatUpdateView.as_view(),
        name="threat_update",
    ),
    path(
        "reports/<id:pk>/threats/<id:threat_id>/remove/",
        views.ThreatRemoveView.as_view(),
        name="threat_remove",
    ),
    path(
        "reports/<id:pk>/sexual-violence/",
        views.SexualViolenceAnalysisView.as_view(),
        name="sv_analysis",
    ),
    path(
        "reports/<id:pk>/protection-plan/",
        views.ProtectionPlanView.as_view(),
        name="protection_plan",
    ),
    path(
        "reports/<id:pk>/recommendations/new/",
        views.RecommendationCreateView.as_view(),
        name="recommendation_create",
    ),
    path(
        "reports/<id:pk>/recommendations/<id:rec_id>/edit/",
        views.RecommendationUpdateView.as_view(),
        name="recommendation_update",
    ),
    path(
        "reports/<id:pk>/recommendations/<id:rec_id>/remove/",
        views.RecommendationRemoveView.as_view(),
        name="recommendation_remove",
    ),
    *review.urlpatterns,
]
