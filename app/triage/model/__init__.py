"""The social-vs-medical flag model: features, training, thresholds, metrics, artefact, scoring.

Pure: no FastAPI, no SQLAlchemy. Training is CPU-heavy and belongs in its own process.
"""
