"""The one Settings object, read from the environment (prefix AKUTBRO_)."""

from functools import cached_property
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.triage.availability import DutySchedule, parse_schedule
from app.triage.history import FrequentCallerRule

DEV_SECRET = "development-only-not-secret"  # noqa: S105 - refused in production


class Settings(BaseSettings):
    """Service configuration; safe defaults for development, strict in production."""

    model_config = SettingsConfigDict(env_prefix="AKUTBRO_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///./var/akutbro.db"
    pseudonym_secret: SecretStr = SecretStr(DEV_SECRET)
    session_secret: SecretStr = SecretStr(DEV_SECRET)
    log_level: str = "INFO"

    timezone: str = "Europe/Copenhagen"
    brobygger_weekdays: str = "mon-fri"
    brobygger_hours: str = "08:00-16:00"
    sociolance_weekdays: str = "mon-fri"
    sociolance_hours: str = "08:00-16:00"
    frequent_caller_rule: str = "30:5,90:12"

    max_under_triage: float = 0.01
    max_auc_drop: float = 0.02
    # Notes written apart from the generator that every candidate model is assessed on
    # before promotion (a relative path is from the repository root); no file: not measured.
    challenge_set_path: str = "tests/challenge/calls.csv"
    registry_poll_seconds: float = 2.0
    api_key_cache_seconds: float = 10.0
    # The active keys' hashes, names and roles, rewritten at each change: a replica that
    # starts while the database is down still knows its keys. Empty: no copy.
    api_key_copy_path: str = "var/api-keys.json"
    max_body_bytes: int = 64 * 1024
    db_pool_size: int = 10
    # An assessment that is not done within its budget (a hung or overloaded database)
    # answers degraded and records nothing: the protocol, in time for the call-handler.
    assess_budget_ms: int = Field(default=250, ge=10, le=60_000)
    # PostgreSQL gives up on a statement after this long, freeing its connection.
    db_statement_timeout_ms: int = Field(default=5_000, ge=100, le=3_600_000)
    # The WAL is copied back off the request path, in small steps: each copy and its sync
    # can hold a request or two for 12-30 ms. Twice a second instead of once, SQLite's p99
    # at 1M calls fell from 9-20 ms to 8-12 ms, the p50 unchanged (bench/README.md).
    sqlite_checkpoint_seconds: float = 0.5

    console_session_hours: float = 8.0
    console_idle_minutes: float = 30.0
    console_secure_cookie: bool = False  # Secure is always set behind TLS and in production

    # Operations (docs/RUNBOOK.md). Logs: "auto" is JSON lines in production, text elsewhere.
    log_format: Literal["auto", "text", "json"] = "auto"
    metrics_enabled: bool = True  # GET /metrics, no key: keep it off the public network
    # Requests a minute per API key, by role, and per signed-in console user ("console");
    # a minute's worth may come at once. In each process's memory (app.ratelimit).
    rate_limits_enabled: bool = True
    rate_limits: str = "dispatch:6000,handler:600,brobygger:600,auditor:600,admin:120,console:1200"
    # Training processes running at once on this replica; more jobs wait, status "queued".
    training_jobs_at_once: int = Field(default=1, ge=1, le=8)

    @model_validator(mode="after")
    def _refuse_insecure_production(self) -> "Settings":
        if self.environment != "production":
            return self
        for name in ("pseudonym_secret", "session_secret"):
            value = getattr(self, name).get_secret_value()
            if value == DEV_SECRET or len(value) < 32:
                raise ValueError(
                    f"AKUTBRO_{name.upper()} must be set to a random value of at least "
                    "32 characters in production"
                )
        if self.database_url.startswith("sqlite"):
            raise ValueError("AKUTBRO_DATABASE_URL must point to PostgreSQL in production")
        return self

    @property
    def logs_as(self) -> Literal["text", "json"]:
        """The log format in force: "auto" is JSON in production, text elsewhere."""
        if self.log_format == "auto":
            return "json" if self.environment == "production" else "text"
        return self.log_format

    @cached_property
    def brobygger_schedule(self) -> DutySchedule:
        """The brobyggere's duty hours."""
        return parse_schedule(self.brobygger_weekdays, self.brobygger_hours, self.timezone)

    @cached_property
    def sociolance_schedule(self) -> DutySchedule:
        """The sociolance's duty hours."""
        return parse_schedule(self.sociolance_weekdays, self.sociolance_hours, self.timezone)

    @cached_property
    def caller_rule(self) -> FrequentCallerRule:
        """The frequent-caller rule."""
        return FrequentCallerRule.parse(self.frequent_caller_rule)
