"""The youth co-design workshop kit: plan, run, capture and feed back participatory sessions."""

__version__ = "0.1.0"
