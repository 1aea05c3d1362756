"""fleksjob: casework, employer CRM, matching, economics and benchmarking for fleksjob."""

__version__ = "0.1.0"
