"""xbrl-kg: EDGAR R pages and XBRL filings as a validated, queryable RDF knowledge graph."""
