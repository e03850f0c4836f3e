"""The kg command: summaries, exit codes, bad input, atomic output."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.rdf import dataset as dataset_module


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
