"""What operators watch: Prometheus metrics, logs carrying a request id."""
