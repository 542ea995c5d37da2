"""RQ job functions, queue wiring and the in-process pipeline runner."""
