"""The functional core: pure Python and NumPy. Nothing here imports Django."""
