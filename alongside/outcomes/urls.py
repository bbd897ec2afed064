from django.urls import path

from alongside.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.retention_page, name="retention"),
    path("recovery-capital/", views.recovery_page, name="recovery"),
    path("engagement/", views.engagement_page, name="engagement"),
    path("charts/<slug:key>.svg", views.chart_svg, name="chart_svg"),
    path("charts/<slug:key>.csv", views.chart_csv, name="chart_csv"),
    path("report/", views.report_page, name="report"),
    path("report.pdf", views.report_file, {"kind": "pdf"}, name="report_pdf"),
    path("report.csv", views.report_file, {"kind": "csv"}, name="report_csv"),
]
