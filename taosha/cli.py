"""Command line: `taosha train`, `taosha classify`, `taosha evaluate`."""
from __future__ import annotations

import argparse
import contextlib
import errno
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from taosha.errors import TaoshaError

REAL_FOLDS = 10  # taosha.measure.crossval.REAL_FOLDS, not imported: the CLI imports the heavy modules only when run
log = logging.getLogger("taosha")


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, exit status 2, like every other error of taosha."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="taosha", description="Keep a Chinese web scrape's article text, "
                                     "throw away the boilerplate, spam and noise around and inside it.")
    parser.add_argument("--version", action=_Version, help="print taosha's version and exit")
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="fit a model on labeled lines and save it")
    train.add_argument("dirs", nargs="+", metavar="DIR", help="folders of labeled pages (*.tsv)")
    train.add_argument("--corpora", metavar="DIR",
                       help="also learn from the public pages in DIR (silver labels + labeled/overlays)")
    train.add_argument("-o", "--output", default="model", metavar="PATH", help="model folder (default: model)")

    classify = commands.add_parser("classify", help="label every line of scraped pages")
    classify.add_argument("paths", nargs="*", metavar="PATH",
                          help="text files, folders, JSONL files (one page a record) or - for stdin (default)")
    classify.add_argument("--stdin-format", choices=["text", "jsonl"], default="text",
                          help="standard input as one text page (default) or as a JSONL corpus, one page a "
                          "record, read as it streams in")
    classify.add_argument("--model", metavar="PATH", help="model folder (default: the shipped model)")
    classify.add_argument("--format", choices=["jsonl", "text"], default="jsonl",
                          help="jsonl (default): one record a line of input, with its label, probability and "
                          "clean text; text: each page's kept, repaired lines, pages separated by an empty line")
    classify.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    classify.add_argument("--threshold", metavar="T", help="junk probability from which a line of 30 "
                          "characters or more is junk (shorter lines need more): a number, or a preset: "
                          "balanced (default), keep-content, remove-junk")
    classify.add_argument("--workers", type=_workers, default=1, metavar="N",
                          help="worker processes (default 1); output order and content do not change")
    classify.add_argument("--quiet", action="store_true", help="no progress display")

    evaluate = commands.add_parser("evaluate", help="measure a model on labeled pages")
    evaluate.add_argument("dirs", nargs="+", metavar="DIR", help="folders of labeled pages (*.tsv)")
    evaluate.add_argument("--model", metavar="PATH", help="model folder (default: the shipped model)")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument("--threshold", metavar="T", help="as for classify")
    evaluate.add_argument("--cv-by-source", action="store_true",
                          help="leave-one-source-out: train without each source, measure on it (slow)")
    evaluate.add_argument("--cv-real", action="store_true",
                          help="hold out the public pages' outlets a fold at a time: train on every other labeled "
                          "page, measure on real pages only, macro over outlets (needs --corpora; slow)")
    evaluate.add_argument("--folds", type=_workers, metavar="N",
                          help=f"with --cv-real: folds of outlets (default {REAL_FOLDS})")
    evaluate.add_argument("--corpora", metavar="DIR", help="with --cv-by-source or --cv-real: add the public pages "
                          "in DIR, labeled by the overlays/ and real/ folders among or beside the DIRs")
    evaluate.add_argument("--corpora-lines", choices=["html", "silver"],
                          help="with --corpora: read the public pages from their HTML (default) or silver lines")
    evaluate.add_argument("--workers", type=_workers, metavar="N",
                          help="with --cv-by-source or --cv-real: folds run in parallel (default 1)")
    evaluate.add_argument("--record", metavar="DIR", help="with --cv-by-source or --cv-real: also write the macro "
                          "averages into the metadata.json of the model in DIR (the one trained on the same data)")
    return parser


