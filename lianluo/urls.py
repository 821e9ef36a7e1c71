from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="activities:overview"), name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("activities.urls")),
    path("", include("archives.urls")),
    path("", include("bulletins.urls")),
    path("", include("ledgers.urls")),
    path("", include("representatives.urls")),
    path("", include("history.urls")),
    path("", include("review.urls")),
    path("suggestions/", include("suggestions.urls")),
]
