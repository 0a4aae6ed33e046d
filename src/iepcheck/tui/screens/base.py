"""What every iepcheck screen shares: typed access to the app and its session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from textual.app import App
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from ..app import IepApp
    from ..session import Session

T = TypeVar("T")


class _HasApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


class SessionAccess:
    """``self.iep`` (the app, typed) and ``self.session``, for screens and dialogs alike."""

    @property
    def iep(self: _HasApp) -> IepApp:
        return cast("IepApp", self.app)

    @property
    def session(self: _HasApp) -> Session:
        return cast("IepApp", self.app).session


class IepScreen(SessionAccess, Screen[T], Generic[T]):
    def on_unmount(self) -> None:
        self.iep.screen_closed(self)


class IepModal(SessionAccess, ModalScreen[T], Generic[T]):
    def on_unmount(self) -> None:
        self.iep.screen_closed(self)
