"""fleksjob: casework, employer CRM, matching, economics and benchmarking for the Danish fleksjob scheme."""

__version__ = "0.1.0"
