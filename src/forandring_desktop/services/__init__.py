"""Use cases: one function per user action. Each opens a unit of work and commits once."""
