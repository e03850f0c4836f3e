"""Linked-data publishing: a static site (``kg publish``) and the pieces ``kg serve`` shares.

``publish`` writes dumps, the VoID/DCAT description, the ontology, shapes and stored queries,
and one HTML, Turtle, JSON-LD and N-Triples document per resource under the base IRI.
"""

from kg.publish.site import PublishResult, publish
from kg.publish.source import GraphSource, MemoryGraph, open_graph, read_graph
from kg.publish.void import Metadata

__all__ = [
    "GraphSource",
    "MemoryGraph",
    "Metadata",
    "PublishResult",
    "open_graph",
    "publish",
    "read_graph",
]
