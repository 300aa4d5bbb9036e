"""Help at hand: the built-in Danish user guide (``content/vejledning.html`` with screenshots
the test run keeps current), opened at a page's section with F1; the keyboard-shortcut sheet
made from the window's actions; and the link from each step page to the guide's own words.
"""

from forandring_desktop.ui.help.guide import (
    GUIDE_FILE,
    METHOD_ANCHORS,
    SECTIONS,
    GuideDialog,
    show_guide,
    step_heading,
)
from forandring_desktop.ui.help.shortcuts import ShortcutSheet, shortcut_groups

__all__ = [
    "GUIDE_FILE",
    "METHOD_ANCHORS",
    "SECTIONS",
    "GuideDialog",
    "ShortcutSheet",
    "shortcut_groups",
    "show_guide",
    "step_heading",
]
