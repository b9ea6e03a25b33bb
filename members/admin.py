from django.contrib import admin

from .models import Organization, RoleChangeRequest, Service, ServiceOffering, Staff, Team


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "active"]
    search_fields = ["short_name", "name"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_ur", "active"]


@admin.register(ServiceOffering)
class ServiceOfferingAdmin(admin.ModelAdmin):
    list_display = ["organization", "service", "province", "district"]
    list_filter = ["service", "province"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "language"]
    list_filter = ["organization", "role"]
    raw_id_fields = ["user"]
    # A role is synced to guardian permissions by members.services; change it in the app.
    readonly_fields = ["role"]


admin.site.register(Team)


@admin.register(RoleChangeRequest)
class RoleChangeRequestAdmin(admin.ModelAdmin):
    """Read only: requests are decided in the app, where members.accounts_policy is asked."""

    list_display = ["staff", "organization", "kind", "to_role", "status", "requested_at"]
    list_filter = ["status", "kind", "organization"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
