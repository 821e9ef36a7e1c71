import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianluo.settings")
# A server started from here is production: DEBUG off and SECRET_KEY required unless the
# environment says otherwise (lianluo/settings.py).
os.environ["LIANLUO_SERVING"] = "1"

application = get_wsgi_application()
