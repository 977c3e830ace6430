"""Reusable test helpers: start the real pieces on free ports and stop them by PID."""
