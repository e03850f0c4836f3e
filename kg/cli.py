"""The ``kg`` command: a thin layer over the library, and its one error boundary.

Exit codes: 0 success; 1 the data has problems (an input could not be read, the graph does not
conform); 2 bad usage or setup; 3 an internal error (with a traceback); 141 the output's
reader stopped reading (``kg query ... | head``), as for a program stopped by SIGPIPE.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.rdf.namespaces import DEFAULT_BASE
from kg.stores import KINDS, METHODS, PASSWORD_ENV, USER_ENV

# Each command imports what it runs when it runs: the readers, rdflib, pyoxigraph's server,
# the HTTP client and the publisher together take longer to import than a page takes to read.
if TYPE_CHECKING:
    from kg.publish import Metadata
    from kg.rdf.dataset import RdfFormat
    from kg.stores.targets import Remote
    from kg.stream import Progress
    from kg.taxonomy.index import TaxonomyIndex
    from kg.validate import ValidationReport

_OUTPUT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")  # RdfFormat's extensions


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
    except BrokenPipeError:
        raise  # no bug: see entrypoint
    except Exception:
        traceback.print_exc()
        print(
            "kg: internal error (a bug: please report it with the traceback above)", file=sys.stderr
        )
        return 3


def entrypoint() -> None:
    try:
        code = main()
        sys.stdout.flush()  # a closed pipe shows here rather than at exit
    except BrokenPipeError:
        # The reader of the output stopped: end quietly, and keep the interpreter's own last
        # flush from failing again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 141
    sys.exit(code)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="EDGAR R pages and XBRL filings as an RDF knowledge graph."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = commands.add_parser("build", help="read R pages (HTML or '|' text) into a graph file")
    b.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="R page files or folders; '-' reads one page from standard input",
    )
    b.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file; format from the extension (.ttl .nt .nq .trig .jsonld); "
        "'-' for standard output",
    )
    b.add_argument(
        "--format",
        choices=_OUTPUT_FORMATS,
        help="the format of '-o -' (default nq); a file's comes from its extension",
    )
    b.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    b.add_argument("--base", default=DEFAULT_BASE, help="base IRI for minted IRIs")
    b.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="read with N worker processes (0: one per CPU); the output is the same",
    )
    b.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: only on a terminal)",
    )
    b.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print no notes (they stay in the graph as xkg:readerNote); errors still print",
    )
    b.add_argument(
        "--taxonomy",
        action="append",
        default=[],
        metavar="PATH",
        help="element dictionary for '|' text pages (repeatable): a taxonomy package or folder, "
        "an FSDS tag.txt, a MetaLinks.json or a filing folder; added to the default search path "
        "($XBRL_KG_TAXONOMY, else ~/.local/share/xbrl-kg/taxonomies)",
    )
    b.add_argument(
        "--no-default-taxonomy",
        action="store_true",
        help="use only the --taxonomy paths, not the default search path",
    )
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
        help="shape set to use: structure, quality or a Turtle file (repeatable; default: "
        "structure)",
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

    f = commands.add_parser(
        "check-fidelity", help="score the '|' text reader against the HTML of the same pages"
    )
    f.add_argument("html_dir", metavar="HTML_DIR", help="folder with the R pages' HTML")
    f.add_argument("text_dir", metavar="TEXT_DIR", help="folder with their '|' text")
    f.add_argument(
        "--precision",
        action="store_true",
        help="use the favor_precision texts ({page}.precision.txt)",
    )
    f.add_argument("--details", action="store_true", help="list every missed and extra fact")
    f.add_argument(
        "--taxonomy",
        action="append",
        default=[],
        metavar="PATH",
        help="element dictionary the text pages resolve their rows with (repeatable)",
    )
    f.set_defaults(run=_check_fidelity)

    p = commands.add_parser(
        "publish", help="write a static linked-data site: dumps, VoID, one page per resource"
    )
    _graph_arguments(p)
    p.add_argument("-o", "--output", required=True, metavar="SITE", help="the site folder")
    p.add_argument("--title", help="the dataset's title")
    p.add_argument("--description", help="the dataset's description")
    p.add_argument("--license", metavar="IRI", help="licence of the data, e.g. a CC0 IRI")
    p.add_argument("--publisher", metavar="IRI|NAME", help="who publishes the data")
    p.add_argument("--creator", metavar="IRI|NAME", help="who made the data")
    p.add_argument(
        "--source", action="append", default=[], metavar="IRI|TEXT", help="where it came from"
    )
    p.add_argument("--issued", metavar="DATE", help="date of publication (YYYY-MM-DD)")
    p.add_argument("--version", dest="dataset_version", metavar="TEXT", help="dataset version")
    p.add_argument("--sparql-endpoint", metavar="IRI", help="a SPARQL endpoint serving the data")
    p.add_argument(
        "--no-documents", action="store_true", help="dumps and descriptions only, no pages"
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="write the documents with N processes (0: one per CPU); the site is the same",
    )
    p.set_defaults(run=_publish)

    s = commands.add_parser(
        "serve", help="serve the graph: dereferenceable IRIs, HTML pages, search and SPARQL"
    )
    _graph_arguments(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    s.add_argument("--port", type=int, help="port (8000; 0 picks one)")
    s.add_argument("--timeout", type=float, help="SPARQL query timeout, seconds (10)")
    s.add_argument("--limit", type=int, help="most results a SPARQL query returns (10,000)")
    s.add_argument("--title", help="the dataset's title on every page")
    s.add_argument("--quiet", action="store_true", help="do not log requests")
    s.set_defaults(run=_serve)
    return parser


def _graph_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("graphs", nargs="*", metavar="GRAPH", help="graph files (.nq .trig ...)")
    parser.add_argument("--store", metavar="DIR", help="a pyoxigraph store folder (read-only)")
    parser.add_argument(
        "--base", help="base IRI of the data (default: read off the graph), ending with '/'"
    )


def _endpoint_options(parser: argparse.ArgumentParser, *, writes: bool) -> None:
    group = parser.add_argument_group("SPARQL server")
    group.add_argument("--endpoint", metavar="URL", help="SPARQL query endpoint of the store")
    group.add_argument(
        "--server",
        choices=KINDS,
        default="auto",
        help="server kind, which fixes its update and Graph Store URLs (default: ask it)",
    )
    group.add_argument("--user", help=f"user name (or ${USER_ENV})")
    group.add_argument("--password", help=f"password (better: ${PASSWORD_ENV}; never printed)")
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
            choices=METHODS,
            default="auto",
            help="gsp (PUT per graph), bulk (Oxigraph), update (SPARQL Update only), "
            "load (Virtuoso fetches N-Quads batches that kg serves: see --serve-address)",
        )
        group.add_argument("--batch", type=int, metavar="TRIPLES", help="triples per request")
        group.add_argument("--parallel", type=int, default=1, help="concurrent requests")
        group.add_argument(
            "--serve-address",
            metavar="HOST[:PORT]",
            default="127.0.0.1",
            help="--method load: where kg serves its batches; the server must reach it",
        )
        group.add_argument(
            "--unlogged",
            action="store_true",
            help="--method load: without Virtuoso's transaction log, as its bulk loader runs "
            "(faster; durable only from the server's next checkpoint)",
        )


def _remote(args: argparse.Namespace) -> Remote:
    from kg.stores.targets import Remote

    return Remote(
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
        serve_address=getattr(args, "serve_address", "127.0.0.1"),
        unlogged=getattr(args, "unlogged", False),
        on_retry=lambda message: print(f"kg: {message}", file=sys.stderr),
    )


def _build(args: argparse.Namespace) -> int:
    if not (args.output or args.store or args.endpoint):
        raise KgError("say where the graph goes: -o OUT, --store DIR or --endpoint URL")
    from kg import build
    from kg.rdf.dataset import RdfFormat
    from kg.stream import (
        BuiltUnit,
        StreamSummary,
        build_units,
        convert_graph_file,
        convert_graph_file_to,
        write_units,
        write_units_to,
    )

    started = time.perf_counter()
    taxonomy = _taxonomy(args)
    to_stdout = args.output == "-"
    fmt = _output_format(args)
    loading = bool(args.store or args.endpoint)
    # Found as they are read, not listed first: a list of every path grows with the corpus.
    paths = build.find_pages(args.inputs)
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    validating = not args.no_validate
    summary = StreamSummary()
    progress = _progress(args.inputs, args.progress)

    def record(unit: BuiltUnit) -> None:
        summary.add(unit, validating)
        progress(unit)
        for note in () if args.quiet else unit.notes:  # now, not at the end: not kept
            progress.write(f"kg: note: {note}")

    destinations = []
    with tempfile.TemporaryDirectory(prefix="kg-build-") as scratch:
        # Stores take whole named graphs: they load a quads file, the output or a scratch one.
        streamed = to_stdout and not loading  # to standard output as the units come
        file_out = args.output if args.output and not to_stdout else None
        written = file_out if file_out and (fmt.quads or not loading) else None
        graph_file = written or str(Path(scratch) / "graph.nq")
        graph_format = fmt if streamed else RdfFormat.from_path(graph_file)
        units = build_units(
            paths,
            base=args.base,
            quads=graph_format.quads,
            validate=validating,
            jobs=jobs,
            taxonomy=taxonomy,
        )
        try:
            if streamed:
                write_units_to(units, sys.stdout.buffer, fmt, on_unit=record)
            else:
                write_units(units, graph_file, graph_format, on_unit=record)
        finally:
            progress.close()
        if to_stdout:
            if not streamed:
                convert_graph_file_to(graph_file, sys.stdout.buffer, fmt)
            sys.stdout.buffer.flush()
            destinations.append("standard output")
        elif file_out:
            if written is None:
                convert_graph_file(graph_file, file_out)
            destinations.append(file_out)
        if args.store or args.endpoint:
            # Only now: the store clients import rdflib, a third of a small build's time.
            from kg.stores import targets
        if args.store:
            loaded = targets.load_files_into_store([graph_file], args.store, graph=None)
            destinations.append(loaded.target)
        if args.endpoint:
            loaded = targets.load_files_remote([graph_file], _remote(args), graph=None)
            destinations.append(loaded.target)
    for error in summary.errors:
        print(f"kg: {error}", file=sys.stderr)
    for text in summary.violation_texts:
        print(text, file=sys.stderr)
    violations = "not checked" if summary.violations is None else str(summary.violations)
    resolved = ""
    if taxonomy is not None:
        resolved = f"taxonomy {len(taxonomy)} elements, resolved rows {summary.resolved}, "
    print(
        f"pages {summary.pages} ({summary.failed} failed), facts {summary.facts}, {resolved}"
        f"triples {summary.triples}, violations {violations}, notes {summary.notes}, "
        f"{time.perf_counter() - started:.2f} s -> {', '.join(destinations)}",
        file=sys.stderr if to_stdout else sys.stdout,
    )
    return 1 if summary.failed or summary.violations else 0


def _output_format(args: argparse.Namespace) -> RdfFormat:
    """The format of the output: ``--format`` for standard output (N-Quads unless given), a
    file's extension otherwise (N-Quads when the graph only goes to a store)."""
    from kg.rdf.dataset import RdfFormat

    if args.output == "-":
        return next(f for f in RdfFormat if f.extension == (args.format or "nq"))
    if args.format:
        raise KgError("--format is for '-o -'; a file's format comes from its extension")
    return RdfFormat.from_path(args.output) if args.output else RdfFormat.N_QUADS


