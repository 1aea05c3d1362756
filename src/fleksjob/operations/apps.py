from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "fleksjob.operations"
