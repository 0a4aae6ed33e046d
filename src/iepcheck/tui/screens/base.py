"""What every iepcheck screen shares: typed access to the app and its session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from ..app import IepApp
    from ..session import Session

T = TypeVar("T")


class IepScreen(Screen[T], Generic[T]):
    @property
    def iep(self) -> IepApp:
        return cast("IepApp", self.app)

    @property
    def session(self) -> Session:
        return self.iep.session


class IepModal(ModalScreen[T], Generic[T]):
    @property
    def iep(self) -> IepApp:
        return cast("IepApp", self.app)

    @property
    def session(self) -> Session:
        return self.iep.session
