"""Element dictionaries: what taxonomies and filings say about each element."""
