"""Worksheet pages: the staff page under /clients/<uuid>/worksheets/ and the client's own
under /me/worksheets/ (placed before the portal's /me/ in config/urls.py)."""

from django.urls import path

from alongside.worksheets import portal_views, views

app_name = "worksheets"
STAFF = "clients/<uuid:public_id>/worksheets/"
PORTAL = "me/worksheets/"
SHEET = f"{PORTAL}<uuid:worksheet_id>/"

urlpatterns = [
    path(STAFF, views.client_worksheets, name="client"),
    path(f"{STAFF}<uuid:worksheet_id>/comments/", views.comment, name="comment"),
    path(PORTAL, portal_views.my_worksheets, name="my_list"),
    path(f"{PORTAL}start/", portal_views.start, name="my_start"),
    path(SHEET, portal_views.sheet, name="my_sheet"),
    path(f"{SHEET}share/", portal_views.share, name="my_share"),
    path(f"{SHEET}new/<slug:section>/", portal_views.new_row, name="my_new_row"),
    path(f"{SHEET}rows/<uuid:entry_id>/", portal_views.row, name="my_row"),
    path(f"{SHEET}rows/<uuid:entry_id>/share/", portal_views.share, name="my_share_row"),
    path(f"{SHEET}rows/<uuid:entry_id>/delete/", portal_views.delete_row, name="my_delete_row"),
]
