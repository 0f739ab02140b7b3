from django.contrib.admin.apps import AdminConfig


class TrackerAdminConfig(AdminConfig):
    """Django's admin app, with the tracker's own site as `admin.site`."""

    default_site = "portal.admin_site.PortalAdminSite"
