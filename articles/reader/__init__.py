"""The reader site's parts: browser classes, navigation, search,
listings, structured data, error pages.
"""
