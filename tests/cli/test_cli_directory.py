"""`akutbro directory import|export|seed-municipalities` on the test's database."""

import json

from typer.testing import CliRunner

from app.cli.directory import directory_app
from app.seed.directory import DIRECTORY_FILE

runner = CliRunner()


def test_import_export_and_a_refused_file(database_url, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AKUTBRO_DATABASE_URL", database_url)
    assert "loaded 19 municipalities" in runner.invoke(
        directory_app, ["seed-municipalities"]).output
    imported = runner.invoke(directory_app, ["import", str(DIRECTORY_FILE)])
    assert imported.exit_code == 0 and "36 services" in imported.output
    exported = tmp_path / "out.json"
    assert runner.invoke(directory_app, ["export", str(exported)]).exit_code == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert len(document["services"]) == 36
    del document["services"][0]["status"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    refused = runner.invoke(directory_app, ["import", str(bad)])
    assert refused.exit_code == 1
    assert "nothing imported" in refused.output
    assert "services[0]" in refused.output and "field 'status': is required" in refused.output
