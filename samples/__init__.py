"""Synthetic sample documents and claims (never a real person's data)."""
