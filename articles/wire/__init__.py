"""Wire ingest: agency items read from drop folders and feeds, parsed, and made into stories."""
