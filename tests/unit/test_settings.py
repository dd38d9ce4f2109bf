"""Safe development defaults; production refuses insecure values."""

import pytest
from pydantic import ValidationError

from app.config import Settings

STRONG = "x" * 40
PG = "postgresql+psycopg://akutbro@db/akutbro"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"session_secret": STRONG, "database_url": PG}, "AKUTBRO_PSEUDONYM_SECRET"),
        (
            {"pseudonym_secret": "short", "session_secret": STRONG, "database_url": PG},
            "AKUTBRO_PSEUDONYM_SECRET",
        ),
        ({"pseudonym_secret": STRONG, "database_url": PG}, "AKUTBRO_SESSION_SECRET"),
        ({"pseudonym_secret": STRONG, "session_secret": STRONG}, "PostgreSQL"),
    ],
)
def test_production_refuses_to_start_with_insecure_values(values, message) -> None:
    with pytest.raises(ValidationError, match=message):
        Settings(environment="production", **values)


def test_production_starts_with_secrets_and_postgresql() -> None:
    settings = Settings(
        environment="production", pseudonym_secret=STRONG, session_secret=STRONG, database_url=PG
    )
    assert settings.environment == "production"


def test_development_defaults_work_out_of_the_box() -> None:
    settings = Settings(_env_file=None)
    assert settings.database_url.startswith("sqlite")
    assert settings.caller_rule.windows == ((30, 5), (90, 12))
    assert settings.brobygger_schedule.start.hour == 8
