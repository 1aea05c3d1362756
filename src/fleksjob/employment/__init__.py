"""Employments (fleksjob or ordinary) and how their weekly hours progress: the case facts that
citizens, employers, placements, follow-up, benchmarking, economics and the API read."""
