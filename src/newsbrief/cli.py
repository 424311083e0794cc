"""The `newsbrief` command line. Nothing imports this module."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Any

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
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log what happens (secrets redacted).")
    ] = False,
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
        raise typer.BadParameter(
            f"unknown format {', '.join(bad) or value!r}; use a comma list of {', '.join(FORMATS)}"
        )
    return formats


@app.command()
def brief(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders of articles.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the briefs.")] = Path("briefs"),
    format: Annotated[str, typer.Option("--format", "-f", help="Comma list of json, md, html.")] = "json,md",
    engine: Annotated[
        str | None,
        typer.Option(
            help="rules, openai or local (default: NEWSBRIEF_ENGINE, else openai when configured, else rules)."
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(help="Model name, or a GGUF path for --engine local (default: NEWSBRIEF_MODEL)."),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD, overriding what the articles state.")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Articles at once (default: 8 for a remote model, 1 for local and rules).",
        ),
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(help="Cache folder (default: NEWSBRIEF_CACHE_DIR, else the per-user cache folder)."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Draft every article afresh; neither read nor write the cache.")
    ] = False,
    mode: Annotated[
        str | None,
        typer.Option(help="openai: structured-output mode, tools (default), json_schema, json or md_json."),
    ] = None,
    max_retries: Annotated[
        int, typer.Option(min=0, help="LLM engines: re-asks allowed for a draft that fails validation.")
    ] = 2,
    timeout: Annotated[
        float, typer.Option(min=1, help="openai: seconds per request before it is retried.")
    ] = 120.0,
    threads: Annotated[int | None, typer.Option(min=1, help="local: CPU threads for llama.cpp.")] = None,
    ctx: Annotated[int, typer.Option(min=512, help="local: context size in tokens.")] = 8192,
) -> None:
    """Brief articles: writes OUT/<stem>.json (and .md, .html) per article, several at once.

    Exits 0 when every article got its brief, 1 when some failed (the others are written),
    130 when interrupted (finished briefs are kept; run again to do the rest from the cache).
    """
    from newsbrief import engines
    from newsbrief.batch import Batch, run_sync
    from newsbrief.cache import Cache
    from newsbrief.load import iter_sources
    from newsbrief.pipeline import remove_pending

    formats = _formats(format)
    try:
        sources = iter_sources(paths)
        chosen = engines.select(
            engine, model, **_engine_options(engine, mode, max_retries, timeout, threads, ctx)
        )
    except NewsbriefError as e:
        raise _fail(str(e)) from None
    if not sources:
        raise _fail(
            f"no articles found in {', '.join(map(str, paths))}; give .txt, .md, .html or .json files"
        )
    notice = getattr(chosen, "notice", None)
    if notice:
        err.print(notice)
    cache = None if no_cache else Cache(cache_dir)
    batch = Batch(chosen, jobs=jobs, cache=cache, published=published, out=out, formats=formats)  # type: ignore[arg-type]
    report = _Report(len(sources), out, formats)
    try:
        with report:
            outcomes = run_sync(batch, sources, on_done=report.done)
    except (KeyboardInterrupt, asyncio.CancelledError):
        remove_pending()
        written = sum(o.ok for o in batch.finished)
        err.print(
            f"interrupted: {written} of {len(sources)} brief(s) written; run the same command again to finish (done ones come from the cache)"
        )
        raise typer.Exit(130) from None
    failed = [o for o in outcomes if not o.ok]
    report.summary(outcomes)
    if failed:
        raise typer.Exit(1)


class _Report:
    """Progress on stderr: a bar on a terminal, else one plain line per article; then a summary."""

    def __init__(self, total: int, out: Path, formats: tuple[str, ...]) -> None:
        self.total, self.out, self.formats = total, out, formats
        self.written = 0
        self.bar: Any = None
        if err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("briefing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            self.task = self.bar.add_task("briefs", total=total)

    def __enter__(self) -> _Report:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def done(self, outcome: Any) -> None:
        from rich.markup import escape

        if outcome.ok:
            self.written += 1
            if self.bar is None:
                n = len(outcome.brief.warnings)
                notes = [f"{n} warning{'s' * (n != 1)}"] if n else []
                notes += ["cached"] if outcome.cached else []
                stem = (
                    outcome.files[0].with_suffix("")
                    if outcome.files
                    else self.out / Path(outcome.source).stem
                )
                err.print(
                    escape(
                        f"wrote {stem}.{{{','.join(self.formats)}}}"
                        + (f" ({', '.join(notes)})" if notes else "")
                    )
                )
        else:
            err.print(f"[red]error:[/red] {escape(_one_line(outcome.error, outcome.source))}", markup=True)
        if self.bar is not None:
            self.bar.advance(self.task)

    def summary(self, outcomes: list[Any]) -> None:
        ok = [o for o in outcomes if o.ok]
        cached = sum(o.cached for o in ok)
        fresh = [o.brief.provenance.usage for o in ok if not o.cached]
        prompt, completion = sum(u.prompt_tokens for u in fresh), sum(u.completion_tokens for u in fresh)
        failed = len(outcomes) - len(ok)
        err.print(
            f"{len(ok)} written ({len(ok) - cached} drafted, {cached} from the cache), {failed} failed; "
            f"tokens used: {prompt} prompt + {completion} completion"
        )
        if failed:
            err.print(f"{failed} of {len(outcomes)} article(s) failed; the others were written")


def _one_line(error: Exception | None, source: str) -> str:
    """The error on one line, naming the article when the message does not already."""
    text = " ".join(str(error).split())
    return text if source in text else f"{source}: {text}"


def _engine_options(
    engine: str | None, mode: str | None, max_retries: int, timeout: float, threads: int | None, ctx: int
) -> dict[str, Any]:
    """The options that apply to the engine that will be chosen."""
    from newsbrief.engines import _configured

    name = (engine or "").strip().lower() or _configured()
    if name == "openai":
        from newsbrief.engines.transport import RetryPolicy

        return {"mode": mode, "max_retries": max_retries, "policy": RetryPolicy(timeout_s=timeout)}
    if name == "local":
        return {"max_retries": max_retries, "n_threads": threads, "n_ctx": ctx}
    return {}


@app.command()
def engines() -> None:
    """Show which engine a run would use, and how each is configured."""
    from newsbrief import engines as e

    for name, line in e.describe():
        typer.echo(f"{name:8} {line}")


@app.command()
def diff(
    old: Annotated[
        str | None,
        typer.Argument(help="Old brief or folder of briefs (with --git: the folder, default briefs)."),
    ] = None,
    new: Annotated[str | None, typer.Argument(help="New brief or folder of briefs.")] = None,
    git: Annotated[
        str | None,
        typer.Option("--git", help="Compare the committed briefs at this revision with the working tree."),
    ] = None,
) -> None:
    """Explain what changed between two briefs (or folders) in Markdown; exit 1 when something did."""
    from newsbrief import diff as d

    try:
        code = d.main(old, new, git=git)
    except NewsbriefError as e:
        raise _fail(str(e)) from None
    raise typer.Exit(code)


@app.command()
def merge(
    briefs: Annotated[list[Path], typer.Argument(help="Brief files or folders of briefs on one story.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Story file to write (.md and .html are written beside it).")
    ] = Path("story.json"),
    gold: Annotated[
        Path | None, typer.Option(help="A gold story file: print how much of it the merged story found.")
    ] = None,
) -> None:
    """Merge briefs from several sources into one story: shared actors, timeline, conflicts."""
    from newsbrief import merge as m

    try:
        code = m.main(list(briefs), out)
        err.print(f"wrote {out} (and .md, .html beside it)")
        if gold is not None:
            story = m.Story.model_validate_json(out.read_text(encoding="utf-8"))
            scores = m.evaluate_story(story, json.loads(gold.read_text(encoding="utf-8")))
            typer.echo(json.dumps(scores, indent=2, ensure_ascii=False))
    except NewsbriefError as e:
        raise _fail(str(e)) from None
    except (OSError, ValueError) as e:
        raise _fail(
            f"{gold}: cannot read the gold story ({e}); give a story JSON like tests/gold/story.json"
        ) from None
    raise typer.Exit(code)


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
    articles: Annotated[
        Path | None, typer.Option(help="Folder of the article files, if not found from the briefs.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
    details: Annotated[
        bool, typer.Option(help="List what was missed and what was extra, per article.")
    ] = False,
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