def _progress(inputs: Sequence[str], enabled: bool | None) -> Progress:
    """The bar counts the pages in a walk of its own, made only when it shows."""
    from kg import build
    from kg.stream import Progress

    if enabled is None:
        enabled = sys.stderr.isatty()
    total = sum(1 for _ in build.find_pages(inputs)) if enabled else 0
    return Progress(total, enabled=enabled)


def _taxonomy(args: argparse.Namespace) -> TaxonomyIndex | None:
    from kg.taxonomy.sources import default_taxonomy_paths, load_taxonomy

    dictionaries = [Path(p) for p in args.taxonomy]
    if not args.no_default_taxonomy:
        dictionaries += [p for p in default_taxonomy_paths() if p not in dictionaries]
    return load_taxonomy(dictionaries) if dictionaries else None


def _load(args: argparse.Namespace) -> int:
    if bool(args.store) == bool(args.endpoint):
        raise KgError("give one of --store DIR or --endpoint URL")
    from kg.stores import targets

    if args.store:
        loaded = targets.load_files_into_store(args.graphs, args.store, graph=args.graph)
    else:
        loaded = targets.load_files_remote(args.graphs, _remote(args), graph=args.graph)
    print(loaded.summary())
    return 0


def _validate(args: argparse.Namespace) -> int:
    from kg.rdf.dataset import load_graph_files
    from kg.stores import targets
    from kg.validate import validate

    if args.graphs and args.store:
        raise KgError("give GRAPH files or --store DIR, not both")
    data = load_graph_files(args.graphs) if args.graphs else targets.store_copy(args.store)
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
                "rule": r.rule,
                "message": r.message,
                "focus": r.focus,
                "where": r.focus_description,
                "report": r.where.report,
                "report_title": r.where.report_title,
                "source": r.where.source,
                "row": r.where.row,
                "column": r.where.column,
                "period": r.where.period,
                "members": r.where.members,
                "display": r.where.display,
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
            "per_rule": [
                {"severity": severity, "rule": rule, "results": count}
                for (severity, rule), count in sorted(report.by_rule().items())
            ],
            "results": records,
        }
        return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    return report.text() + "\n"


