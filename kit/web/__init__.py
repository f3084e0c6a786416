"""The feedback page behind the QR code on the young people's sheets: a small Starlette app."""
