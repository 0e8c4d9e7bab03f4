"""The dipevents command line."""
