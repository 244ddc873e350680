"""The `portal` command. Exit codes: 0 ok, 1 internal error, 2 content or usage error, 130 Ctrl-C,
143 SIGTERM (both stop cleanly: staging removed, engine workers stopped, the previous site kept)."""

from __future__ import annotations

import json
import logging
import signal
import sys
from pathlib import Path

import click

from .errors import PortalError

log = logging.getLogger("generator")

root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
                           show_default=True, help="Project folder (content/, templates/, locales/).")


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time, so log lines print above a live progress
    display (which replaces sys.stderr while it shows)."""

    @property
    def stream(self):  # noqa: ANN201 - logging's own attribute
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # noqa: ANN001 - set by logging.StreamHandler.__init__
        pass


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s" if verbose else "%(message)s"))
    root = logging.getLogger("generator")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="Show each step.")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
@click.version_option(package_name="renewals-portal")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, debug: bool) -> None:
    """Build the Renewals Partner Portal and its customer notification kit from content/."""
    _setup_logging(verbose, quiet)
    ctx.obj = {"debug": debug, "quiet": quiet}


@cli.command()
@root_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder  [default: ROOT/site]")
@click.option("--strict", is_flag=True, help="Fail on missing or fuzzy translations.")
@click.option("--locale", "locales", multiple=True, help="Build only this locale (repeatable).")
@click.option("--inliner", type=click.Choice(["css-inline", "premailer"]), default=None,
              help="CSS inliner for the kit  [default: inliner in content/program.yml]")
@click.option("--timings", "timings_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write the build's timing report (JSON) to this file.")
@click.option("--keep-stage", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also keep each language's Markdown tree and engine config in this folder "
                   "(then: mkdocs serve -f DIR/configs/en.yml).")
@click.pass_context
def build(ctx: click.Context, root: Path, site_dir: Path | None, strict: bool,
          locales: tuple[str, ...], inliner: str | None, timings_file: Path | None,
          keep_stage: Path | None) -> None:
    """Build the portal and the kit into the site folder."""
    from .build import build as run_build
    from .progress import progress_for

    progress = progress_for(ctx.obj["quiet"])
    try:
        report = run_build(root, site_dir or root / "site", strict=strict,
                           locales=list(locales) or None, inliner=inliner,  # type: ignore[arg-type]
                           progress=progress, keep_stage=keep_stage)
    finally:
        progress.stop()
    click.echo(report.summary())
    if timings_file:
        _write_timings(timings_file, report)


def _write_timings(path: Path, report) -> None:
    """Seconds per stage (stages that overlap each count their own time) and what was built."""
    data = {"timings": report.timings.as_dict(), "locales": report.locales, "pages": report.pages,
            "emails": report.emails, "files": report.files}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


@cli.command()
@root_option
@click.option("--strict", is_flag=True, help="Fail on missing or fuzzy translations.")
def check(root: Path, strict: bool) -> None:
    """Validate content, catalogs and templates; write nothing."""
    from .check import check_project

    click.echo(check_project(root, strict=strict))


@cli.command()
@root_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--locale", "first_locale", default=None, help="Locale to rebuild first on each edit.")
def serve(root: Path, dev_addr: str, first_locale: str | None) -> None:
    """Live preview: rebuild on every change to content, templates, locales or mkdocs.yml."""
    from .serve import serve as run_serve

    run_serve(root, dev_addr, first_locale)


@cli.command()
@root_option
def schema(root: Path) -> None:
    """Regenerate the JSON Schemas of the content files (content/schema/) for editors."""
    from .schema import write_schemas

    written = write_schemas(root)
    click.echo(f"Updated {len(written)} schema file(s)." if written else "Schemas are up to date.")


site_option = click.option(
    "--site", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Read the kit from this built site instead of building it from content in memory.")
locale_option = click.option("--locale", default=None,
                             help="Language of the kit  [default: the program's default locale]")


@cli.command()
@root_option
@site_option
@locale_option
@click.option("--expiry", required=True, metavar="YYYY-MM-DD", help="The customer's expiration date.")
@click.option("--region", default=None, metavar="CODE",
              help="The customer's region (ISO code, e.g. JP), for the grace rule.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The .ics file to write  [default: renewal-YYYY-MM-DD.ics]")
def calendar(root: Path, site: Path | None, locale: str | None, expiry: str, region: str | None,
             out: Path | None) -> None:
    """Print a customer's renewal dates and write them as an .ics calendar (like the kit page)."""
    from .partner.commands import run_calendar

    run_calendar(root, site, locale, expiry, region, out)


@cli.command()
@root_option
@site_option
@locale_option
@click.argument("contracts", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the drafts: new, empty, or the output of an earlier merge.")
@click.option("--partner", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="partner.yml with your details (partner_name, partner_phone, ...).")
def merge(root: Path, site: Path | None, locale: str | None, contracts: Path, out: Path,
          partner: Path | None) -> None:
    """Write a personalized .eml draft per customer and notice, and one .ics (like the kit page)."""
    from .partner.commands import run_merge

    run_merge(root, site, locale, contracts, out, partner)


@cli.group()
def i18n() -> None:
    """Translation catalogs (locales/): Babel's steps with the project's settings."""


@i18n.command("extract")
@root_option
def i18n_extract(root: Path) -> None:
    """Write locales/messages.pot from content, templates and mkdocs.yml."""
    from .i18n.commands import extract

    click.echo(extract(root))


@i18n.command("update")
@root_option
def i18n_update(root: Path) -> None:
    """Extract, then create or update the .po of every language in content/program.yml."""
    from .i18n.commands import update

    click.echo("\n".join(update(root)))


@i18n.command("compile")
@root_option
def i18n_compile(root: Path) -> None:
    """Check every .po and write its .mo (for other gettext tools; builds read the .po)."""
    from .i18n.commands import compile_catalogs

    click.echo("\n".join(compile_catalogs(root)))


@i18n.command("status")
@root_option
def i18n_status(root: Path) -> None:
    """Show translated, fuzzy and untranslated counts per language, and what they affect."""
    from rich.console import Console

    from .i18n.status import print_status, project_status

    print_status(project_status(root), Console())


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so every `with` block cleans up as for Ctrl-C."""


def _terminate(signum, frame) -> None:  # noqa: ANN001 - a signal handler's signature
    raise Terminated
def _color() -> bool:
    """click colours whenever stderr is a terminal; NO_COLOR says otherwise (no-color.org)."""
    from .terminal import wants_color

    return wants_color(sys.stderr)


def main() -> None:
    debug = "--debug" in sys.argv
    signal.signal(signal.SIGTERM, _terminate)
    try:
        cli.main(standalone_mode=False)
    except PortalError as exc:
        click.secho(f"Error: {exc.format_message()}", err=True, fg="red", color=_color())
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:  # click's form of Ctrl-C (and of EOF at a prompt)
        interrupted = isinstance(exc.__context__, KeyboardInterrupt)
        click.echo("Interrupted." if interrupted else "Aborted.", err=True)
        sys.exit(130 if interrupted else 1)
    except click.ClickException as exc:  # usage errors
        exc.show()
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("Stopped (SIGTERM).", err=True)
        sys.exit(143)
    except Exception as exc:  # noqa: BLE001 - the one place that turns bugs into exit code 1
        if debug:
            raise
        click.secho(f"Internal error: {type(exc).__name__}: {exc}\n"
                    "This is a bug in the generator; rerun with --debug for a traceback.",
                    err=True, fg="red", color=_color())
        sys.exit(1)


if __name__ == "__main__":
    main()
