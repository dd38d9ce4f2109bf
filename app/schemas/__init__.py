"""Pydantic request and response models, apart from the ORM models."""
