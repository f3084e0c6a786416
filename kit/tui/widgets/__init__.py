"""Reusable widgets of the facilitator's app."""
