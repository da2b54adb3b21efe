"""Command-line interface: ``disclosure check|render …`` (also ``python -m generator``).

Exit status: 0 no errors (warnings may be printed), 1 some input has errors, 2 a file
cannot be read or parsed, or the command line is wrong.
"""

import argparse
import json
import sys

from generator.findings import ERROR, has_errors, sort_key
from generator.i18n import LANGUAGES, N_, translate
from generator.pipeline import check_file

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
UNREADABLE_RULES = ("LOAD-FILE", "LOAD-SYNTAX", "LOAD-EMPTY", "LOAD-LIMIT")


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and a short message on a usage error."""

    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\n")
        sys.exit(EXIT_UNREADABLE)


def build_parser():
    parser = _Parser(prog="disclosure", description="部门决算公开生成器 / final-account disclosure generator")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="检查输入文件 / check input files")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--json", action="store_true", help="输出 JSON / print findings as JSON")
    check.add_argument("--lang", choices=LANGUAGES, default="zh")
    check.add_argument("--debug", action="store_true", help="内部错误时打印 traceback / print tracebacks of internal errors")
    check.add_argument("--templates", action="append", default=[], metavar="DIR",
                       help="额外的模板方案目录 / extra folder of template schemes")
    render = sub.add_parser("render", help="生成 DOCX 和 PDF / render DOCX and PDF")
    render.add_argument("files", nargs="+", metavar="FILE")
    render.add_argument("--format", default="docx,pdf", help="docx,pdf,html")
    render.add_argument("--out", default="output", metavar="DIR")
    render.add_argument("--lang", choices=LANGUAGES, default="zh")
    render.add_argument("--debug", action="store_true", help="内部错误时打印 traceback / print tracebacks of internal errors")
    render.add_argument("--document", choices=("report", "self-evaluation"), default="report")
    render.add_argument("--templates", action="append", default=[], metavar="DIR",
                        help="额外的模板方案目录 / extra folder of template schemes (searched first)")
    build = sub.add_parser("build", help="批量生成（增量、并行）/ render a folder, incrementally, in parallel")
    build.add_argument("root", nargs="?", default="inputs", metavar="DIR")
    build.add_argument("--out", default="output", metavar="OUT")
    build.add_argument("--jobs", type=int, default=None, metavar="N")
    build.add_argument("--format", default="docx,pdf")
    build.add_argument("--force", action="store_true", help="全部重新生成 / render everything")
    build.add_argument("--templates", action="append", default=[], metavar="DIR")
    build.add_argument("--lang", choices=LANGUAGES, default="zh")
    build.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                       help="每个单位的时限（秒，0 为不限）/ time limit of one unit (0: none)")
    build.add_argument("--json", action="store_true",
                       help="在标准输出打印 JSON 汇总（进度和说明在标准错误）/ print the summary as JSON on stdout")
    build.add_argument("--executor", choices=("local", "dask"), default="local",
                       help="local：本机进程池；dask：Dask 集群（默认本机 LocalCluster）/ local process pool or Dask")
    build.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                       help="Dask 调度器地址（隐含 --executor dask）/ address of a Dask scheduler (implies --executor dask)")
    build.add_argument("--shared-out", action="store_true",
                       help="Dask 工作节点直接写入 --out（共享存储）/ Dask workers write into --out themselves (shared storage)")
    new = sub.add_parser("new", help="由本年文件生成下一年度的输入文件 / start next year's input from this year's")
    new.add_argument("file", metavar="FILE")
    new.add_argument("--year", type=int, required=True, metavar="N", help="新年度 / the new year")
    new.add_argument("--out", default=None, metavar="DIR", help="输出目录（默认与 FILE 同目录）/ folder of the new file")
    new.add_argument("--force", action="store_true", help="覆盖已存在的文件 / replace an existing file")
    new.add_argument("--lang", choices=LANGUAGES, default="zh")
    tables = sub.add_parser("tables", help="把九张决算表写成 Excel 工作簿 / write the nine tables as an .xlsx workbook")
    tables.add_argument("files", nargs="+", metavar="FILE")
    tables.add_argument("--out", default="output", metavar="DIR")
    tables.add_argument("--lang", choices=LANGUAGES, default="zh")
    tables.add_argument("--templates", action="append", default=[], metavar="DIR")
    serve = sub.add_parser("serve", help="边改边看：本机预览报告和检查结果 / live preview of the report and its findings")
    serve.add_argument("target", metavar="FILE|DIR")
    serve.add_argument("--port", type=int, default=0, help="端口（默认任一空闲端口）/ port (default: a free one)")
    serve.add_argument("--out", default=None, metavar="DIR", help="同时把网页写入该目录 / also write the page there")
    serve.add_argument("--lang", choices=LANGUAGES, default="zh")
    serve.add_argument("--templates", action="append", default=[], metavar="DIR")
    imp = sub.add_parser("import", help="从工作簿（或已公开的报告）读入表格数字 / read the tables' figures from a workbook")
    imp.add_argument("sources", nargs="+", metavar="WORKBOOK", help=".xlsx, .xls, .csv 文件或文件夹, .docx, .pdf")
    imp.add_argument("--into", default=None, metavar="FILE.yaml", help="写入或合并到该文件 / write or merge into FILE")
    imp.add_argument("--lang", choices=LANGUAGES, default="zh")
    scheme = sub.add_parser("scheme", help="模板方案工具 / template scheme tools")
    scheme_sub = scheme.add_subparsers(dest="scheme_command", required=True, parser_class=_Parser)
    scheme_check = scheme_sub.add_parser("check", help="检查模板方案 / validate a scheme folder")
    scheme_check.add_argument("folder", metavar="DIR", help="方案目录（含 scheme.yaml）/ the scheme's folder")
    scheme_check.add_argument("--inputs", nargs="+", default=None, metavar="FILE",
                              help="用于试生成的示例输入（默认 inputs/*.yaml）/ example inputs to render")
    scheme_check.add_argument("--templates", action="append", default=[], metavar="DIR",
                              help="父方案的搜索目录 / extra folder of schemes (for extends)")
    scheme_check.add_argument("--json", action="store_true", help="输出 JSON / print findings as JSON")
    scheme_check.add_argument("--lang", choices=LANGUAGES, default="zh")
    return parser


def _formats(text, lang):
    formats = [f.strip() for f in text.split(",") if f.strip()]
    bad = [f for f in formats if f not in ("docx", "pdf", "html")]
    if bad or not formats:
        print(translate(N_("unknown format: {format}"), lang, format=",".join(bad) or "''"), file=sys.stderr)
        return None
    return formats


def cmd_build(args):
    """Render every changed input of a folder; print a summary; exit 1 if any unit failed."""
    from generator.build import build

    formats = _formats(args.format, args.lang)
    if formats is None:
        return EXIT_UNREADABLE
    if not __import__("pathlib").Path(args.root).exists():
        print(translate(N_("file not found"), args.lang) + f": {args.root}", file=sys.stderr)
        return EXIT_UNREADABLE
    from generator.project import ProjectError

    executor = None
    if args.scheduler or args.executor == "dask":
        from generator.dask_executor import DaskExecutor, DaskUnavailable

        try:
            executor = DaskExecutor(args.scheduler, workers=args.jobs, timeout=args.timeout or None,
                                    shared_out=args.shared_out)
        except DaskUnavailable as exc:
            print(translate(N_("cannot use Dask: {reason}"), args.lang, reason=exc), file=sys.stderr)
            return EXIT_UNREADABLE
    human = sys.stderr if args.json else sys.stdout     # --json: stdout is the JSON alone
    try:
        summary = build(args.root, args.out, jobs=args.jobs, formats=formats, force=args.force,
                        search=args.templates, lang=args.lang, timeout=args.timeout or None, executor=executor)
    except ProjectError as exc:                 # a wrong disclosure.toml: nothing is built
        print(translate(N_("the build folder's disclosure.toml is wrong: {reason}"), args.lang, reason=exc),
              file=sys.stderr)
        return EXIT_UNREADABLE
    for finding in summary.problems:            # collisions, filesystem errors: exit 2
        print(finding.line(args.lang), file=sys.stderr)
    for result in summary.results:
        if result.status != "rendered" or result.warnings:
            for line in result.findings:
                print(line, file=sys.stderr)
    print(translate(N_("rendered {rendered}, skipped {skipped}, failed {failed} ({seconds:.1f} s)"), args.lang,
                    rendered=len(summary.rendered), skipped=len(summary.skipped), failed=len(summary.failed),
                    seconds=summary.seconds), file=human)
    for result in summary.results:
        if result.warnings and result.status == "rendered":
            print(translate(N_("  {input}: {warnings} warning(s)"), args.lang, input=result.input,
                            warnings=result.warnings), file=human)
    for rel in summary.failed:
        print(translate(N_("  failed: {input}"), args.lang, input=rel), file=human)
    if args.json:
        from generator.overview import summary_json

        json.dump(summary_json(summary, args.lang), sys.stdout, ensure_ascii=False, indent=1)
        print()
    if summary.interrupted:
        print(translate(N_("interrupted; the next build resumes"), args.lang), file=sys.stderr)
        return 130
    if summary.problems or any("[FS-WRITE]" in line for r in summary.results for line in r.findings):
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if summary.failed else EXIT_OK


def _status(findings):
    if any(f.rule in UNREADABLE_RULES for f in findings):
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def cmd_check(args):
    """Check every file; print every finding; exit with the worst status."""
    all_findings = []
    from generator.crash import internal_finding

    for path in args.files:
        try:
            all_findings.extend(check_file(path, args.templates).findings)
        except Exception as exc:               # one file's crash never loses the others' findings
            all_findings.append(internal_finding(exc, path, args))
    all_findings.sort(key=sort_key)
    if args.json:
        json.dump([f.as_dict(args.lang) for f in all_findings], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for finding in all_findings:
            print(finding.line(args.lang))
        errors = sum(1 for f in all_findings if f.severity == ERROR)
        warnings = len(all_findings) - errors
        print(translate(N_("{files} file(s) checked: {errors} error(s), {warnings} warning(s)"), args.lang,
                        files=len(args.files), errors=errors, warnings=warnings), file=sys.stderr)
    return _status(all_findings)


def cmd_render(args):
    """Check, then render each file that has no errors."""
    from generator.pipeline import render_file  # the writers load only when needed

    formats = _formats(args.format, args.lang)
    if formats is None:
        return EXIT_UNREADABLE
    from generator.oserrors import os_error_finding, out_is_file

    problem = out_is_file(args.out)
    if problem is not None:
        print(problem.line(args.lang), file=sys.stderr)
        return EXIT_UNREADABLE
    status = EXIT_OK
    for path in args.files:
        try:
            result = render_file(path, args.out, formats, document=args.document, search=args.templates)
        except OSError as exc:                 # disk full, read-only: located, no traceback
            print(os_error_finding(exc, path).line(args.lang), file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        except Exception as exc:               # a bug: this file fails, the others are rendered
            from generator.crash import internal_finding

            print(internal_finding(exc, path, args).line(args.lang), file=sys.stderr)
            status = max(status, EXIT_FINDINGS)
            continue
        for finding in result.findings:
            print(finding.line(args.lang), file=sys.stderr)
        status = max(status, _status(result.findings))
        for written in result.written:
            print(translate(N_("written: {path}"), args.lang, path=written))
    return status


def cmd_new(args):
    """Write next year's input; print it and the carried texts to review; exit 2 if nothing was written."""
    from generator.next_year import new_year

    result = new_year(args.file, args.year, out=args.out, force=args.force)
    for finding in sorted(result.findings, key=sort_key):
        print(finding.line(args.lang), file=sys.stderr)
    if result.target is None:
        return EXIT_UNREADABLE
    print(translate(N_("written: {path}"), args.lang, path=result.target))
    print(translate(N_("{count} carried text(s) mention a year, date or figure to review"), args.lang,
                    count=sum(1 for f in result.findings if f.rule == "NEW-REVIEW")), file=sys.stderr)
    return EXIT_OK


