"""Printable documents: activity cards, interpreter brief, feedback sheets (and the coordinator report)."""
