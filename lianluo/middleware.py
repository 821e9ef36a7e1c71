import re
import uuid

from django.conf import settings
from django.utils import translation

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