def main(argv=None):
    """Entry point of the ``disclosure`` console script."""
    for stream in (sys.stdout, sys.stderr):     # an input's lone surrogate quoted in a message
        if hasattr(stream, "reconfigure"):      # is printed as \udXXX, never a UnicodeEncodeError
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "new":
        return cmd_new(args)
    if args.command == "build":
        return cmd_build(args)
    if args.command == "tables":
        from generator.excel import cmd_tables
        return cmd_tables(args)
    if args.command == "serve":
        from generator.serve import cmd_serve
        return cmd_serve(args)
    if args.command == "import":
        from generator.importers.run import cmd_import
        return cmd_import(args)
    if args.command == "scheme":
        return cmd_scheme_check(args)
    return cmd_render(args)


def cmd_scheme_check(args):
    """``scheme check DIR``: schema, references, templates and every example rendered; exit 1 on errors."""
    from generator.scheme_check import check_scheme

    findings = sorted(check_scheme(args.folder, args.inputs, args.templates), key=sort_key)
    if args.json:
        json.dump([f.as_dict(args.lang) for f in findings], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for finding in findings:
            print(finding.line(args.lang))
        errors = sum(1 for f in findings if f.severity == ERROR)
        print(translate(N_("scheme {scheme} checked: {errors} error(s), {warnings} warning(s)"), args.lang,
                        scheme=args.folder, errors=errors, warnings=len(findings) - errors), file=sys.stderr)
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
