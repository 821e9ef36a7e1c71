"""What the TLS proxy in front of the app says about a request, believed only when trusted.

nginx sets X-Real-IP to the address it saw (README "Run it in an office"); without
TRUST_PROXY_HEADERS the header could be anyone's invention and REMOTE_ADDR is used.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's IP address, for login throttling and the security log."""
    if settings.TRUST_PROXY_HEADERS:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")
