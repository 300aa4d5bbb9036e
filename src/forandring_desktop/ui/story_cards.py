"""The story cards (historiekort) of the mission exercise, big enough for a projector.

The guide: "Del jer op i par. En af jer tager et kort, læser begyndelsen af historien op og
skal fortsætte historien i højest tre minutter." Without cut-out cards the partner names a
number between 1 and 12 instead. So the dialog can deal a card at random (no repeats until
the deck is empty) or show card number N.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from forandring_desktop.model.story_cards import StoryDeck
from forandring_desktop.ui.widgets import text_label

CARD_POINT_SIZE = 40.0  # at most: smaller when a long card would not fit
FULL_SCREEN_POINT_SIZE = 64.0
SMALLEST_POINT_SIZE = 10.0
CARD_BORDER = 4
CARD_PADDING = 32


def guide_text(text: str) -> str:
    """The guide's own words kept in the model (shared with the printed sheets)."""
    return QCoreApplication.translate("Guide", text)  # lupdate: marked in model


class NumberBox(QSpinBox):
    """A spin box where Enter means "show this number" (not the dialog's default button)."""

    submitted = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.interpretText()
            self.selectAll()
            self.submitted.emit(self.value())
            event.accept()
            return
        super().keyPressEvent(event)


class CardLabel(QLabel):
    """The card: its text in the largest size up to ``largest`` that fits the card whole
    (fitted to the card, not the screen, so a long card is never cut off)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.largest = CARD_POINT_SIZE

    def set_largest(self, points: float) -> None:
        self.largest = points
        self.fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.fit()

    def text_room(self) -> QRect:
        """Where the text goes: inside the card's border and padding."""
        inset = CARD_BORDER + CARD_PADDING
        return self.contentsRect().intersected(self.rect().adjusted(inset, inset, -inset, -inset))

    def text_rect(self, font: QFont | None = None) -> QRect:
        """The rectangle the wrapped text takes, centred in text_room()."""
        metrics = QFontMetrics(font if font is not None else self.font())
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        return metrics.boundingRect(self.text_room(), flags, self.text())

    def _fits(self, points: float) -> bool:
        font = QFont(self.font())
        font.setPointSizeF(points)
        used = self.text_rect(font)
        room = self.text_room()
        return used.width() <= room.width() and used.height() <= room.height()

    def fit(self) -> None:
        low, high = SMALLEST_POINT_SIZE, self.largest
        if not self._fits(high):
            for _ in range(12):  # halving: a tenth of a point is close enough
                middle = (low + high) / 2
                if self._fits(middle):
                    low = middle
                else:
                    high = middle
            high = low
        font = QFont(self.font())
        font.setPointSizeF(high)
        font.setBold(True)
        super().setFont(font)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    # The size the layout gives it must not follow the font (or fitting would resize it).
    def sizeHint(self) -> QSize:
        return QSize(400, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 260)

    def heightForWidth(self, width: int) -> int:
        return -1

    def hasHeightForWidth(self) -> bool:
        return False


