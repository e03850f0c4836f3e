"""The kg command: summaries, exit codes, bad input, atomic output."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.rdf import dataset as dataset_module
from tests.corpus import apple_filing


def test_build_prints_summary(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "g.ttl"
    assert main(["build", str(examples_dir), "-o", str(out)]) == 0
    summary = capsys.readouterr().out
    assert "pages 2 (0 failed), facts 35" in summary
    assert "violations 0" in summary
    assert out.exists()


def test_bad_inputs_are_named_and_others_go_through(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    notes = tmp_path / "notes.txt"
    notes.write_text("Dear reader,\nthis is not an R page.\n")
    truncated = tmp_path / "cut.txt"
    truncated.write_text("|\nConsolidated Balance Sheets - USD ($)\n$ in Millions\n|Cash\n|$ 5\n")
    out = tmp_path / "g.nt"
    code = main(
        [
            "build",
            str(binary),
            str(notes),
            str(truncated),
            str(examples_dir / "customer-concentrations-details.txt"),
            "-o",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    errors = [line for line in captured.err.splitlines() if line.startswith("kg: ")]
    assert len(errors) == 3
    assert any(f"{binary}:1: binary file" in e for e in errors)
    assert any(f"{notes}:1: not an R page" in e for e in errors)
    assert any(f"{truncated}:4:" in e and "truncated" in e for e in errors)
    assert "pages 4 (3 failed), facts 14" in captured.out
    assert out.exists()


def test_a_text_page_that_lost_its_table_is_noted_not_failed(
    shared: Path, examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """trafilatura dropped the report table of APD R152 and kept one definition: the page is
    read (its definition), said on stderr and counted in the summary, and is no failure."""
    lost = shared / "rtext" / "apd" / "apd__10k-2018_R152.txt"
    out = tmp_path / "g.nt"
    code = main(["build", str(lost), str(examples_dir), "-o", str(out), "--no-progress"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err.splitlines() == [
        f"kg: note: {lost}: the report table is missing from this text (trafilatura kept only "
        "one element definition): no facts; trafilatura 1.x keeps the table with "
        "no_fallback=True"
    ]
    assert "pages 3 (0 failed), facts 35," in captured.out
    assert "notes 1," in captured.out
    quiet = ["build", str(lost), str(examples_dir), "-o", str(out), "--no-progress", "--quiet"]
    assert main(quiet) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "notes 1," in captured.out
    assert "<https://w3id.org/xbrl-kg/ontology#readerNote>" in out.read_text()


def test_output_is_never_half_written(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "g.ttl"
    out.write_text("previous good graph")

    class Interrupted(Exception):
        pass

    real = dataset_module.os.fdopen

    def failing_fdopen(fd: int, mode: str = "r"):  # type: ignore[no-untyped-def]
        handle = real(fd, mode)

        class Half:
            def __enter__(self):  # type: ignore[no-untyped-def]
                return self

            def __exit__(self, *exc: object) -> None:
                handle.close()

            def write(self, data: bytes) -> None:
                handle.write(data[: len(data) // 2])
                raise Interrupted

        return Half()

    graph = dataset_module.Dataset()
    graph.add("urn:g", [("<urn:a>", "<urn:b>", '"c"')])
    monkeypatch.setattr(dataset_module.os, "fdopen", failing_fdopen)
    with pytest.raises(Interrupted):
        graph.write(out)
    assert out.read_text() == "previous good graph"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]  # no temporary left behind


def test_output_gets_the_mode_a_plain_file_would(examples_dir: Path, tmp_path: Path) -> None:
    """The temporary file behind the atomic write is owner-only; the output must not be
    (a graph published by a web server, read by a store running as another user)."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.nt"
        assert main(["build", str(examples_dir), "-o", str(fresh), "--no-validate"]) == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "kept.nt"
        kept.write_text("")
        kept.chmod(0o640)
        assert main(["build", str(examples_dir), "-o", str(kept), "--no-validate"]) == 0
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_build_writes_to_standard_output(examples_dir: Path, tmp_path: Path) -> None:
    """`-o -`: the same bytes as the file, on stdout; the summary on stderr."""
    to_file = tmp_path / "g.nt"
    assert main(["build", str(examples_dir), "-o", str(to_file), "--no-validate"]) == 0
    command = [sys.executable, "-m", "kg", "build", str(examples_dir), "-o", "-"]
    run = subprocess.run([*command, "--format", "nt"], capture_output=True, check=False)
    assert run.returncode == 0
    assert run.stdout == to_file.read_bytes()
    assert "pages 2 (0 failed), facts 35," in run.stderr.decode()
    assert run.stderr.decode().rstrip().endswith("-> standard output")
    quads = subprocess.run(command, capture_output=True, check=False).stdout.decode()
    lines = quads.splitlines()
    assert len(lines) == len(to_file.read_text().splitlines())
    assert all(re.search(r" <https://w3id\.org/xbrl-kg/id/report/\w+> \.$", line) for line in lines)
    assert main(["build", str(examples_dir), "-o", str(to_file), "--format", "ttl"]) == 2


