"""The app's two looks: a calm default and a high-contrast theme for low vision or bright rooms."""

from __future__ import annotations

from textual.theme import Theme

CALM = Theme(
    name="kit-calm",
    primary="#5fa8d3",
    secondary="#8fbc8f",
    accent="#e0b35a",
    warning="#e0b35a",
    error="#e06c75",
    success="#8fbc8f",
    foreground="#e8e8e8",
    background="#1e2227",
    surface="#262b31",
    panel="#2f353d",
    dark=True,
)

HIGH_CONTRAST = Theme(
    name="kit-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffaa00",
    error="#ff5555",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    boost="#333333",
    dark=True,
    text_alpha=1.0,
    luminosity_spread=0.3,
)
