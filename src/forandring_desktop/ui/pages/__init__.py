"""The main window's pages: the guide's four steps, participants and reports."""
