"""dipevents: news articles in, a dated record of diplomatic meetings out."""
__version__ = "0.1.0"
