import os

from django.core.wsgi import get_wsgi_application

from fleksjob.operations import collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fleksjob.web.settings")
application = get_wsgi_application()
collector.tune()  # after start-up: see fleksjob/operations/collector.py
