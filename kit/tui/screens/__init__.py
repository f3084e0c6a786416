"""One Screen per module, named after what the facilitator does there."""
