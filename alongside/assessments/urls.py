"""Every assessments page, included once at the site root by config/urls.py:

- staff: /clients/<id>/assessments/ (namespace "assessments", staff_urls.py);
- the client's own: /me/assessments/ (namespace "my_assessments", portal_urls.py).
"""

from django.urls import include, path

urlpatterns = [
    path("clients/", include("alongside.assessments.staff_urls")),
    path("me/assessments/", include("alongside.assessments.portal_urls")),
]
