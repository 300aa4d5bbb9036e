"""The 'ind ad døren – ud af døren' post-it board (QGraphicsView)."""

from forandring_desktop.ui.board.legend import Legend
from forandring_desktop.ui.board.scene import BoardScene
from forandring_desktop.ui.board.view import BoardView
from forandring_desktop.ui.board.widget import BoardWidget

__all__ = ["BoardScene", "BoardView", "BoardWidget", "Legend"]