def test_a_folder_without_pages_fails_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """trafilatura's markdown output saved as .md is no page in a folder (notes are): a folder
    of them gave "pages 0" and exit code 0. It is named now, and its files read by name."""
    from tests.corpus import REPO

    example = REPO / "tests/data/trafilatura/2.3.1/adi/adi_2019_R2.markdown.txt"
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "adi_2019_R2.md"
    page.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "g.nq"
    assert main(["build", str(folder), "-o", str(out), "--no-progress", "--no-validate"]) == 1
    captured = capsys.readouterr()
    assert f"kg: {folder}: no R pages in this folder" in captured.err
    assert "pages 1 (1 failed), facts 0," in captured.out
    assert main(["build", str(page), "-o", str(out), "--no-progress", "--no-validate"]) == 0
    assert out.read_text().count("<https://w3id.org/xbrl-kg/ontology#Fact>") > 20


def test_gzipped_pages_read_as_their_originals(
    shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pages stored compressed (R4.htm.gz, R4.txt.gz), as a whole quarter is: the same graph
    as from the plain files, and a damaged one is named."""
    import gzip

    pages = [
        shared / "rtext" / "tsla" / "tsla__10k-2021_R4.txt",
        shared / "edgar" / "r-pages" / "tsla" / "tsla__10k-2021_R4.htm",
    ]
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir()
    packed.mkdir()
    for page in pages:
        (plain / page.name).write_bytes(page.read_bytes())
        (packed / f"{page.name}.gz").write_bytes(gzip.compress(page.read_bytes(), mtime=0))
    assert main(["build", str(plain), "-o", str(tmp_path / "plain.nq"), "--no-progress"]) == 0
    assert main(["build", str(packed), "-o", str(tmp_path / "packed.nq"), "--no-progress"]) == 0
    from_plain = (tmp_path / "plain.nq").read_text().replace(str(plain), "DIR")
    from_packed = (tmp_path / "packed.nq").read_text().replace(str(packed), "DIR")
    assert from_packed.replace(".txt.gz", ".txt").replace(".htm.gz", ".htm") == from_plain
    assert from_plain.count("ontology#Fact>") > 50
    damaged = tmp_path / "R9.txt.gz"
    damaged.write_bytes(gzip.compress(b"|\nBalance Sheets\n")[:12])
    capsys.readouterr()
    assert main(["build", str(damaged), "-o", str(tmp_path / "d.nq"), "--no-progress"]) == 1
    assert f"kg: {damaged}: a damaged gzip file" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_page_piped_in_reads_as_its_file(examples_dir: Path, tmp_path: Path, jobs: str) -> None:
    """`... | kg build - -o g.nq`: the page on standard input, beside other inputs, with one
    process or several (whose workers do not share this standard input)."""
    page = examples_dir / "customer-concentrations-details.txt"
    other = examples_dir / "accounts-receivable-net-details.txt"
    piped, named = tmp_path / "piped.nq", tmp_path / "named.nq"
    command = [sys.executable, "-m", "kg", "build", "--quiet", "--jobs", jobs]
    run = subprocess.run(
        [*command, "-", str(other), "-o", str(piped)],
        input=page.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()
    assert main(["build", str(page), str(other), "-o", str(named), "--no-progress"]) == 0
    from_pipe = piped.read_text()
    assert from_pipe.count('"<stdin>"') == 1
    assert from_pipe.replace('"<stdin>"', f'"{page}"') == named.read_text()


def test_the_formats_cli_offers_are_the_writers() -> None:
    """The CLI names the output formats without importing the writers (start-up time): the
    two lists must stay one."""
    from kg.cli import _OUTPUT_FORMATS
    from kg.rdf.dataset import RdfFormat

    assert sorted(_OUTPUT_FORMATS) == sorted(f.extension for f in RdfFormat)


def test_unknown_output_format(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(examples_dir), "-o", str(tmp_path / "g.xyz")]) == 2
    assert "unknown output format" in capsys.readouterr().err


def test_validate_and_query_commands(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = tmp_path / "g.nq"
    assert main(["build", str(examples_dir), "-o", str(graph), "--no-validate"]) == 0
    assert "violations not checked" in capsys.readouterr().out
    assert main(["validate", str(graph)]) == 0
    assert "0 violation(s)" in capsys.readouterr().out
    assert main(["validate", str(graph), "--format", "json"]) == 0
    assert '"conforms": true' in capsys.readouterr().out
    assert (
        main(
            [
                "query",
                "facts",
                str(graph),
                "--format",
                "csv",
                "--param",
                "source=" + str(examples_dir / "accounts-receivable-net-details.txt"),
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("source,report,concept,qname,label,value,unit")
    assert len(lines) == 1 + 21
    assert main(["queries"]) == 0
    assert "facts:" in capsys.readouterr().out
    assert main(["query", "facts", str(graph), "--param", "oops"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .")
    assert main(["validate", str(broken)]) == 2
    assert "broken.ttl" in capsys.readouterr().err


def _receivables_graph(examples_dir: Path, tmp_path: Path, closing: str) -> Path:
    """The accounts-receivable example as N-Quads, its 2021 closing allowance set to
    ``closing``."""
    graph = tmp_path / "receivables.nq"
    page = examples_dir / "accounts-receivable-net-details.txt"
    assert main(["build", str(page), "-o", str(graph), "--no-validate"]) == 0
    lines = graph.read_text().splitlines(keepends=True)
    value = "<https://w3id.org/xbrl-kg/ontology#value>"
    decimal = "^^<http://www.w3.org/2001/XMLSchema#decimal>"
    closing_lines = [i for i, line in enumerate(lines) if "/fact/r10c1> " + value in line]
    assert len(closing_lines) == 1
    line = lines[closing_lines[0]]
    assert f'"1475983"{decimal}' in line
    lines[closing_lines[0]] = line.replace('"1475983"', f'"{closing}"')
    graph.write_text("".join(lines))
    return graph


def test_validate_quality_groups_by_rule_and_report(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = _receivables_graph(examples_dir, tmp_path, "1475983")
    capsys.readouterr()
    assert main(["validate", str(graph), "--shapes", "quality"]) == 0
    assert "0 violation(s), 0 warning(s): conforms" in capsys.readouterr().out

    graph = _receivables_graph(examples_dir, tmp_path, "1476983")
    capsys.readouterr()
    assert main(["validate", str(graph), "--shapes", "quality"]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    # rule heading, report heading, then the fact: row, column, period and cell as printed
    rule = lines.index("Violation: roll-forward adds up (1)")
    assert lines[rule + 1].startswith("  ACCOUNTS RECEIVABLE, NET (Details)")
    assert lines[rule + 1].endswith("accounts-receivable-net-details.txt]")
    assert lines[rule + 2] == (
        "    row 'Balance at the end of the year', column 12 Months Ended | Dec. 31, 2021, "
        "period 12 months to 2021-12-31: $ 1,476,983"
    ) or lines[rule + 2].startswith("    row 'Balance at the end of the year'")
    assert "/fact/r10c1>" in lines[rule + 3]
    assert "Balance at the beginning of the year 1121115" in lines[rule + 4]
    assert "is 1476983" in lines[rule + 4]
    assert "off by 1000" in lines[rule + 4]
    assert "1  Violation: roll-forward adds up" in out
    assert lines[-1] == "1 violation(s), 0 warning(s) in 1 report(s): does not conform"


def test_validate_formats_for_machines(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    import rdflib
    from rdflib.namespace import RDF, SH

    graph = _receivables_graph(examples_dir, tmp_path, "1476983")
    capsys.readouterr()
    assert main(["validate", str(graph), "--shapes", "quality", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["conforms"] is False
    assert data["violations"] == 1
    assert data["per_rule"] == [
        {"severity": "Violation", "rule": "roll-forward adds up", "results": 1}
    ]
    (result,) = data["results"]
    assert result["row"] == "Balance at the end of the year"
    assert result["focus"].endswith("/fact/r10c1")
    assert result["value"] == "1476983"

    assert main(["validate", str(graph), "--shapes", "quality", "--format", "ttl"]) == 1
    report = rdflib.Graph().parse(data=capsys.readouterr().out, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == rdflib.Literal(False)
    (found,) = report.objects(node, SH.result)
    assert str(report.value(found, SH.focusNode)).endswith("/fact/r10c1")
    assert report.value(found, SH.resultSeverity) == SH.Violation
    assert "off by 1000" in str(report.value(found, SH.resultMessage))


def test_validate_exits_1_only_for_violations(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = _receivables_graph(examples_dir, tmp_path, "1475983")
    shapes = tmp_path / "large.ttl"
    shapes.write_text(
        """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xkg: <https://w3id.org/xbrl-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:test:Large> a sh:NodeShape ; sh:targetClass xkg:Fact ;
    sh:property [ rdfs:label "large amount"@en ; sh:severity sh:Warning ;
                  sh:path xkg:value ; sh:maxExclusive 3000000 ; sh:message "large" ] .
"""
    )
    capsys.readouterr()
    assert main(["validate", str(graph), "--shapes", str(shapes)]) == 0
    out = capsys.readouterr().out
    assert "Warning: large amount (1)" in out
    assert "0 violation(s), 1 warning(s) in 1 report(s): conforms" in out
    # Both shipped sets together: the structure conforms, the quality check does not.
    graph = _receivables_graph(examples_dir, tmp_path, "1476983")
    capsys.readouterr()
    assert main(["validate", str(graph), "--shapes", "structure", "--shapes", "quality"]) == 1
    assert "1 violation(s), 0 warning(s)" in capsys.readouterr().out
    assert main(["validate", str(graph), "--shapes", "nonsense"]) == 2
    assert "unknown shapes 'nonsense'" in capsys.readouterr().err


def test_check_fidelity_names_an_unreadable_text_page_and_scores_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A text page the reader rejects counts all its original's facts as missed; the other
    pages are still scored, and the exit code says something failed."""
    from tests.corpus import shared_data

    html = shared_data() / "edgar" / "r-pages" / "tsla"
    texts = tmp_path / "texts"
    texts.mkdir()
    good = shared_data() / "rtext" / "tsla" / "tsla__10k-2021_R4.txt"
    (texts / good.name).write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    (texts / "tsla__10k-2021_R2.txt").write_text("Dear reader,\nno table here.\n")
    code = main(["check-fidelity", str(html), str(texts)])
    captured = capsys.readouterr()
    assert code == 1
    assert "tsla__10k-2021_R2.txt:1: not an R page" in captured.err
    lines = captured.out.splitlines()
    unreadable = next(line for line in lines if line.startswith("tsla__10k-2021_R2 "))
    assert "found     0" in unreadable
    assert "(text unreadable)" in unreadable
    readable = next(line for line in lines if line.startswith("tsla__10k-2021_R4 "))
    assert "recall 1.000" in readable
    total = next(line for line in lines if line.startswith("TOTAL "))
    assert total.startswith("TOTAL 2 pages")
    assert "unreadable text pages 1" in total
    assert lines[-1].startswith("precision by what decided the fact: as printed 0 of 0 (-)")


def test_a_reader_failure_stays_with_its_page(
    examples_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A failure the readers did not foresee is reported against its file, like bad input,
    and the other files still go through."""
    from kg import build as build_module

    real = build_module.assemble

    def fragile(grid):  # type: ignore[no-untyped-def]
        if "accounts-receivable" in grid.source_path:
            raise IndexError("list index out of range")
        return real(grid)

    monkeypatch.setattr(build_module, "assemble", fragile)
    code = main(["build", str(examples_dir), "-o", str(tmp_path / "g.nt"), "--no-progress"])
    captured = capsys.readouterr()
    assert code == 1
    assert "accounts-receivable-net-details.txt: the reader failed on this input (IndexError" in (
        captured.err
    )
    assert "pages 2 (1 failed), facts 14," in captured.out


def test_a_reader_failure_in_a_filing_stays_with_its_report(
    shared: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One report of a filing that fails (here R7, by a reader's own fault) is reported
    against its page; the filing keeps its other 41 reports and the exit code says it failed."""
    from kg.readers import filing as filing_module

    real = filing_module.assemble

    def fragile(grid, **kwargs):  # type: ignore[no-untyped-def]
        if grid.source_path.endswith("/R7.htm"):
            raise KeyError("R7")
        return real(grid, **kwargs)

    monkeypatch.setattr(filing_module, "assemble", fragile)
    folder = shared / "edgar" / "filings" / "aapl-10q-2025-03-29"
    out = tmp_path / "g.nt"
    code = main(["build", str(folder), "-o", str(out), "--no-progress", "--no-validate"])
    captured = capsys.readouterr()
    assert code == 1
    assert f"{folder}/R7.htm: the reader failed on this input (KeyError" in captured.err
    assert "pages 42 (1 failed)," in captured.out
    assert "<https://" in out.read_text()


def test_a_filing_missing_some_reports_keeps_the_others(
    shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A filing folder downloaded in part (two R pages FilingSummary.xml lists are gone):
    each missing page is named, the filing is built from the rest."""
    import shutil

    folder = tmp_path / "aapl-10q-2025-03-29"
    source = shared / "edgar" / "filings" / "aapl-10q-2025-03-29"
    folder.mkdir()
    for name in ["FilingSummary.xml", *(f"R{i}.htm" for i in range(1, 43) if i not in (7, 12))]:
        shutil.copy(source / name, folder / name)
    out = tmp_path / "g.nq"
    code = main(["build", str(folder), "-o", str(out), "--no-progress"])
    captured = capsys.readouterr()
    assert code == 1
    errors = [line for line in captured.err.splitlines() if line.startswith("kg: ")]
    assert errors == [
        f"kg: {folder}/R7.htm: listed in FilingSummary.xml but missing",
        f"kg: {folder}/R12.htm: listed in FilingSummary.xml but missing",
    ]
    assert "pages 42 (2 failed)," in captured.out
    assert "violations 0" in captured.out


def test_a_reader_that_stops_early_is_no_internal_error() -> None:
    """`kg queries | head`: the pipe closes before kg has written; it stops quietly with the
    status a program stopped by SIGPIPE has, not with a traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "queries"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader stops before reading anything
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 141
    assert errors == b""


def test_validate_a_store_as_its_graph_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Apple's statement of equity (in millions) with its last ending balance of common stock
    10,000 too high: a store holding it reports what the file reports, stays as it was, and
    says the rounding allowed exactly 2,500,000 (half a million for each of the five values),
    not the noise Oxigraph's double-to-decimal cast adds from 10,000 up."""
    graph = tmp_path / "r6.nq"
    assert main(["build", str(apple_filing() / "R6.htm"), "-o", str(graph), "--no-validate"]) == 0
    text = graph.read_text()
    ending = '/fact/r46c2> <https://w3id.org/xbrl-kg/ontology#value> "88711000000"'
    assert text.count(ending) == 1
    graph.write_text(text.replace(ending, ending.replace("88711000000", "98711000000")))
    store = tmp_path / "store"
    assert main(["load", str(graph), "--store", str(store)]) == 0
    capsys.readouterr()

    assert main(["validate", str(graph), "--shapes", "quality"]) == 1
    from_file = capsys.readouterr().out
    assert main(["validate", "--store", str(store), "--shapes", "quality"]) == 1
    from_store = capsys.readouterr().out
    assert from_store == from_file  # the terms a message lists too, in the file's order
    assert "off by 10000000000; rounding allows 2500000)" in from_store
    assert re.findall(r"rounding allows ([\d.]+)\)", from_store) == ["2500000"]
    left = ox.Store(str(store))  # as loaded: nothing merged into its default graph
    assert len(left) == len(graph.read_text().splitlines())
    assert not list(left.quads_for_pattern(None, None, None, ox.DefaultGraph()))
