import os

from django.core.asgi import get_asgi_application

from fleksjob.operations import collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fleksjob.web.settings")
application = get_asgi_application()
collector.tune()  # after start-up: see fleksjob/operations/collector.py
