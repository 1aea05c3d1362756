"""Matching: taxonomy, feasibility, scoring, assignment."""
