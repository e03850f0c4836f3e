"""Where graphs go after a build: an embedded pyoxigraph store, or a SPARQL 1.1 server.

``graphs`` cuts datasets and graph files into per-graph chunks of bounded size;
``embedded`` keeps a persistent pyoxigraph store on disk; ``remote`` writes to any SPARQL 1.1
store through the Graph Store HTTP Protocol or SPARQL Update; ``query_remote`` runs the stored
queries on an endpoint through SPARQLWrapper.
"""

# What the command line offers for a SPARQL server; here, so it can without loading a client.
USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
KINDS = ("auto", "oxigraph", "virtuoso", "fuseki", "graphdb", "neptune", "generic")
METHODS = ("auto", "gsp", "bulk", "update", "load")
