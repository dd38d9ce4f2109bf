"""What the console's pages read: queries shaped for one page each, beside the console."""

from app.console.queries import assessment, brobygger, models, people, queue

__all__ = ["assessment", "brobygger", "models", "people", "queue"]
