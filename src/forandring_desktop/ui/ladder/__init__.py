"""The goal-ladder editor (måltrappe): the staircase drawn as the guide draws it, the
trin-tegn-handling table over the same ladder, the ladder library and the undo commands."""
