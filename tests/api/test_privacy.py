"""No raw CPR or phone number is stored or logged; every history read is audit-logged."""

import logging
from pathlib import Path

from sqlalchemy import select, text

from app.db.engine import Base
from app.models import AuditEvent
from tests.factories import assessment_body

CPR_DIGITS = "0705851237"
PHONE_DIGITS = "26481357"


def _everything_stored(client) -> str:  # type: ignore[no-untyped-def]
    dump = []
    with client.app.state.session_factory() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(text(f'SELECT * FROM "{table.name}"')):
                dump.append(repr(tuple(row)))
    return "\n".join(dump)


def _post_identified_call(client, keys) -> dict:  # type: ignore[no-untyped-def]
    body = assessment_body(
        caller_phone="+45 26 48 13 57",
        patient={"cpr": "070585-1237"},
        notes="pt oplyser cpr 070585-1237 og tlf 26 48 13 57, er ensom",
    )
    return client.post("/v1/assessments", json=body, headers=keys["dispatch"]).json()


def test_no_raw_cpr_or_phone_reaches_the_database(client, keys, database_url) -> None:
    answer = _post_identified_call(client, keys)
    client.post(
        f"/v1/calls/{answer['call_id']}/outcome",
        json={"dispatched": "none"},
        headers=keys["dispatch"],
    )
    client.post(
        "/v1/citizens/lookup",
        json={"cpr": "070585-1237", "purpose": "opfølgning"},
        headers=keys["handler"],
    )
    stored = _everything_stored(client)
    for needle in (CPR_DIGITS, "070585-1237", "070585", PHONE_DIGITS, "26 48 13 57"):
        assert needle not in stored
    assert "[CPR]" in stored and "[TLF]" in stored  # the notes were scrubbed, not dropped
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        raw = path.read_bytes() + path.with_name(path.name + "-wal").read_bytes()
        assert CPR_DIGITS.encode() not in raw and b"070585" not in raw
        assert PHONE_DIGITS.encode() not in raw


def test_no_raw_cpr_or_phone_reaches_the_logs(client, keys, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    _post_identified_call(client, keys)
    client.post(
        "/v1/assessments",
        json=assessment_body(patient={"cpr": "070585-123"}),
        headers=keys["dispatch"],
    )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "070585" not in logged and PHONE_DIGITS not in logged


def test_every_history_read_is_audit_logged(client, keys) -> None:
    answer = _post_identified_call(client, keys)
    pseudonym = answer["history"]["citizen_pseudonym"]
    client.post(
        "/v1/citizens/lookup",
        json={"phone": "26481357", "purpose": "brobygger opfølgning"},
        headers=keys["brobygger"],
    )
    with client.app.state.session_factory() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [
        (e.actor, e.role, e.action, e.citizen_pseudonym, e.call_id, e.purpose) for e in events
    ] == [
        (
            "test-dispatch",
            "dispatch",
            "history.read.assessment",
            pseudonym,
            answer["call_id"],
            None,
        ),
        (
            "test-brobygger",
            "brobygger",
            "history.read.lookup",
            pseudonym,
            None,
            "brobygger opfølgning",
        ),
    ]


def test_a_lookup_needs_a_purpose_and_an_identifier(client, keys) -> None:
    response = client.post("/v1/citizens/lookup", json={"purpose": "x"}, headers=keys["handler"])
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert "purpose" in fields
