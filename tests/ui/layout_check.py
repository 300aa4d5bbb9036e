"""What a person would see as clipped or broken in a shown widget tree (not a test module).

``layout_problems(widget)`` walks every *visible* widget under ``widget`` (the widget
included) and returns one line per problem, naming the widget by its class, object name or
accessible name and its text:

- **text does not fit**: a label whose text is wider (or, word-wrapped or rich text, taller)
  than its contents rectangle, so Qt clips it; a push button narrower than its text and
  icon, a check box, radio button or tool button narrower than its size hint; a group box
  narrower than its title; a tool bar that hides actions behind its » extension button;
  a ``QScrollArea`` (a form, a page) that has to be scrolled *sideways*; a table column
  whose title or cells (of the first rows; a word-wrapped cell counts as cut only when its
  lines are taller than its row) are wider than the column, so Qt elides them with "…"
  (``cells=False`` leaves tables out).
- **smaller than its minimum size hint**: a widget whose width or height is below
  ``minimumSizeHint()`` (its layout gave it less than it needs to be drawn whole).
- **a character the font cannot draw**: a code point of any shown text (labels, buttons,
  group titles, line edits, text edits, combo box items, tab titles, tool buttons, the
  DisplayRole and headers of the visible rows of item views, window titles, tooltips) for
  which ``QFontMetrics(font).inFontUcs4`` is false: it would be drawn as a box unless some
  other font on *this* machine happens to have it.

Exclusions, by design (each is a place where Qt itself handles the lack of room):

- the scrolled content of a ``QScrollArea`` may be taller than the viewport (that is what
  scrolling down is for; scrolling sideways is reported); widgets inside it are checked as
  usual, also those scrolled out of sight, since scrolling to them shows them as laid out;
- a table view may scroll sideways (its columns are each checked whole);
- a scroll area holding a zoomable canvas (property ``zoomable_canvas``, e.g. the
  staircase) may scroll sideways: like the board's view, it keeps its text at a readable
  size and offers zoom and "Tilpas" instead (its text is checked by test_readable_text.py);
- a widget a ``QSplitter`` collapsed to zero width or height (a detail pane closed until it
  is needed) and everything inside it;
- a dimension in which the widget's size policy is ``Ignored`` (the widget says any size is
  fine, e.g. a canvas that paints to fit), for the minimum-size check only;
- Qt's own internal parts of composite widgets (scroll bars, the viewport and corner of
  scroll areas, header sections, a tab bar's scroll buttons, the tool bar's handle and
  extension button, the line edit inside a spin box or combo box): Qt sizes those itself;
- text a widget paints itself (the board, the staircase, the charts) is not read: check
  such texts with ``missing_characters(text, font)`` where they are made.

The page and dialog checks that use this are in ``test_layout_fit.py``; the checker's own
tests (each problem it must find) are in ``test_layout_check.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QSizePolicy,
    QSplitter,
    QSplitterHandle,
    QStyle,
    QTabBar,
    QTableView,
    QTextEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

TOLERANCE = 1  # px: rounding between font metrics and layouts
MAX_ROWS = 200  # rows of an item view read for their glyphs (what a screen can show)
MAX_COLUMNS = 100
IGNORED = QSizePolicy.Policy.Ignored


def layout_problems(root: QWidget, *, glyphs: bool = True, cells: bool = True) -> list[str]:
    """Every clipped text, squeezed widget and undrawable character under ``root``."""
    problems: list[str] = []
    for widget in _visible_widgets(root):
        problems += _fit_problems(widget)
        problems += _size_problems(widget)
        if isinstance(widget, QScrollArea):
            problems += _sideways(widget)
        if cells and isinstance(widget, QTableView):
            problems += elided_cells(widget)
        if glyphs:
            problems += glyph_problems(widget)
    return problems


def _sideways(area: QScrollArea) -> list[str]:
    """A form or a page that has to be scrolled sideways: its right part is out of sight."""
    if area.property("zoomable_canvas"):
        return []
    bar = area.horizontalScrollBar()
    if bar.isVisible() and bar.maximum() > 0:
        content = area.widget()
        width = content.width() if content is not None else 0
        return [
            f"{describe(area)}: content {width} px wide in a {area.viewport().width()} px "
            "view (scrolls sideways)"
        ]
    return []


def glyph_problems(widget: QWidget) -> list[str]:
    """Code points of ``widget``'s own texts its font cannot draw."""
    metrics = QFontMetrics(widget.font())
    problems = []
    for text in dict.fromkeys(shown_texts(widget)):
        missing = sorted({ch for ch in text if not _drawable(metrics, ch)})
        if missing:
            names = ", ".join(f"U+{ord(ch):04X} {ch!r}" for ch in missing)
            problems.append(f"{describe(widget)}: font {widget.font().family()!r} lacks {names}")
    return problems


