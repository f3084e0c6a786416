"""Modal screens: they sit over a screen, ask or show one thing, and close."""
