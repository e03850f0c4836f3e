"""Where graphs go after a build: an embedded pyoxigraph store, or a SPARQL 1.1 server.

``graphs`` cuts datasets and graph files into per-graph chunks of bounded size;
``embedded`` keeps a persistent pyoxigraph store on disk; ``remote`` writes to any SPARQL 1.1
store through the Graph Store HTTP Protocol or SPARQL Update; ``query_remote`` runs the stored
queries on an endpoint through SPARQLWrapper.
"""