def missing_characters(text: str, font: QFont) -> list[str]:
    """The characters of ``text`` ``font`` cannot draw (for text painted on a canvas)."""
    metrics = QFontMetrics(font)
    return sorted({ch for ch in text if not _drawable(metrics, ch)})


def _drawable(metrics: QFontMetrics, ch: str) -> bool:
    # Control characters (line breaks, tabs, soft hyphens, joiners) are never drawn.
    return (
        ord(ch) < 0x20
        or ch in "\u00ad\u200b\u200c\u200d\u2028\u2029"
        or metrics.inFontUcs4(ord(ch))
    )


def describe(widget: QWidget) -> str:
    """The widget's class, name and text, and the nearest named widget it is in."""
    name = widget.objectName() or widget.accessibleName()
    text = _own_text(widget)
    where = type(widget).__name__ + (f" {name!r}" if name else "")
    parent = widget.parentWidget()
    while parent is not None and not (
        parent.objectName().removeprefix("qt_") == parent.objectName() != "" or parent.isWindow()
    ):
        parent = parent.parentWidget()
    if parent is not None and parent is not widget:
        where += f" in {type(parent).__name__} {parent.objectName()!r}"
    return where + (f" {text[:60]!r}" if text else "")


# --- Walking ----------------------------------------------------------------------------------


def _visible_widgets(root: QWidget) -> Iterator[QWidget]:
    if not root.isVisible() or _collapsed(root):
        return
    yield root
    for child in root.children():
        if isinstance(child, QWidget) and not child.isWindow():
            yield from _visible_widgets(child)


def _collapsed(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    if not isinstance(parent, QSplitter) or isinstance(widget, QSplitterHandle):
        return False
    size = widget.width() if parent.orientation() == Qt.Orientation.Horizontal else widget.height()
    return size == 0


def _internal(widget: QWidget) -> bool:
    """A part Qt makes and sizes itself inside a composite widget."""
    if isinstance(widget, (QScrollBar, QHeaderView, QSplitterHandle)):
        return True
    name = widget.objectName()
    # qt_scrollarea_viewport, qt_scrollarea_hcontainer, qt_toolbar_ext_button, …
    if name.startswith("qt_"):
        return True
    parent = widget.parentWidget()
    if isinstance(parent, (QAbstractSpinBox, QComboBox)) and isinstance(widget, QLineEdit):
        return True
    if isinstance(parent, QTabBar) and isinstance(widget, QToolButton):
        return True  # the tab bar's scroll arrows
    return isinstance(parent, QToolBar) and type(widget).__name__ in (
        "QToolBarExtension",
        "QWidget",
    )


# --- Text that does not fit -------------------------------------------------------------------


def _fit_problems(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return _label_problems(widget)
    if isinstance(widget, QToolBar):
        extension = widget.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is not None and extension.isVisible():
            hidden = [a.text() for a in widget.actions() if not _action_shown(widget, a)]
            return [f"{describe(widget)}: actions hidden behind »: {hidden}"]
        return []
    if isinstance(widget, QPushButton):
        needed = _push_button_width(widget)
        if widget.text() and widget.width() + TOLERANCE < needed:
            return [f"{describe(widget)}: text cut ({widget.width()} px wide, needs {needed} px)"]
        return []
    if isinstance(widget, (QCheckBox, QRadioButton)) or (
        isinstance(widget, QToolButton) and not _internal(widget)
    ):
        assert isinstance(widget, QAbstractButton)
        if widget.text() and widget.width() + TOLERANCE < widget.sizeHint().width():
            return [
                f"{describe(widget)}: text cut ({widget.width()} px wide, needs "
                f"{widget.sizeHint().width()} px)"
            ]
        return []
    if isinstance(widget, QGroupBox) and widget.title():
        metrics = QFontMetrics(widget.font())
        needed = metrics.horizontalAdvance(_without_mnemonic(widget.title()))
        if widget.isCheckable():
            needed += metrics.height()
        if widget.width() + TOLERANCE < needed:
            return [f"{describe(widget)}: title cut ({widget.width()} px wide, needs {needed} px)"]
    return []


def _push_button_width(button: QPushButton) -> int:
    """The width a push button's text and icon need (its size hint adds the style's
    minimum button width of about 80 px, which is looks, not legibility)."""
    style = button.style()
    width = QFontMetrics(button.font()).horizontalAdvance(_without_mnemonic(button.text()))
    if not button.icon().isNull():
        width += button.iconSize().width() + 4
    if button.menu() is not None:
        width += style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    margins = style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button)
    frame = style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, button)
    return width + 2 * (margins + frame)


