"""Operations code: backup and restore, the test-only fault pause points, and the 503 page a lost
database connection answers with."""
