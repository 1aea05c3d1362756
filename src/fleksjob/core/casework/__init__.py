"""Casework logic without Django: the placement workflow, follow-up cadence, employer outreach."""
