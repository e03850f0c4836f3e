"""Linked-data publishing: a static site (``kg publish``) and the pieces ``kg serve`` shares.

``publish`` writes dumps, the VoID/DCAT description, the ontology, shapes and stored queries,
and one HTML, Turtle, JSON-LD and N-Triples document per resource under the base IRI.
"""

from kg.publish.site import PublishResult, publish
from kg.publish.source import GraphSource, open_graph
from kg.publish.void import Metadata

__all__ = ["GraphSource", "Metadata", "PublishResult", "open_graph", "publish"]
