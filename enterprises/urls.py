"""Public pages of this app."""

app_name = "enterprises"
urlpatterns = []
