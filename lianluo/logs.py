"""Log lines as one JSON object each, with the request id and the user, and security events.

Server errors and refused requests come from Django's own loggers (django.request,
django.security.*), which pass the request along; security events are logged through
`security_event` on the logger "lianluo.security", with the request too.
"""

import json
import logging
from datetime import UTC, datetime

from lianluo.proxy import client_address

security = logging.getLogger("lianluo.security")


def security_event(event, request=None, level=logging.WARNING, **details):
    """Log a security event (a lockout, a refused upload …) by name, with its details.

    For example `security_event("upload_refused", request, reason="too large", size=n)`.
    """
    security.log(level, event, extra={"request": request, "event": event, "details": details})


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "META"):
            line.update(describe_request(request))
        for name in ["status_code", "event", "details"]:
            if getattr(record, name, None) is not None:
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def describe_request(request):
    return {
        "request_id": getattr(request, "id", None),
        "user": username(request),
        "address": client_address(request),
        "method": request.method,
        "path": request.path,
    }


def username(request):
    user = getattr(request, "user", None)
    try:
        return user.get_username() if user is not None and user.is_authenticated else None
    except Exception:  # the error being logged may be the database's own
        return "?"
