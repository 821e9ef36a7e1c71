"""Each write a request makes is recorded with its user and its path: admin or form."""

from auditlog.cid import set_cid
from auditlog.middleware import AuditlogMiddleware
from django.urls import reverse

from lianluo.history import ADMIN, FORM, recording


class HistoryMiddleware(AuditlogMiddleware):
    """auditlog's middleware (the user, the address), telling the admin from the pages."""

    def __call__(self, request):
        set_cid(request)
        path = ADMIN if request.path.startswith(reverse("admin:index")) else FORM
        with recording(
            path,
            actor=self._get_actor(request),
            remote_addr=self._get_remote_addr(request),
            remote_port=self._get_remote_port(request),
        ):
            return self.get_response(request)