class _Version(argparse.Action):
    """--version, looked up only when asked for."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"taosha {_version()}")
        parser.exit()


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("taosha")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        from taosha import __version__

        return __version__


def _workers(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"invalid worker count {text!r}: a whole number from 1")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "evaluate" and (misplaced := _misplaced_evaluate_options(args)):
        parser.error(misplaced)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    try:
        return {"train": run_train, "classify": run_classify, "evaluate": run_evaluate}[args.command](args)
    except TaoshaError as error:
        print(f"taosha: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("taosha: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`| head`): stop quietly, as other Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _misplaced_evaluate_options(args) -> str | None:
    """Options of one kind of evaluation given to the other, which would ignore them."""
    if args.cv_by_source and args.cv_real:
        return "--cv-by-source, --cv-real: choose one"
    if args.cv_by_source or args.cv_real:
        mode = "--cv-real" if args.cv_real else "--cv-by-source"
        given = [option for option in ("model", "threshold") if getattr(args, option) is not None]
        if given:
            return f"{_options(given)}: not used by evaluate {mode}, which trains its own models"
        if args.corpora_lines and not args.corpora:
            return "--corpora-lines: only used with --corpora"
        if args.folds is not None and not args.cv_real:
            return "--folds: only used by evaluate --cv-real"
        if args.cv_real and not args.corpora:
            return "--cv-real: needs --corpora, the folder of the real pages"
        return None
    given = [name for name in ("corpora", "corpora_lines", "workers", "record", "folds")
             if getattr(args, name) is not None]
    return f"{_options(given)}: only used by evaluate --cv-by-source or --cv-real" if given else None


def _options(names: list[str]) -> str:
    return ", ".join("--" + name.replace("_", "-") for name in names)


def run_train(args) -> int:
    from taosha.train import trainer

    _check_writable_folder(args.output, "model folder")
    result = trainer.train(args.dirs, corpora=args.corpora, output=args.output)
    print(trainer.format_result(result))
    return 0


def run_classify(args) -> int:
    from taosha.classify.saved import load
    from taosha.engines.local import BatchJob, classify_rendered
    from taosha.readers import read_pages
    from taosha.writers import write_rendered

    problems = []

    def warn(error):
        problems.append(error)
        # Start on a fresh line when the progress display holds the current one.
        print(("\n" if progress else "") + f"taosha: warning: {error}", file=sys.stderr)

    try:
        with _output(args.output) as out:  # opened first: a bad path fails before any work
            saved = load(args.model)
            progress = _progress(args)
            job = BatchJob(saved, saved.resolve_threshold(args.threshold), args.format)
            read = {"lines": 0}
            pages = _counted(read_pages(args.paths, on_problem=warn, stdin_jsonl=args.stdin_format == "jsonl"), read)
            rendered = classify_rendered(job, pages, args.workers, on_batch=progress)
            if progress and not args.output:  # records go to the terminal the status is drawn on
                rendered = progress.clearing(rendered)
            write_rendered(rendered, out, args.format)
            if not read["lines"] and args.output:
                raise _NothingRead  # leaves the block before the output replaces OUT
    except _NothingRead:
        print(f"taosha: warning: no line was read, so {_printable(args.output)} was left as it was",
              file=sys.stderr)
        return 1
    if progress:
        progress.finish()
    # Exit status 1 tells a script that something was skipped or repaired; each case was named above.
    return 1 if problems else 0


def _counted(pages, read: dict):
    """The pages, counting their lines into read["lines"] as they pass."""
    for page in pages:
        read["lines"] += len(page.lines)
        yield page


class _NothingRead(Exception):
    """A run read no line of any page: a typo in a path must not wipe the previous run's output."""


@contextlib.contextmanager
def _output(path: str | None):
    """Standard output, or the file at `path`, written in full or not at all (see atomic_file). A write the
    output's place refuses midway, the last one when the file is closed included, is one line."""
    from taosha.writers import atomic_file

    with _write_errors(_printable(path) if path else "standard output"), contextlib.ExitStack() as opened:
        if not path:
            yield sys.stdout
            sys.stdout.flush()
            return
        try:
            out = opened.enter_context(atomic_file(path, encoding="utf-8"))
        except OSError as error:
            raise TaoshaError(f"{_printable(path)}: cannot write the output there ({error.strerror})") from None
        yield out


