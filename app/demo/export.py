"""Write synthetic demo calls as a training CSV, so admins can see what an export looks like.

The file follows `app.triage.model.training_csv` column for column. Every row is
SYNTHETIC (see `generator.DISCLAIMER`): show that disclaimer wherever the file is offered;
CSV has no place for it that the importer would not read as data.
"""

import csv
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from app.demo.generator import DemoData
from app.triage.model.training_csv import COLUMNS
from app.triage.phase import CaseSpan, case_phase

CPH = ZoneInfo("Europe/Copenhagen")


def write_training_csv(data: DemoData, target: str | Path | TextIO) -> int:
    """Write every labelled call of `data` in the training CSV format; returns the row count."""
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            return _write(data, handle)
    return _write(data, target)


def _write(data: DemoData, handle: TextIO) -> int:
    outcomes = data.outcomes_by_call()
    spans: dict[str, list[CaseSpan]] = {}
    for case in data.cases:
        spans.setdefault(case.citizen_key, []).append(CaseSpan(case.opened_at, case.closed_at))
    writer = csv.writer(handle)
    writer.writerow(COLUMNS)
    for call in data.calls:
        outcome = outcomes[call.call_id]
        key = call.citizen_key
        phase = case_phase(spans[key], as_of=call.received_at) if key in spans else "none"
        writer.writerow((
            call.call_id,
            call.received_at.astimezone(CPH).isoformat(),  # local time with its offset
            "" if call.age is None else call.age,
            call.sex,
            call.municipality_code or "",
            call.index_chapter or "",
            call.urgency or "",
            ";".join(call.symptoms),
            call.notes,
            key,
            outcome.ambulance_urgency or "",
            phase,
            str(outcome.medical_need).lower(),
            str(outcome.social_need).lower(),
        ))
    return len(data.calls)
