"""Keyed hashes of CPR and phone numbers: the only form in which identifiers are stored."""

import hashlib
import hmac
import secrets


class Pseudonymiser:
    """HMAC-SHA256 with the service's secret; one key, separate domains for CPR and phone."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def cpr(self, digits: str) -> str:
        """The stored form of a validated CPR number."""
        return self._digest("cpr", digits)

    def phone(self, e164: str) -> str:
        """The stored form of an E.164 phone number."""
        return self._digest("phone", e164)

    def _digest(self, domain: str, value: str) -> str:
        return hmac.new(self._key, f"{domain}:{value}".encode(), hashlib.sha256).hexdigest()


def new_pseudonym() -> str:
    """A random, meaningless name for a citizen, safe to show and to log."""
    return secrets.token_hex(8)