def _action_shown(toolbar: QToolBar, action: object) -> bool:
    button = toolbar.widgetForAction(action)  # type: ignore[arg-type]
    return button is not None and button.isVisible()


def _label_problems(label: QLabel) -> list[str]:
    text = label.text()
    if not text or not label.pixmap().isNull():
        return []
    area = label.contentsRect()
    margin = label.margin()
    area.adjust(margin, margin, -margin, -margin)
    indent = label.indent()
    if indent > 0:
        area.setLeft(area.left() + indent)
    width, height = _text_size(label, text, area)
    problems = []
    if width > area.width() + TOLERANCE:
        problems.append(f"{describe(label)}: text {width} px wide in {area.width()} px")
    if height > area.height() + TOLERANCE:
        problems.append(f"{describe(label)}: text {height} px high in {area.height()} px")
    return problems


def _text_size(label: QLabel, text: str, area: QRect) -> tuple[int, int]:
    """The size ``text`` needs in ``label``, wrapped to the label's width when it wraps."""
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if rich or label.textFormat() == Qt.TextFormat.MarkdownText:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        if label.textFormat() == Qt.TextFormat.MarkdownText:
            document.setMarkdown(text)
        else:
            document.setHtml(text)
        if label.wordWrap():
            document.setTextWidth(area.width())
            # the longest word still has to fit on a line
            return int(document.idealWidth()), int(document.size().height())
        return int(document.idealWidth()), int(document.size().height())
    metrics = QFontMetrics(label.font())
    plain = _without_mnemonic(text) if label.buddy() is not None else text
    flags = int(Qt.TextFlag.TextExpandTabs)
    if label.wordWrap():
        flags |= int(Qt.TextFlag.TextWordWrap)
        bounds = metrics.boundingRect(QRect(0, 0, area.width(), 100_000), flags, plain)
    else:
        bounds = metrics.boundingRect(QRect(0, 0, 100_000, 100_000), flags, plain)
    return bounds.width(), bounds.height()


