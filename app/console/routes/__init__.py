"""One module per area of the console: thin, they call services."""
