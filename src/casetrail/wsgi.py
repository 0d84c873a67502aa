"""The WSGI application that gunicorn (`casetrail serve`) runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetrail.settings")
application = get_wsgi_application()
