"""A local `name=value` file for demo secrets (keys, passwords): readable by its owner only."""

from pathlib import Path


def read(path: Path) -> dict[str, str]:
    """The file's entries, or none when it does not exist."""
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text().split() if "=" in line)


def write(path: Path, entries: dict[str, str]) -> None:
    """Replace the file with these entries, mode 600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{name}={value}\n" for name, value in entries.items()))
    path.chmod(0o600)
