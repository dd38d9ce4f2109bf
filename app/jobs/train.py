"""`python -m app.jobs.train JOB_ID`: run one training job in this process, at low priority."""

import os
import sys

from app.config import Settings
from app.db.engine import make_engine, make_session_factory
from app.observability.logging import configure_logging
from app.services.flag_model.training import run


def main() -> None:
    """Train the job named on the command line; the job row records success or failure."""
    os.nice(10)  # never slow the assessments served from the same machine
    settings = Settings()
    configure_logging(settings.log_level, settings.logs_as)  # as the service logs
    factory = make_session_factory(make_engine(settings.database_url))
    run(factory, int(sys.argv[1]), settings=settings)


if __name__ == "__main__":
    main()
