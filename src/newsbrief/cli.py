"""The `newsbrief` command line. Nothing imports this module."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsbrief.errors import NewsbriefError

app = typer.Typer(
    help="Turn news articles into typed, grounded briefs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def _options(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens (secrets redacted).")] = False,
) -> None:
    from newsbrief.redact import setup_logging

    setup_logging(verbose)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", markup=True)
    return typer.Exit(code)


def _formats(value: str) -> tuple[str, ...]:
    from newsbrief.pipeline import FORMATS

    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise typer.BadParameter(f"unknown format {', '.join(bad) or value!r}; use a comma list of {', '.join(FORMATS)}")
    return formats


@app.command()
def brief(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders of articles.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the briefs.")] = Path("briefs"),
    format: Annotated[str, typer.Option("--format", "-f", help="Comma list of json, md, html.")] = "json,md",
    engine: Annotated[str | None, typer.Option(help="rules, openai or local (default: NEWSBRIEF_ENGINE, else openai when configured, else rules).")] = None,
    model: Annotated[str | None, typer.Option(help="Model name, or a GGUF path for --engine local (default: NEWSBRIEF_MODEL).")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD, overriding what the articles state.")] = None,
) -> None:
    """Brief articles: writes OUT/<stem>.json (and .md, .html) per article."""
    from newsbrief import engines
    from newsbrief.load import iter_sources
    from newsbrief.pipeline import brief_article, write_brief
    from newsbrief.load import load

    formats = _formats(format)
    try:
        sources = iter_sources(paths)
        chosen = engines.select(engine, model) if hasattr(engines, "select") else _rules()
    except NewsbriefError as e:
        raise _fail(str(e)) from None
    if not sources:
        raise _fail(f"no articles found in {', '.join(map(str, paths))}; give .txt, .md, .html or .json files")
    notice = getattr(chosen, "notice", None)
    if notice:
        err.print(notice)
    failed = 0
    for path in sources:
        try:
            article = load(path, published=published)
            result = brief_article(article, chosen)
            write_brief(result, article, out, path.stem, formats)
        except NewsbriefError as e:
            failed += 1
            err.print(f"[red]error:[/red] {e}", markup=True)
            continue
        n = len(result.warnings)
        err.print(f"wrote {out / path.stem}.{{{','.join(formats)}}}" + (f" ({n} warning{'s' * (n != 1)})" if n else ""))
    if failed:
        err.print(f"{failed} of {len(sources)} article(s) failed; the others were written")
        raise typer.Exit(1)


def _rules() -> object:
    from newsbrief.engines.rules import RulesEngine

    return RulesEngine()


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of standard output.")] = None,
) -> None:
    """Print the JSON Schema of a brief."""
    from newsbrief.pipeline import write_atomic
    from newsbrief.schema import Brief

    text = json.dumps(Brief.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomic(out, text)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Option(help="Folder of gold briefs (<stem>.json).")],
    pred: Annotated[Path, typer.Option(help="Folder of predicted briefs (<stem>.json).")],
    articles: Annotated[Path | None, typer.Option(help="Folder of the article files, if not found from the briefs.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    details: Annotated[bool, typer.Option(help="List what was missed and what was extra, per article.")] = False,
) -> None:
    """Score predicted briefs against gold briefs: per-field recall and precision."""
    from newsbrief import evaluate

    try:
        code = evaluate.main(gold, pred, articles, as_json=as_json, details=details)
    except NewsbriefError as e:
        raise _fail(str(e)) from None
    raise typer.Exit(code)


def main() -> None:
    """Entry point that turns unexpected errors into one line instead of a traceback."""
    try:
        app()
    except NewsbriefError as e:
        from newsbrief.redact import redact

        err.print(f"[red]error:[/red] {redact(str(e))}", markup=True)
        sys.exit(2)
