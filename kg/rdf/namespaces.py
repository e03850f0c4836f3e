"""Every namespace and vocabulary IRI the graph uses, in one place.

The ontology lives at a stable IRI of its own (``XKG``); data IRIs are minted under a base the
user chooses (``DEFAULT_BASE`` unless ``--base`` says otherwise).
"""

from __future__ import annotations

XKG = "https://w3id.org/xbrl-kg/ontology#"
DEFAULT_BASE = "https://w3id.org/xbrl-kg/id/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SH = "http://www.w3.org/ns/shacl#"
# Dataset descriptions (kg publish): VoID, DCAT, FOAF agents, SPARQL service descriptions.
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
SD = "http://www.w3.org/ns/sparql-service-description#"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

PREFIXES = {
    "xkg": XKG,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
}
# What published documents declare: the graph's prefixes and the description vocabularies.
PUBLISH_PREFIXES = {**PREFIXES, "void": VOID, "dcat": DCAT, "foaf": FOAF, "sd": SD, "sh": SH}
# Every vocabulary the graph, its descriptions and its shapes name: none is data.
VOCABULARIES = (*PUBLISH_PREFIXES.values(), IANA_MEDIA_TYPES)

TYPE = RDF + "type"
LABEL = RDFS + "label"
DEFINITION = SKOS + "definition"
PREF_LABEL = SKOS + "prefLabel"
TITLE = DCTERMS + "title"
FORMAT = DCTERMS + "format"
IDENTIFIER = DCTERMS + "identifier"
DERIVED_FROM = PROV + "wasDerivedFrom"


def xkg(name: str) -> str:
    return XKG + name


def xsd(name: str) -> str:
    return XSD + name
