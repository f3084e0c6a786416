"""The facilitator's terminal app (Textual): a shell over the core; nothing here is imported by the core."""
