from django.contrib import admin

from articles.models import Organization, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "job_title", "active", "user")
    list_filter = ("active",)
    search_fields = ("name", "job_title")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("headshot", "user")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("logo",)
