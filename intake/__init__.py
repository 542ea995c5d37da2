"""Claim intake: typed-field validation, file checks, storage and the claims database."""
