"""Use cases: load, call the pure core, persist. Services flush; the caller commits."""
