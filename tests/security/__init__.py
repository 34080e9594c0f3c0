"""Attacks on the running site: hostile input, XSS, headers, limits."""