def _without_mnemonic(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


# --- Smaller than the minimum size hint -------------------------------------------------------


def _size_problems(widget: QWidget) -> list[str]:
    if widget.isWindow() or _internal(widget) or _scrolled_content(widget):
        return []
    hint = widget.minimumSizeHint()
    policy = widget.sizePolicy()
    minimum = widget.minimumSize()
    problems = []
    need_width = max(hint.width(), minimum.width()) if minimum.width() else hint.width()
    need_height = max(hint.height(), minimum.height()) if minimum.height() else hint.height()
    if minimum.width():  # an explicit minimum width overrides the hint, as in layouts
        need_width = minimum.width()
    if minimum.height():
        need_height = minimum.height()
    if policy.horizontalPolicy() != IGNORED and widget.width() + TOLERANCE < need_width:
        problems.append(
            f"{describe(widget)}: {widget.width()} px wide, needs at least {need_width} px"
        )
    if policy.verticalPolicy() != IGNORED and widget.height() + TOLERANCE < need_height:
        problems.append(
            f"{describe(widget)}: {widget.height()} px high, needs at least {need_height} px"
        )
    return problems


def _scrolled_content(widget: QWidget) -> bool:
    viewport = widget.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    return isinstance(area, QScrollArea) and area.widget() is widget


# --- Texts shown ------------------------------------------------------------------------------


def _own_text(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    return ""


def shown_texts(widget: QWidget) -> Iterator[str]:
    """What ``widget`` itself shows as text (not its children's)."""
    if widget.isWindow():
        yield widget.windowTitle()
    yield widget.toolTip()
    if isinstance(widget, QLabel):
        text = widget.text()
        if widget.textFormat() != Qt.TextFormat.PlainText and QtGui.Qt.mightBeRichText(text):
            document = QTextDocument()
            document.setHtml(text)
            text = document.toPlainText()
        yield text
    elif isinstance(widget, QAbstractButton):
        yield _without_mnemonic(widget.text())
    elif isinstance(widget, QGroupBox):
        yield _without_mnemonic(widget.title())
    elif isinstance(widget, QLineEdit):
        yield widget.text()
        yield widget.placeholderText()
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        yield widget.toPlainText()
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        for row in range(widget.count()):
            yield widget.itemText(row)
    elif isinstance(widget, QTabBar):
        for index in range(widget.count()):
            yield _without_mnemonic(widget.tabText(index))
    elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
        yield from _view_texts(widget)
    elif isinstance(widget, QHeaderView):
        yield from _header_texts(widget)


def _view_texts(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    display = Qt.ItemDataRole.DisplayRole

    def rows(parent: QModelIndex, budget: list[int]) -> Iterator[str]:
        for row in range(model.rowCount(parent)):
            if budget[0] <= 0:
                return
            budget[0] -= 1
            # columnCount()/hasChildren() are private in list and table models: walk
            # the columns until the index is invalid, and ask for the children's count
            for column in range(MAX_COLUMNS):
                index = model.index(row, column, parent)
                if not index.isValid():
                    break
                value = model.data(index, display)
                if isinstance(value, str):
                    yield value
            first = model.index(row, 0, parent)
            if model.rowCount(first) > 0:
                yield from rows(first, budget)

    yield from rows(QModelIndex(), [MAX_ROWS])


def _header_texts(header: QHeaderView) -> Iterator[str]:
    model = header.model()
    if model is None:
        return
    count = (
        header.count()
        if header.orientation() == Qt.Orientation.Horizontal
        else (min(header.count(), MAX_ROWS))
    )
    for section in range(count):
        value = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if isinstance(value, str):
            yield value


# --- Elided cells -----------------------------------------------------------------------------


def elided_cells(view: QTableView, columns: list[int] | None = None) -> list[str]:
    """Columns of ``view`` whose title or cells (of the first rows) are wider than the
    column, so Qt elides them with "…": one line per column. Plain one-line DisplayRole
    text only."""
    model = view.model()
    if model is None or not view.isVisible():
        return []
    metrics = QFontMetrics(view.font())
    style = view.style()
    padding = 2 * (style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    header = view.horizontalHeader()
    problems = []
    for column in columns if columns is not None else range(header.count()):
        if view.isColumnHidden(column):
            continue
        cut, widest, example = 0, 0, ""
        for row in range(min(model.rowCount(), MAX_ROWS)):
            index = model.index(row, column)
            value = model.data(index, Qt.ItemDataRole.DisplayRole)
            if not isinstance(value, str) or not value or "\n" in value:
                continue
            needed = metrics.horizontalAdvance(value) + padding
            fits = needed <= view.columnWidth(column) + TOLERANCE
            if not fits and view.wordWrap():
                # a wrapping cell is whole if its lines are no taller than its row
                lines = metrics.boundingRect(
                    QRect(0, 0, max(view.columnWidth(column) - padding, 1), 100_000),
                    int(Qt.TextFlag.TextWordWrap),
                    value,
                )
                fits = lines.height() <= view.rowHeight(row) + TOLERANCE
            if not fits:
                cut += 1
                if needed > widest:
                    widest, example = needed, value
        title = model.headerData(column, Qt.Orientation.Horizontal)
        if header.isVisible() and header.sectionSizeHint(column) > (
            header.sectionSize(column) + TOLERANCE
        ):
            problems.append(
                f"{describe(view)}: the title of column {column} {title!r} is cut "
                f"({header.sectionSize(column)} px, needs {header.sectionSizeHint(column)} px)"
            )
        if cut:
            problems.append(
                f"{describe(view)}: {cut} cell(s) of column {column} {title!r} cut, "
                f"e.g. {example[:40]!r} needs {widest} px in {view.columnWidth(column)} px"
            )
    return problems
