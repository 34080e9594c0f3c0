"""Reader pages: articles, listings, search, feeds, sitemaps, credits, videos."""
