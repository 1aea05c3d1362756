"""Law as data: rate tables, CPR, case status rules."""