def _query(args: argparse.Namespace) -> int:
    from kg.queries import QueryResult, get_query, run_query
    from kg.rdf.dataset import load_graph_files
    from kg.stores import targets

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


def _check_fidelity(args: argparse.Namespace) -> int:
    from kg.fidelity import check_fidelity, fidelity_report
    from kg.taxonomy.sources import load_taxonomy

    taxonomy = load_taxonomy([Path(p) for p in args.taxonomy]) if args.taxonomy else None
    results = check_fidelity(
        Path(args.html_dir),
        Path(args.text_dir),
        precision=args.precision,
        taxonomy=taxonomy,
        on_error=lambda error: print(f"kg: error: {error}", file=sys.stderr),
    )
    print(fidelity_report(results, details=args.details), end="")
    return 1 if any(score.unreadable for _, score in results) else 0


def _metadata(args: argparse.Namespace) -> Metadata:
    from kg.publish import Metadata

    defaults = Metadata()
    return Metadata(
        title=args.title or defaults.title,
        description=getattr(args, "description", None) or defaults.description,
        license=getattr(args, "license", None),
        publisher=getattr(args, "publisher", None),
        creator=getattr(args, "creator", None),
        sources=tuple(getattr(args, "source", None) or ()),
        issued=getattr(args, "issued", None),
        version=getattr(args, "dataset_version", None),
        sparql_endpoint=getattr(args, "sparql_endpoint", None),
    )


