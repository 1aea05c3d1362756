"""Statistics for fair benchmarking."""
