"""The ``kg`` command: a thin layer over the library, and its one error boundary.

Exit codes: 0 success; 1 the data has problems (an input could not be read, the graph does not
conform); 2 bad usage or setup; 3 an internal error (with a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Sequence

from kg.build import build
from kg.errors import KgError
from kg.queries import QueryResult, get_query, run_query, stored_queries
from kg.rdf.dataset import Dataset, RdfFormat, load_graph_files, store_to_rdflib
from kg.rdf.namespaces import DEFAULT_BASE
from kg.stores import targets
from kg.validate import ValidationReport, validate


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except KgError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception:
        traceback.print_exc()
        print(
            "kg: internal error (a bug: please report it with the traceback above)", file=sys.stderr
        )
        return 3


def entrypoint() -> None:
    sys.exit(main())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="EDGAR R pages and XBRL filings as an RDF knowledge graph."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = commands.add_parser("build", help="read R pages (HTML or '|' text) into a graph file")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="R page files or folders")
    b.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file; format from the extension (.ttl .nt .nq .trig .jsonld)",
    )
    b.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    b.add_argument("--base", default=DEFAULT_BASE, help="base IRI for minted IRIs")
    b.add_argument(
        "--store", metavar="DIR", help="also add the graphs to this embedded (pyoxigraph) store"
    )
    _endpoint_options(b, writes=True)
    b.set_defaults(run=_build)

    ld = commands.add_parser(
        "load", help="load graph files into an embedded store or a SPARQL server"
    )
    ld.add_argument("graphs", nargs="+", metavar="GRAPH", help=".nq .trig .ttl .nt .jsonld files")
    ld.add_argument("--store", metavar="DIR", help="embedded (pyoxigraph) store folder")
    ld.add_argument(
        "--graph",
        metavar="IRI",
        help="named graph for triples outside any named graph (default: the file's URI)",
    )
    _endpoint_options(ld, writes=True)
    ld.set_defaults(run=_load)

    v = commands.add_parser(
        "validate", help="check graph files (or an embedded store) against the SHACL shapes"
    )
    v.add_argument("graphs", nargs="*", metavar="GRAPH")
    v.add_argument(
        "--store", metavar="DIR", help="validate an embedded store (default without GRAPH)"
    )
    v.add_argument(
        "--shapes",
        action="append",
        metavar="NAME|PATH",
        help="shape set to use (repeatable; default: structure)",
    )
    v.add_argument("--format", choices=("text", "json", "ttl"), default="text")
    v.set_defaults(run=_validate)

    q = commands.add_parser(
        "query", help="run a stored query on graph files, an embedded store or an endpoint"
    )
    q.add_argument("name", metavar="NAME", help="stored query name (see 'kg queries')")
    q.add_argument("graphs", nargs="*", metavar="GRAPH")
    q.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table")
    q.add_argument(
        "--store",
        metavar="DIR",
        help="embedded store (default without GRAPH or --endpoint: $KG_STORE or ./kg-store)",
    )
    _endpoint_options(q, writes=False)
    q.set_defaults(run=_query)

    ls = commands.add_parser("queries", help="list the stored queries and their parameters")
    ls.set_defaults(run=_queries)
    return parser


def _endpoint_options(parser: argparse.ArgumentParser, *, writes: bool) -> None:
    group = parser.add_argument_group("SPARQL server")
    group.add_argument("--endpoint", metavar="URL", help="SPARQL query endpoint of the store")
    group.add_argument(
        "--server",
        choices=targets.KINDS,
        default="auto",
        help="server kind, which fixes its update and Graph Store URLs (default: ask it)",
    )
    group.add_argument("--user", help=f"user name (or ${targets.USER_ENV})")
    group.add_argument(
        "--password", help=f"password (better: ${targets.PASSWORD_ENV}; never printed)"
    )
    group.add_argument(
        "--auth", choices=("auto", "basic", "digest"), default="auto", help="HTTP authentication"
    )
    group.add_argument("--retries", type=int, default=3, help="retries of transient failures")
    group.add_argument(
        "--timeout", type=float, default=600.0, metavar="SECONDS", help="per request"
    )
    if writes:
        group.add_argument("--update-endpoint", metavar="URL", help="SPARQL Update URL")
        group.add_argument("--graph-store", metavar="URL", help="Graph Store Protocol URL")
        group.add_argument(
            "--method",
            choices=targets.METHODS,
            default="auto",
            help="gsp (PUT per graph), bulk (Oxigraph), update (SPARQL Update only)",
        )
        group.add_argument("--batch", type=int, metavar="TRIPLES", help="triples per request")
        group.add_argument("--parallel", type=int, default=1, help="concurrent requests")


def _remote(args: argparse.Namespace) -> targets.Remote:
    return targets.Remote(
        url=args.endpoint,
        kind=args.server,
        user=args.user,
        password=args.password,
        auth=args.auth,
        retries=args.retries,
        timeout=args.timeout,
        update=getattr(args, "update_endpoint", None),
        graph_store=getattr(args, "graph_store", None),
        method=getattr(args, "method", "auto"),
        batch=getattr(args, "batch", None),
        parallel=getattr(args, "parallel", 1),
        on_retry=lambda message: print(f"kg: {message}", file=sys.stderr),
    )


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if not (args.output or args.store or args.endpoint):
        raise KgError("say where the graph goes: -o OUT, --store DIR or --endpoint URL")
    fmt = RdfFormat.from_path(args.output) if args.output else None
    result = build(args.inputs, base=args.base)
    for error in result.errors:
        print(f"kg: {error}", file=sys.stderr)
    report = None if args.no_validate else validate(result.dataset.to_rdflib())
    if report is not None and not report.conforms:
        print(report.text(), file=sys.stderr)
    if args.output:
        result.dataset.write(args.output, fmt)
    destinations = [args.output] if args.output else []
    if args.store:
        loaded = targets.load_dataset_into_store(result.dataset, args.store)
        destinations.append(loaded.target)
    if args.endpoint:
        loaded = targets.load_dataset_remote(result.dataset, _remote(args))
        destinations.append(loaded.target)
    pages = len(result.reports) + len(result.errors)
    violations = "not checked" if report is None else str(report.violations)
    print(
        f"pages {pages} ({len(result.errors)} failed), facts {result.facts}, "
        f"triples {len(result.dataset)}, violations {violations}, "
        f"{time.perf_counter() - started:.2f} s -> {', '.join(destinations)}"
    )
    failed = bool(result.errors) or (report is not None and not report.conforms)
    return 1 if failed else 0


def _load(args: argparse.Namespace) -> int:
    if bool(args.store) == bool(args.endpoint):
        raise KgError("give one of --store DIR or --endpoint URL")
    if args.store:
        loaded = targets.load_files_into_store(args.graphs, args.store, graph=args.graph)
    else:
        loaded = targets.load_files_remote(args.graphs, _remote(args), graph=args.graph)
    print(loaded.summary())
    return 0


def _validate(args: argparse.Namespace) -> int:
    if args.graphs and args.store:
        raise KgError("give GRAPH files or --store DIR, not both")
    if args.graphs:
        data = store_to_rdflib(load_graph_files(args.graphs))
    else:
        data = targets.store_graph(args.store)
    report = validate(data, shapes=args.shapes or ("structure",))
    print(_render_validation(report, args.format), end="")
    return 0 if report.conforms else 1


def _render_validation(report: ValidationReport, fmt: str) -> str:
    if fmt == "ttl":
        return str(report.graph.serialize(format="turtle"))
    if fmt == "json":
        records = [
            {
                "severity": r.severity,
                "message": r.message,
                "focus": r.focus,
                "where": r.focus_description,
                "path": r.path,
                "value": r.value,
                "shape": r.shape,
            }
            for r in report.results
        ]
        summary = {
            "conforms": report.conforms,
            "violations": report.violations,
            "warnings": report.warnings,
            "results": records,
        }
        return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    return report.text() + "\n"


def _query(args: argparse.Namespace) -> int:
    query = get_query(args.name)
    params = dict(_key_value(p) for p in args.param)
    if sum(map(bool, (args.graphs, args.store, args.endpoint))) > 1:
        raise KgError("give GRAPH files, --store DIR or --endpoint URL: one of them")
    result: QueryResult
    if args.graphs:
        result = run_query(query, load_graph_files(args.graphs), params)
    elif args.endpoint:
        result = targets.query_remote(query, _remote(args), params)
    else:
        result = targets.query_store(query, args.store, params)
    print(result.format(args.format), end="")
    return 0


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise KgError(f"--param expects KEY=VALUE, got {text!r}")
    return key.strip(), value


def _queries(args: argparse.Namespace) -> int:
    for name, query in sorted(stored_queries().items()):
        print(f"{name}: {query.description}")
        for p in query.parameters:
            optional = ", optional" if p.optional else ""
            print(f"    --param {p.name}=<{p.type}{optional}>  {p.description}")
    return 0


__all__ = ["Dataset", "entrypoint", "main"]
