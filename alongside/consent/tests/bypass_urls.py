"""A URL configuration with an export that skips the gate, to show the crawl in
test_export_paths.py notices one."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bypass(request: HttpRequest) -> HttpResponse:
    return HttpResponse("name,note\nCasey,private\n", content_type="text/csv")


urlpatterns = [path("bypass/", bypass), path("", include("config.urls"))]
