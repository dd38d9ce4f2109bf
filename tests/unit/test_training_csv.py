"""The admins' training CSV: a good file reads whole, a bad one names every bad row."""

import io
from datetime import date

import pytest

from app.demo.export import write_training_csv
from app.demo.generator import generate
from app.triage.model.examples import examples_from_timeline
from app.triage.model.training_csv import CsvValidationError, parse_examples, read_examples

HEADER = ("call_id,received_at,age,sex,municipality_code,index_chapter,urgency,symptoms,notes,"
          "citizen_key,medical_need,social_need\n")


def test_demo_export_reads_back_to_the_same_examples(tmp_path) -> None:
    data = generate(seed=21, start=date(2024, 3, 1), days=5)
    path = tmp_path / "calls.csv"
    rows = write_training_csv(data, path)
    examples = read_examples(path)
    assert rows == len(examples) == len(data.calls)
    expected = examples_from_timeline(data.calls, data.outcomes, data.cases)
    assert [e.features for e in examples] == [e.features for e in expected]
    assert [(e.medical_need, e.social_need) for e in examples] == [
        (e.medical_need, e.social_need) for e in expected]


def test_a_good_file_with_history_by_citizen_key() -> None:
    text = HEADER + (
        'a1,2024-05-01T22:10:00+02:00,52,male,0751,37,,loneliness,"ensom, vil snakke",k1,'
        'false,true\n'
        'a2,2024-05-02T01:00:00+02:00,52,M,0751,,E,,ringer igen,k1,0,1\n'
        'a3,2024-05-02T09:00:00Z,,,,5,a,chest_pain;anxiety,,,ja,nej\n'
    )
    first, second, third = parse_examples(text)
    assert second.features.history.calls_24h == 2  # the same key's earlier call counts
    assert first.features.history.calls_24h == 1
    assert third.features.index_chapter == "05" and third.features.urgency == "A"
    assert third.features.symptoms == ("chest_pain", "anxiety")
    assert third.features.sex == "unknown" and third.features.age is None
    assert second.social and not third.social and third.medical_need


def test_semicolon_delimited_excel_export() -> None:
    text = HEADER.replace(",", ";") + (
        'b1;2024-05-01T10:00:00+02:00;80;female;0730;;C;"anxiety;loneliness";angst;;false;true\n'
    )
    (example,) = parse_examples(text)
    assert example.features.symptoms == ("anxiety", "loneliness")


def test_every_bad_row_is_named_and_nothing_is_returned() -> None:
    text = HEADER + (
        "c1,2024-05-01T10:00:00+02:00,40,female,0751,,,,ok,,false,true\n"
        "c2,2024-05-01 10:00,40,female,0751,,,,no offset,,false,true\n"
        "c3,2024-05-01T10:00:00+02:00,140,woman,751,38,F,chest,x,,maybe,\n"
        "c1,2024-05-01T11:00:00+02:00,40,female,0751,,,,dup,,false,true\n"
        "c5,2024-05-01T11:00:00+02:00,40\n"
    )
    with pytest.raises(CsvValidationError) as caught:
        parse_examples(text)
    errors = caught.value.errors
    assert "row 3, field 'received_at'" in errors[0] and "no UTC offset" in errors[0]
    row4 = [e for e in errors if e.startswith("row 4,")]
    fields = {e.split("field '")[1].split("'")[0] for e in row4}
    assert fields == {"age", "sex", "municipality_code", "index_chapter", "urgency", "symptoms",
                      "medical_need", "social_need"}
    assert any(e.startswith("row 5, field 'call_id'") and "more than once" in e for e in errors)
    assert any(e.startswith("row 6:") and "fields" in e for e in errors)
    assert not any(e.startswith("row 2") for e in errors)
    assert "row 3" in str(caught.value)


def test_missing_columns_and_empty_files() -> None:
    with pytest.raises(CsvValidationError, match="missing required column"):
        parse_examples("call_id,received_at,notes\nx,2024-01-01T00:00:00Z,hej\n")
    with pytest.raises(CsvValidationError, match="empty"):
        parse_examples("")
    with pytest.raises(CsvValidationError, match="no data rows"):
        parse_examples(HEADER)


def test_reads_an_open_file_with_a_bom() -> None:
    text = "\ufeff" + HEADER + "d1,2024-05-01T10:00:00+02:00,,,,,,,,,true,false\n"
    (example,) = read_examples(io.StringIO(text))
    assert example.medical_need and not example.social
