"""Every ORM model, imported so that Base.metadata knows the whole schema."""

from app.models.assessment import Assessment, Feedback
from app.models.audit import AuditEvent
from app.models.auth import ApiKey
from app.models.call import Call, CallOutcome
from app.models.case import BrobyggerCase, Callback, CaseEvent, ResponsePlan
from app.models.citizen import Citizen, PhoneLine
from app.models.directory import (
    DirectoryState,
    HsdsAttribute,
    HsdsLocation,
    HsdsOrganization,
    HsdsPhone,
    HsdsSchedule,
    HsdsService,
    HsdsServiceArea,
    HsdsServiceAtLocation,
    HsdsTaxonomy,
    HsdsTaxonomyTerm,
)
from app.models.municipality import MunicipalContact, Municipality
from app.models.registry import ModelVersion, TrainingJob
from app.models.user import ConsoleSession, UnknownNameFailure, User

__all__ = [
    "ApiKey",
    "Assessment",
    "AuditEvent",
    "BrobyggerCase",
    "Call",
    "CallOutcome",
    "Callback",
    "CaseEvent",
    "Citizen",
    "ConsoleSession",
    "DirectoryState",
    "Feedback",
    "HsdsAttribute",
    "HsdsLocation",
    "HsdsOrganization",
    "HsdsPhone",
    "HsdsSchedule",
    "HsdsService",
    "HsdsServiceArea",
    "HsdsServiceAtLocation",
    "HsdsTaxonomy",
    "HsdsTaxonomyTerm",
    "ModelVersion",
    "MunicipalContact",
    "Municipality",
    "PhoneLine",
    "ResponsePlan",
    "TrainingJob",
    "UnknownNameFailure",
    "User",
]
