"""Participants: the list, intake, follow-ups, overview and exit."""
