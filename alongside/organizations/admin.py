"""Django admin for platform operators (superusers): tenants, programs and memberships.

Organization administrators manage their own staff in the app (overview:staff); the Django
admin is global and therefore reserved for superusers. Client records are not registered
here at all: nobody reads clinical content through the admin.
"""

from django.contrib import admin

from alongside.organizations.models import Membership, Organization, Program


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "time_zone"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "kind", "is_active"]
    list_filter = ["organization", "kind"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "supervisor", "is_active"]
    list_filter = ["organization", "role"]
    autocomplete_fields = ["user", "supervisor"]
    filter_horizontal = ["programs"]
