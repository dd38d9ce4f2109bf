"""HTTP routes, one module per resource: parse, take dependencies, call one service."""
