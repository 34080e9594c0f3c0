"""Delivery: content keys, the page cache, lifetimes, query budgets, serving."""
