"""Interfaces: the FastAPI app and the `eklaim` command line."""
