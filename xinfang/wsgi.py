"""WSGI entry point (gunicorn ``xinfang.wsgi:application``): production unless told otherwise.

A server started without ``DJANGO_SETTINGS_MODULE`` runs ``xinfang.settings.production``,
which refuses to start without its secret key, host names and personal-data keys: it never
falls back to the development settings (a public secret key, insecure cookies, no HSTS).
``xinfang serve`` and ``manage.py`` name their settings before they load this module.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.production")
application = get_wsgi_application()
