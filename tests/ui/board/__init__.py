"""Board tests: the door page on a small board file of its own."""
