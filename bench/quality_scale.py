"""Benchmark: how long the quality shapes take on the shared corpus and on a million facts.

    python bench/quality_scale.py [--graph corpus.nq] [--facts 1000000]

Without ``--graph`` the shared corpus is built first (``XBRL_KG_SHARED_DATA`` or
``../shared/data``). The million-fact graph is the corpus graph copied under fresh report
IRIs until it holds ``--facts`` facts: each copy is a filing of its own (reports, sources and
linkbases renamed); concepts, periods, units and members stay shared, as they would across many
filings. Writes ``bench/results/quality-scale.json``.

Measured, each on the same machine and run:
* corpus: structure shapes (pySHACL), quality shapes (Oxigraph), both;
* pySHACL running the quality shapes itself (its per-focus-node SPARQL path) on one report, for
  comparison;
* scale: loading the copies into Oxigraph, and each quality constraint on them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as pyshacl_validate

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.build import build  # noqa: E402
from kg.shacl_sparql import SparqlValidator, split_shapes, store_from_ntriples  # noqa: E402
from kg.validate import ontology_graph, shapes_graph, validate  # noqa: E402
from tests.corpus import shared_data  # noqa: E402

FACT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/xbrl-kg/ontology#Fact>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graph", help="an N-Triples/N-Quads file of the corpus (else built)")
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "quality-scale.json"))
    parser.add_argument("--skip-pyshacl", action="store_true")
    args = parser.parse_args()
    # The load average says whether other work shared the machine during the run.
    machine: dict[str, object] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }
    figures: dict[str, object] = {"machine": machine}

    started = time.perf_counter()
    if args.graph:
        store = ox.Store()
        store.bulk_load(path=args.graph, format=_format(args.graph))
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        store.update("DROP NAMED")
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in store)
        ntriples = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
    else:
        data = shared_data()
        result = build([data / "rtext", data / "edgar", data / "seeds"])
        ntriples = result.dataset.ntriples()
        figures["corpus_build_seconds"] = round(time.perf_counter() - started, 2)
    corpus_facts = ntriples.count(FACT)
    corpus_triples = ntriples.count("\n")
    figures["corpus"] = {"facts": corpus_facts, "triples": corpus_triples}

    # -- the shared corpus ------------------------------------------------------------------
    graph = rdflib.Graph()
    graph.parse(data=ntriples, format="nt")
    corpus: dict[str, object] = {}
    for name, sets in (
        ("structure", ("structure",)),
        ("quality", ("quality",)),
        ("structure+quality", ("structure", "quality")),
    ):
        store = store_from_ntriples(ntriples)
        t = time.perf_counter()
        source = graph if name == "structure" else store
        report = validate(source, shapes=sets)
        corpus[name] = {
            "seconds": round(time.perf_counter() - t, 2),
            "violations": report.violations,
            "warnings": report.warnings,
        }
        if name == "quality":
            corpus["quality_per_rule"] = {
                f"{sev}: {rule}": n for (sev, rule), n in sorted(report.by_rule().items())
            }
    figures["corpus_validation"] = corpus

    # -- pySHACL's own SPARQL path, on one report -------------------------------------------
    if not args.skip_pyshacl:
        example = build([REPO / "examples" / "accounts-receivable-net-details.txt"])
        small = example.dataset.to_rdflib()
        facts = len(set(small.subjects(rdflib.RDF.type, rdflib.URIRef(FACT.split()[-1][1:-1]))))
        for triple in ontology_graph():
            small.add(triple)
        t = time.perf_counter()
        pyshacl_validate(small, shacl_graph=shapes_graph(["quality"]), inference="none")
        seconds = time.perf_counter() - t
        t = time.perf_counter()
        validate(example.dataset.to_rdflib(), shapes=("quality",))
        ours = time.perf_counter() - t
        figures["pyshacl_quality_one_report"] = {
            "facts": facts,
            "triples": len(small),
            "pyshacl_seconds": round(seconds, 2),
            "oxigraph_seconds": round(ours, 3),
            "pyshacl_seconds_per_fact": round(seconds / facts, 3),
        }

    # -- a million facts --------------------------------------------------------------------
    copies = -(-args.facts // corpus_facts)
    store = ox.Store()
    t = time.perf_counter()
    for k in range(copies):
        copy = ntriples
        for kind in ("report", "filing", "source", "calculation"):
            copy = copy.replace(f"/id/{kind}/", f"/id/c{k}/{kind}/")
        store.bulk_load(copy.encode(), ox.RdfFormat.N_TRIPLES)
    load = time.perf_counter() - t
    scale: dict[str, object] = {
        "copies": copies,
        "facts": corpus_facts * copies,
        "triples": len(store),
        "load_seconds": round(load, 2),
    }
    split = split_shapes(shapes_graph(["quality"]))
    subclasses = [
        (str(s), str(o)) for s, o in ontology_graph().subject_objects(rdflib.RDFS.subClassOf)
    ]
    validator = SparqlValidator(store, subclasses=subclasses)
    per_constraint = {}
    total = 0.0
    for constraint in split.sparql:
        t = time.perf_counter()
        found = sum(1 for _ in validator.run([constraint]))
        seconds = time.perf_counter() - t
        total += seconds
        per_constraint[str(constraint.shape).rpartition("#")[2]] = {
            "seconds": round(seconds, 2),
            "results": found,
        }
        print(f"{constraint.shape}: {seconds:.1f} s, {found} results", file=sys.stderr)
    scale["quality_seconds"] = round(total, 2)
    scale["per_constraint"] = per_constraint
    scale["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["million_facts"] = scale
    machine["load_average_end"] = [round(x, 2) for x in os.getloadavg()]

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


def _format(path: str) -> ox.RdfFormat:
    return ox.RdfFormat.N_QUADS if path.endswith(".nq") else ox.RdfFormat.N_TRIPLES


if __name__ == "__main__":
    main()
