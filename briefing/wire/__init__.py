"""Turning raw wire copy (plain text) into article files."""
