"""Users of the role 承办单位 (a department's users) reach their suggestion pages only."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

# What a department user may open: their suggestion pages, signing in and out, the
# language switch and the static files.
UNIT_PATHS = ("/suggestions/", "/login/", "/logout/", "/i18n/", "/static/")
# The permission of the role (suggestions.models.HANDLE); the office reads suggestions.
HANDLE = "suggestions.handle_suggestion"
OFFICE_READS = "suggestions.view_suggestion"


def units_keep_to_suggestions(get_response):
    """Refuse (403) a department user any page but their suggestions: they are not of the
    office and read none of its records; the home page sends them to their inbox."""

    def middleware(request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(UNIT_PATHS)
            and user.has_perm(HANDLE)
            and not user.has_perm(OFFICE_READS)
        ):
            if request.path == "/":
                return redirect("suggestions:inbox")
            raise PermissionDenied
        return get_response(request)

    return middleware
