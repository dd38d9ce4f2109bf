"""The region's municipalities and their contact persons for the brobyggere."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.engine import Base
from app.models._types import UTCDateTime, utcnow


class Municipality(Base):
    """A kommune: whether it takes part, and how it wants hand-overs made."""

    __tablename__ = "municipalities"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)  # kommunekode
    name: Mapped[str] = mapped_column(String(64))
    participates: Mapped[bool]
    handover: Mapped[str] = mapped_column(String(24))  # contact_person_only, direct_to_staff
    latitude: Mapped[float]
    longitude: Mapped[float]
    note: Mapped[str] = mapped_column(Text, default="")
    demo: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class MunicipalContact(Base):
    """A municipality's named contact person: the one entry point for the brobyggere."""

    __tablename__ = "municipal_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(
        ForeignKey("municipalities.code"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)  # first is the primary contact
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(254))
    hours: Mapped[str] = mapped_column(String(120))
    demo: Mapped[bool] = mapped_column(default=False)