class StoryCardsDialog(QDialog):
    """Deal a story card, or show card number N; F11 for full screen on a projector."""

    def __init__(self, parent: QWidget | None = None, deck: StoryDeck | None = None) -> None:
        super().__init__(parent)
        self.deck = deck if deck is not None else StoryDeck()
        self.current: int | None = None
        self.setWindowTitle(self.tr("Historiekort"))
        self.setAccessibleName(self.tr("Historiekort"))
        self.resize(900, 620)

        layout = QVBoxLayout(self)
        guide = text_label(
            self.tr(
                "Del jer op i par. En af jer tager et kort, læser begyndelsen af historien op "
                "og skal fortsætte historien i højest tre minutter. Den anden lytter og må ikke "
                "afbryde. Derefter skal I bytte. Hvis I ikke har udklippede kort: få din makker "
                "til at nævne et tal mellem 1 og {n}."
            ).format(n=len(self.deck))
        )
        guide.setAccessibleName(self.tr("Vejledning"))
        layout.addWidget(guide)

        self.number_label = QLabel(self)
        self.number_label.setAccessibleName(self.tr("Kortets nummer"))
        number_font = QFont(self.number_label.font())
        number_font.setPointSizeF(20)
        number_font.setBold(True)
        self.number_label.setFont(number_font)
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.number_label)

        self.card_label = CardLabel(self)
        self.card_label.setObjectName("story_card")
        self.card_label.setAccessibleName(self.tr("Historiekort"))
        self.card_label.setTextFormat(Qt.TextFormat.PlainText)
        self.card_label.setWordWrap(True)
        self.card_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_label.setFrameShape(QFrame.Shape.Box)
        self.card_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.card_label.setMinimumHeight(260)
        # High contrast whatever the desktop theme: black on white, a thick frame.
        self.card_label.setStyleSheet(
            "QLabel#story_card { background: #ffffff; color: #000000;"
            f" border: {CARD_BORDER}px solid #000000; border-radius: 12px;"
            f" padding: {CARD_PADDING}px; }}"
        )
        layout.addWidget(self.card_label, 1)

        self.remaining_label = text_label(selectable=False)
        remaining_font = QFont(self.remaining_label.font())
        remaining_font.setPointSizeF(16)
        self.remaining_label.setFont(remaining_font)
        self.remaining_label.setAccessibleName(self.tr("Kort tilbage"))
        self.remaining_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.remaining_label)

        buttons = QHBoxLayout()
        self.deal_button = QPushButton(self.tr("Træk et &kort"), self)
        self.deal_button.setAccessibleName(self.tr("Træk et kort"))
        self.deal_button.setToolTip(self.tr("Et tilfældigt kort, som ikke er trukket før"))
        self.deal_button.clicked.connect(self.deal)
        buttons.addWidget(self.deal_button)
        self.shuffle_button = QPushButton(self.tr("&Bland igen"), self)
        self.shuffle_button.setAccessibleName(self.tr("Bland igen"))
        self.shuffle_button.setToolTip(self.tr("Læg alle kortene tilbage i bunken"))
        self.shuffle_button.clicked.connect(self.shuffle)
        buttons.addWidget(self.shuffle_button)
        buttons.addSpacing(24)

        pick_label = QLabel(self.tr("Vælg &nummer (1-{n}):").format(n=len(self.deck)), self)
        self.number_box = NumberBox(self)
        self.number_box.setRange(1, len(self.deck))
        self.number_box.setAccessibleName(self.tr("Vælg nummer"))
        self.number_box.setToolTip(self.tr("Skriv et tal og tryk Enter"))
        self.number_box.submitted.connect(self.pick)
        pick_label.setBuddy(self.number_box)
        buttons.addWidget(pick_label)
        buttons.addWidget(self.number_box)
        self.pick_button = QPushButton(self.tr("&Vis kortet"), self)
        self.pick_button.setAccessibleName(self.tr("Vis kortet med nummeret"))
        self.pick_button.clicked.connect(lambda: self.pick(self.number_box.value()))
        buttons.addWidget(self.pick_button)
        buttons.addStretch(1)

        self.full_screen_button = QPushButton(self.tr("&Fuld skærm (F11)"), self)
        self.full_screen_button.setAccessibleName(self.tr("Fuld skærm"))
        self.full_screen_button.setCheckable(True)
        self.full_screen_button.clicked.connect(self.set_full_screen)
        buttons.addWidget(self.full_screen_button)
        self.close_button = QPushButton(self.tr("&Luk"), self)
        self.close_button.setAccessibleName(self.tr("Luk historiekortene"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        for button in (
            self.deal_button,
            self.shuffle_button,
            self.pick_button,
            self.full_screen_button,
            self.close_button,
        ):
            button.setAutoDefault(False)  # Enter in the number box picks, it deals nothing
            big = QFont(button.font())
            if big.pointSizeF() > 0:
                big.setPointSizeF(big.pointSizeF() * 1.25)
            button.setFont(big)
        self.number_box.setFont(self.deal_button.font())
        pick_label.setFont(self.deal_button.font())

        self.full_screen_action = QAction(self.tr("Fuld skærm"), self)
        self.full_screen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.full_screen_action.triggered.connect(
            lambda: self.set_full_screen(not self.isFullScreen())
        )
        self.addAction(self.full_screen_action)

        self._set_card_font(CARD_POINT_SIZE)
        self._show_card(None)
        self._update_remaining()
        self.deal_button.setFocus()

    # --- Actions ------------------------------------------------------------------------

    def deal(self) -> None:
        number = self.deck.deal()
        if number is not None:
            self._show_card(number)
        self._update_remaining()

    def shuffle(self) -> None:
        self.deck.shuffle()
        self._show_card(None)
        self._update_remaining()
        self.deal_button.setFocus()

    def pick(self, number: int) -> None:
        """Card ``number`` (the pair exercise: 'nævn et tal mellem 1 og 12')."""
        self.number_box.setValue(number)
        self._show_card(number)

    def set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    # --- Showing ------------------------------------------------------------------------

    def card_text(self) -> str:
        return self.card_label.text()

    def _show_card(self, number: int | None) -> None:
        self.current = number
        if number is None:
            self.number_label.setText("")
            self.card_label.setText(self.tr("Træk et kort, eller vælg et nummer."))
        else:
            self.number_label.setText(
                self.tr("Kort {number} af {total}").format(number=number, total=len(self.deck))
            )
            self.card_label.setText(guide_text(self.deck.text(number)))
        self.card_label.setAccessibleDescription(self.card_label.text())

    def _update_remaining(self) -> None:
        if self.deck.is_empty:
            self.remaining_label.setText(
                self.tr(
                    "Bunken er tom – alle {n} kort er trukket. Tryk »Bland igen« for at "
                    "starte forfra."
                ).format(n=len(self.deck))
            )
            if self.deal_button.hasFocus():
                self.shuffle_button.setFocus()
            self.deal_button.setEnabled(False)
        else:
            remaining = self.deck.remaining
            text = (
                self.tr("1 kort tilbage")
                if remaining == 1
                else self.tr("{n} kort tilbage").format(n=remaining)
            )
            self.remaining_label.setText(text)
            self.deal_button.setEnabled(True)
        self.remaining_label.setAccessibleDescription(self.remaining_label.text())

    def _set_card_font(self, points: float) -> None:
        self.card_label.set_largest(points)

    # --- Events -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            full = self.isFullScreen()
            self.full_screen_button.setChecked(full)
            self._set_card_font(FULL_SCREEN_POINT_SIZE if full else CARD_POINT_SIZE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A digit typed anywhere in the dialog starts choosing a number.
        text = event.text()
        if (
            text.isdigit()
            and text != "0"
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and not self.number_box.hasFocus()
        ):
            self.number_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.number_box.lineEdit().setText(text)
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.isFullScreen():  # Esc leaves full screen first
            self.showNormal()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isFullScreen():
            self.showNormal()
        super().closeEvent(event)
