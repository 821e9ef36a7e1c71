import re
import time
import uuid

from django.conf import settings
from django.utils import translation
from django.views.defaults import page_not_found

# An id a proxy in front may pass on (nginx's $request_id): short and plain, so that a
# client cannot write into the log through it.
PASSED_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id(get_response):
    """Give every request an id, from X-Request-ID or new, on the response and in the log."""

    def middleware(request):
        passed = request.headers.get("X-Request-ID", "")
        request.id = passed if PASSED_ID.fullmatch(passed) else uuid.uuid4().hex
        response = get_response(request)
        response.headers["X-Request-ID"] = request.id
        return response

    return middleware


def chinese_first_locale(get_response):
    """Speak Chinese unless the user chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; an office's
    shared or English-configured computers must still open in Chinese.
    """

    def middleware(request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware


# How often a session in use is written to move its end forward: its idle timeout is then
# between SESSION_COOKIE_AGE minus this and SESSION_COOKIE_AGE.
SESSION_RENEWAL_SECONDS = 10 * 60


def session_renewal(get_response):
    """End a session SESSION_COOKIE_AGE after its latest request, not after its login.

    SESSION_SAVE_EVERY_REQUEST would write the session on every request; renewing it every
    few minutes keeps the idle timeout at the cost of one write per user now and then.
    """

    def middleware(request):
        response = get_response(request)
        session = request.session
        if session.session_key is not None:  # only a session the browser already holds
            now = int(time.time())
            if now - session.get("renewed_at", 0) >= SESSION_RENEWAL_SECONDS:
                session["renewed_at"] = now  # modified: SessionMiddleware saves it anew
        return response

    return middleware


def site_not_found_page(get_response):
    """The site's own 404 page with DEBUG on too (runserver, the README's demo).

    With DEBUG on, Django answers a missing page with its technical page: in English,
    listing every address pattern of the project. Whoever tries the demo is an office's
    user, not a developer reading tracebacks: they get the page production shows, in their
    language. A developer who wants Django's page sets DEBUG_404=1. Other answers (a
    JSON 404, any other status) pass unchanged.
    """

    def middleware(request):
        response = get_response(request)
        technical = (
            settings.DEBUG
            and not settings.DEBUG_404
            and response.status_code == 404
            and response.headers.get("Content-Type", "").startswith("text/html")
        )
        return page_not_found(request, exception=None) if technical else response

    return middleware
