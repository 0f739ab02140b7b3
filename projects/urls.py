"""Public pages of this app."""

app_name = "projects"
urlpatterns = []
