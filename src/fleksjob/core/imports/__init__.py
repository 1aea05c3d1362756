"""Register and statistics imports (Jobindsats) into plain records, without Django."""
