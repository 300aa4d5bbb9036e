"""The PySide6 desktop UI: main window, pages, dialogs, Qt item models and undo commands.

Only this package imports Qt. Every change goes through a service function in
``forandring_desktop.services``; the UI never talks to storage internals.
"""
