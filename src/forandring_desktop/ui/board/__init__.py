"""The 'ind ad døren – ud af døren' post-it board (QGraphicsView)."""

from forandring_desktop.ui.board.scene import BoardScene
from forandring_desktop.ui.board.view import BoardView
from forandring_desktop.ui.board.widget import BoardWidget, Legend

__all__ = ["BoardScene", "BoardView", "BoardWidget", "Legend"]