# Errors of a write that the output's place refused midway (a full disk, a quota, a file too large).
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


@contextlib.contextmanager
def _write_errors(where: str):
    try:
        yield
    except OSError as error:
        if error.errno not in _WRITE_ERRORS:
            raise
        raise TaoshaError(f"{where}: cannot write the output ({error.strerror})") from None


def _check_writable_folder(path: str, what: str) -> None:
    """Fail now, not after minutes of work, when `path` cannot be or become a folder we write files in."""
    folder = Path(path).absolute()
    existing = next(p for p in (folder, *folder.parents) if os.path.exists(p))
    if not existing.is_dir():
        raise TaoshaError(f"{_printable(path)}: cannot make a {what} there ({_printable(str(existing))} "
                          "is not a folder)")
    try:
        fd, probe = tempfile.mkstemp(prefix=".taosha-", dir=existing)
    except OSError as error:
        raise TaoshaError(f"{_printable(path)}: cannot write a {what} there ({error.strerror})") from None
    os.close(fd)
    os.unlink(probe)


def _printable(path: str) -> str:
    from taosha.readers import printable

    return printable(path)


def _progress(args):
    """A progress display on the terminal, unless --quiet or the output or the display is piped."""
    from taosha.engines.progress import Progress, input_size

    shown = not args.quiet and sys.stderr.isatty() and (args.output or sys.stdout.isatty())
    return Progress(sys.stderr, input_size(args.paths)) if shown else None


def run_evaluate(args) -> int:
    from taosha.classify import classify_pages
    from taosha.classify.saved import load
    from taosha.measure import evaluation
    from taosha.train import trainer

    if args.cv_by_source or args.cv_real:
        return run_cross_validation(args)
    saved = load(args.model)
    threshold = saved.resolve_threshold(args.threshold)
    labeled, _ = trainer.gather(args.dirs, None)  # names the folders when they hold no labeled page
    pages = list(classify_pages(saved, labeled, threshold))
    report = evaluation.evaluate(pages, {"chosen": threshold, **saved.presets}, saved.rule)
    evaluation.explain_worst(report, pages, saved.lines)
    if args.json:
        print(json.dumps(evaluation.report_as_dict(report), ensure_ascii=False, indent=2))
    else:
        print(evaluation.format_report(report))
    return 0


def run_cross_validation(args) -> int:
    from dataclasses import asdict

    from taosha.classify.saved import METADATA_FILE
    from taosha.measure import crossval
    from taosha.train import trainer

    if args.record:  # checked before the folds run, not after
        if not (Path(args.record) / METADATA_FILE).is_file():
            raise TaoshaError(f"{_printable(args.record)}: no {METADATA_FILE}, not a model folder")
        _check_writable_folder(args.record, "model folder")
    pages, _ = trainer.gather(args.dirs, args.corpora, lines=args.corpora_lines or "html")
    if args.cv_real:
        folds = args.folds or REAL_FOLDS
        result = crossval.cross_validate_real(pages, folds, workers=args.workers or 1)
        if args.record:
            crossval.record_in_metadata(result, pages, args.record, key="real_pages")
        if not args.json:
            print(crossval.format_real(result, folds))
            return 0
    else:
        result = crossval.cross_validate(pages, workers=args.workers or 1)
        if args.record:
            crossval.record_in_metadata(result, pages, args.record)
    if args.json:
        print(json.dumps({"by_source": {s: {m: asdict(v) for m, v in r.items()} for s, r in result.by_source.items()},
                          "macro": result.macro}, ensure_ascii=False, indent=2))
    else:
        print(crossval.format_cross_validation(result))
    return 0
