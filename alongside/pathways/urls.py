"""Pathway pages: staff pages under /clients/<uuid>/pathways/, the advocate's own notes under
/pathways/my-notes/, and the client's own under /me/pathways/ (placed before the portal's /me/
in config/urls.py)."""

from django.urls import path

from alongside.pathways import portal_views, views

app_name = "pathways"
urlpatterns = [
    path("clients/<uuid:public_id>/pathways/", views.client_pathways, name="client"),
    path("clients/<uuid:public_id>/pathways/move/", views.move, name="move"),
    path("clients/<uuid:public_id>/pathways/follow/", views.follow, name="follow"),
    path("clients/<uuid:public_id>/pathways/own-stages/", views.add_own_stage, name="own_stage"),
    path("clients/<uuid:public_id>/pathways/share-note/", views.share_note, name="share_note"),
    path("pathways/my-notes/", views.my_notes, name="my_notes"),
    path("pathways/my-notes/<slug:pathway>/<slug:stage>/", views.edit_note, name="edit_note"),
    path("me/pathways/", portal_views.my_pathways, name="my_pathways"),
]
