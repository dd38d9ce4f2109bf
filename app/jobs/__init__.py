"""Work that runs in its own process (training), started by the service or the CLI."""
