"""Synthetic Denmark: a deterministic generator of the whole fleksjob population."""