def _publish(args: argparse.Namespace) -> int:
    from kg.publish import GraphSource, publish

    source = GraphSource.of(args.graphs, args.store)
    result = publish(
        source,
        args.output,
        base=args.base,
        meta=_metadata(args),
        documents=not args.no_documents,
        jobs=args.jobs if args.jobs > 0 else (os.cpu_count() or 1),
    )
    print(result.summary())
    return 0


def _serve(args: argparse.Namespace) -> int:
    from kg.publish import GraphSource
    from kg.serve import make_app, serve

    source = GraphSource.of(args.graphs, args.store)
    given = {"timeout": args.timeout, "limit": args.limit}
    app = make_app(
        source,
        base=args.base,
        meta=_metadata(args),
        **{name: value for name, value in given.items() if value is not None},
    )

    def ready(url: str) -> None:
        print(f"serving {source} at {url} (base {app.view.base}); Ctrl-C stops", flush=True)

    port = {} if args.port is None else {"port": args.port}
    serve(app, host=args.host, quiet=args.quiet, ready=ready, **port)
    return 0


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise KgError(f"--param expects KEY=VALUE, got {text!r}")
    return key.strip(), value


def _queries(args: argparse.Namespace) -> int:
    from kg.queries import stored_queries

    for name, query in sorted(stored_queries().items()):
        print(f"{name}: {query.description}")
        for p in query.parameters:
            optional = ", optional" if p.optional else ""
            print(f"    --param {p.name}=<{p.type}{optional}>  {p.description}")
    return 0
