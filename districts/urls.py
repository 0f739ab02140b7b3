"""Public pages of this app."""

app_name = "districts"
urlpatterns = []
