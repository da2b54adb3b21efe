"""Fuzzing harness for load → parse → compute → check (issue 9): no input may crash ``check``.

Inputs are made by mutating documents: the example inputs in ``inputs/`` (whole, or one of
their top-level blocks on top of a small valid document) and small valid documents.  A
mutation replaces a value (a string with control characters, NUL, lone surrogates, Unicode,
thousands of characters; a number like 1e400, NaN, -1, 374,77; another type), deletes a
key, adds one, repeats a list item past 99 entries, or nests a value deeply.  Each input is
written to a file and checked by :func:`generator.pipeline.check_file`, exactly as
``disclosure check`` does (the scheme is loaded once per name: loading it is the slow part
and no input changes it).  Any exception is a crash: it is recorded with its input, the run
goes on, and the caller asserts there were none.

Run it: ``python -m tests.fuzz [N]`` (``make fuzz``; FUZZ_EXAMPLES sets N, FUZZ_SEED makes
the run repeatable, FUZZ_RENDER inputs that pass check are rendered afterwards, default 20).
The pytest entry is tests/test_fuzz.py (seeded, bounded).
"""

import contextlib
import functools
import json
import os
import re
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import yaml
import hypothesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"

MINIMAL = """\
unit: {name: 测试单位, year: 2024, scheme: approval-2024}
income:
  "2013101": {general: 100}
expenditure:
  "2013101": {basic: 100}
basic_economic:
  "30101": 60
  "30201": 40
"""

SELF_EVALUATION = """\
unit: {name: 测试单位, year: 2022, scheme: public-2020}
self_evaluation:
  sections:
    - {title: 基本情况, text: 无。}
    - title: 资金使用及绩效情况
      items:
        - {title: 工作成效, text: 完成了年度目标。}
  budget: {initial: 100, income: 100, executed: 100, basic: 100, project: 0, personnel: 80, public: 20}
  projects: []
  scoring:
    funds: {weight: 10}
    indicators:
      - name: 产出指标
        cap: 90
        items:
          - {secondary: 数量指标, name: 完成任务, target: 100%, achieved: 100%, criteria: 完成得满分, weight: 90, score: 90, deviation: ""}
"""

PREVIOUS = MINIMAL.replace("year: 2024", "year: 2023")
WITH_PREVIOUS = MINIMAL + "previous: {file: prev.yaml}\n"


# ------------------------------------------------------------------ documents as data

@dataclass(frozen=True)
class Plain:
    """A scalar written as it stands (a number, a word, ``.nan``, ``374,77``)."""

    text: str


def _data(node):
    """A composed YAML node as dicts, lists, str (quoted scalars) and Plain (plain ones)."""
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _data(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_data(v) for v in node.value]
    if not node.style and "\n" not in node.value:
        return Plain(node.value)
    return node.value


@functools.lru_cache(maxsize=None)
def document(text):
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return _data(yaml.compose(text, Loader=loader))


# what may stand unescaped in a double-quoted scalar (not NEL, LS, PS: YAML line breaks)
_YAML_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PLAIN_OK = re.compile(r"^[^\s#&*!|>'\"%@`{}\[\],?:-][^\n#]*$")


def quote(text):
    """A YAML double-quoted scalar for any str (lone surrogates and controls as escapes)."""
    body = json.dumps(text, ensure_ascii=False)[1:-1]
    return '"' + _YAML_PRINTABLE.sub(lambda m: "\\u%04x" % ord(m[0]) if ord(m[0]) < 0x10000
                                     else "\\U%08x" % ord(m[0]), body) + '"'


def _scalar(value):
    if value is None:
        return "~"
    if isinstance(value, Plain):
        text = value.text
        if text and "\n" not in text and not _YAML_PRINTABLE.search(text) and not text.endswith(":") \
                and ": " not in text and " #" not in text:
            return text
        return quote(text)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return quote(str(value))


def dump(value, indent=0, out=None):
    """Block-style YAML of ``value`` (dicts, lists, str, Plain, None): keys always quoted."""
    out = [] if out is None else out
    pad = " " * indent
    if isinstance(value, dict) and value:
        for key, child in value.items():
            if isinstance(child, (dict, list)) and child:
                out.append(f"{pad}{quote(key)}:")
                dump(child, indent + 2, out)
            else:
                out.append(f"{pad}{quote(key)}: {_scalar(child)}")
    elif isinstance(value, list) and value:
        for child in value:
            if isinstance(child, (dict, list)) and child:
                out.append(f"{pad}-")
                dump(child, indent + 2, out)
            else:
                out.append(f"{pad}- {_scalar(child)}")
    else:
        out.append(pad + _scalar(value))
    return "\n".join(out) + "\n" if indent == 0 else out


def paths(value, prefix=()):
    """Every path (tuple of keys and indices) in ``value``, the root first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, prefix + (index,))
    return found


def get(value, path):
    for step in path:
        value = value[step]
    return value


def replace(value, path, new):
    """A copy of ``value`` with the node at ``path`` replaced by ``new`` (``DELETE`` removes it);
    only the nodes along the path are copied."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        if rest or new is not DELETE:
            copy[head] = replace(value[head], rest, new)
        else:
            copy.pop(head, None)
        return copy
    copy = list(value)
    if rest or new is not DELETE:
        copy[head] = replace(value[head], rest, new)
    else:
        del copy[head]
    return copy


DELETE = object()


# ------------------------------------------------------------------ what a mutation puts in

NUMBERS = ["0", "-1", "-0.01", "1e400", "-1e400", "1e5000", "1e-400", "1.0e+400", "-1.0e+400", "1.5e+5000",
           "1.0e-400", "2.024e+3", "1.0e+11", "9.99e+13", ".nan", ".NaN", ".inf", "-.inf", "NaN",
           "Infinity", "374,77", "1,249.50", "8,5.48", "85_48", "1_000", "0x1F", "0o17", "0b101", "+12", "12.",
           ".5", "1.2.3", "99999999999999999999999999", "123456789012.34", "0.000000001", "1:30", "2024-01-01",
           "２０２４", "１，２４９．５０", "1e3", "100%", "5万元", "true", "no", "~", "null", "2000", "2100", "1999",
           "2101", "9999", "-2024", "2024.5", "24", "1" + "0" * 30, "3.14159265358979323846264338327950288"]
NASTY = ["", " ", "\x00", "a\x00b", "\x01\x02\x1f", "\x7f", "\x85", "\u2028", "\u200b", "\ufeff", "\ud800",
         "x\udfffy", "\ufffe", "\uffff", "\t", "\r\n", "line\nline", "\U0001F600", "\u0301", "\u202e\u05d0",
         "{{ 7*7 }}", "{% for %}", "<script>alert(1)</script>", "&amp;", "=HYPERLINK(\"x\")", "../../etc/passwd",
         "%s%n", "\\", "\"", "'", "：", "，", "　", "一" * 300, "x" * 300, "测" * 5000, "a" * 9000, "零",
         "2013101", "30101", "approval-2024", "public-2020", "/etc/passwd", "prev.yaml", "万元", "元"]


def _scalars():
    return st.one_of(
        st.sampled_from(NUMBERS).map(Plain),
        st.sampled_from(NASTY),
        st.text(max_size=12),
        st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=8),
        st.integers(-10**15, 10**15).map(lambda n: Plain(str(n))),
        st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9, max_value=10**9)
          .map(lambda d: Plain(str(d))),
        st.none(),
        st.sampled_from([Plain("true"), Plain("false")]),
    )


SCALARS = _scalars()
#: Any value a mutation puts in: scalars, small lists and maps of scalars.
VALUES = st.one_of(
    SCALARS, SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.sampled_from(["name", "basic", "project", "general", "title", "text", "year",
                                     "budget", "items", "x", "2013101"]), SCALARS, max_size=3),
)
DEPTHS = st.sampled_from([2, 3, 5, 10, 20, 30, 40, 45, 60])     # the loader stops at 50
OPS = st.sampled_from(["value", "value", "value", "scalar", "delete", "add", "repeat", "nest", "long", "swap"])
KEYS = st.one_of(st.sampled_from(["name", "year", "x", "2013101", "301", "scheme", "items", "previous", "file",
                                  "duties", "glossary"]), st.text(max_size=6))


def nest(value, depth, kind):
    for _ in range(depth):
        value = [value] if kind else {"x": value}
    return value


@st.composite
def mutated(draw, bases):
    """(label, document, as_text) of one mutated document; ``as_text``: check it as YAML text
    through the real loader (one in eight, and always when nested deeper than 40), else as a
    composed tree (see :func:`compose`)."""
    label, doc = draw(st.sampled_from(bases))
    as_text = draw(st.integers(0, 7)) == 0
    for _ in range(draw(st.integers(1, 4))):
        every = paths(doc)
        path = every[draw(st.integers(0, len(every) - 1))]
        node = get(doc, path)
        op = draw(OPS)
        if op == "value" or (op == "scalar" and not isinstance(node, (dict, list))):
            doc = replace(doc, path, draw(VALUES))
        elif op == "scalar":
            doc = replace(doc, path, draw(SCALARS))
        elif op == "delete" and path:
            doc = replace(doc, path, DELETE)
        elif op == "add" and isinstance(node, dict):
            doc = replace(doc, path, {**node, draw(KEYS): draw(VALUES)})
        elif op == "repeat" and isinstance(node, list) and node:
            doc = replace(doc, path, node * (draw(st.integers(100, 130)) // len(node) + 1))
        elif op == "nest":
            depth = draw(DEPTHS)
            as_text = as_text or depth > 40
            doc = replace(doc, path, nest(node, depth, draw(st.booleans())))
        elif op == "long" and isinstance(node, (str, Plain)):
            text = node.text if isinstance(node, Plain) else node
            doc = replace(doc, path, (text or "长") * draw(st.integers(50, 3000)))
        elif op == "swap" and path:
            other = every[draw(st.integers(0, len(every) - 1))]
            if other and other[:len(path)] != path and path[:len(other)] != other:
                doc = replace(replace(doc, path, get(doc, other)), other, node)
    return label, doc, as_text


TEXTS = st.one_of(st.sampled_from(NASTY), st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=20),
                  st.text(max_size=40))


@st.composite
def text_mutated(draw, bases):
    """(label, document, as_text): a document whose texts (not its numbers) are replaced by odd
    strings; most of them stay valid, which is what the render corpus needs."""
    label, doc = draw(st.sampled_from(bases))
    texts = [path for path in paths(doc) if isinstance(get(doc, path), str) and path]
    for _ in range(draw(st.integers(1, 3)) if texts else 0):
        doc = replace(doc, texts[draw(st.integers(0, len(texts) - 1))], draw(TEXTS))
    return label, doc, draw(st.booleans())


_RESOLVER = yaml.resolver.Resolver()
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def compose(value, counter=None):
    """The YAML node graph PyYAML's composer would make of ``dump(value)`` (plain scalars get
    their implicit tags), without scanning text: checking a tree is several times faster."""
    counter = counter if counter is not None else [0]
    counter[0] += 1
    mark = yaml.Mark("fuzz", 0, counter[0], 0, None, None)
    if isinstance(value, dict):
        return yaml.MappingNode(_MAP, [(yaml.ScalarNode(_STR, str(k), mark, mark), compose(v, counter))
                                       for k, v in value.items()], mark, mark)
    if isinstance(value, list):
        return yaml.SequenceNode(_SEQ, [compose(v, counter) for v in value], mark, mark)
    if value is None:
        return yaml.ScalarNode(_RESOLVER.resolve(yaml.ScalarNode, "", (True, False)), "", mark, mark)
    if isinstance(value, Plain):
        return yaml.ScalarNode(_RESOLVER.resolve(yaml.ScalarNode, value.text, (True, False)), value.text, mark, mark)
    return yaml.ScalarNode(_STR, str(value), mark, mark, style='"')


def load_tree(root, name, path):
    """What :func:`generator.loader.load_text` does after composing: the same hints, conversion
    and text rules (tests/test_fuzz.py proves both ways find the same)."""
    from generator import loader, yaml_hints

    findings = list(yaml_hints.suspicious(root, name))
    tree = loader._convert(root, name, "", findings)
    findings += loader.text_findings(tree)
    return loader.LoadResult(tree, tuple(findings), Path(path))


def trimmed(value, keep=3):
    """``value`` with at most ``keep`` entries in each mapping and list (a small document
    of the same shape: checking it is fast)."""
    if isinstance(value, dict):
        return {k: trimmed(v, keep) for k, v in list(value.items())[:keep]}
    if isinstance(value, list):
        return [trimmed(v, keep) for v in value[:keep]]
    return value


def bases(whole=False):
    """(label, document) to mutate: small valid documents, and each top-level block of the
    example inputs (trimmed) on top of the small report or self-evaluation; ``whole``: the
    example inputs themselves too (slow to check: ``make fuzz`` only)."""
    found = [("minimal", document(MINIMAL)), ("self-evaluation", document(SELF_EVALUATION)),
             ("with-previous", document(WITH_PREVIOUS))]
    small, evaluation = document(MINIMAL), document(SELF_EVALUATION)
    for path in sorted(INPUTS.glob("*.yaml")):
        example = document(path.read_text(encoding="utf-8"))
        if whole:
            found.append((path.stem, example))
        for key, block in example.items():
            if key == "self_evaluation":
                found.append((f"{path.stem}:{key}", {"unit": evaluation["unit"], key: trimmed(block)}))
            elif key not in small:
                found.append((f"{path.stem}:{key}", {**small, key: trimmed(block)}))
    return found


# ------------------------------------------------------------------ running them

@contextlib.contextmanager
def schemes_loaded_once():
    """Load and validate each scheme once for the whole run (pipeline.load_scheme,
    scheme_check.static_findings and the scheme folders near the input memoised: they read
    only the scheme folders, which no input changes)."""
    from generator import pipeline, scheme_check

    real, real_static, real_near = pipeline.load_scheme, scheme_check.static_findings, pipeline.search_folders
    cache, static, near = {}, {}, {}

    def static_findings(scheme):
        if id(scheme) not in static:
            static[id(scheme)] = (scheme, real_static(scheme))
        return static[id(scheme)][1]

    def search_folders(path, search=()):
        key = (str(Path(path).parent), tuple(search))
        if key not in near:
            near[key] = real_near(path, search)
        return near[key]

    def load(name, search=()):
        key = (name, tuple(search))
        if key not in cache:
            try:
                cache[key] = real(name, search)
            except Exception as exc:              # noqa: BLE001 - replayed for every caller
                cache[key] = exc
        if isinstance(cache[key], Exception):
            raise cache[key]
        return cache[key]

    pipeline.load_scheme, scheme_check.static_findings, pipeline.search_folders = load, static_findings, search_folders
    try:
        yield
    finally:
        pipeline.load_scheme, scheme_check.static_findings, pipeline.search_folders = real, real_static, real_near


@dataclass
class Report:
    ran: int = 0
    passed: int = 0                   # no error findings
    crashes: list = field(default_factory=list)
    passing: list = field(default_factory=list)   # (label, text) of inputs without errors
    seconds: float = 0.0

    def line(self):
        return (f"fuzz: {self.ran} inputs through load/parse/compute/check in {self.seconds:.1f} s, "
                f"{self.passed} without errors, {len(self.crashes)} crash(es)")


class Runner:
    """Checks documents with :func:`generator.pipeline.check_file` as ``fuzz.yaml`` in one
    folder (which holds prev.yaml for ``previous`` links): as YAML text, or as a composed tree
    handed to the pipeline in place of the file's (see :meth:`parse_file`)."""

    def __init__(self, folder, keep_passing=0):
        self.folder = Path(folder)
        (self.folder / "prev.yaml").write_text(PREVIOUS, encoding="utf-8")
        self.path = self.folder / "fuzz.yaml"
        self.path.write_text(MINIMAL, encoding="utf-8")
        self.report = Report()
        self.keep_passing = keep_passing
        self.pending = None

    def parse_file(self, path, display_name=None):
        """generator.model.parse_file, but fuzz.yaml's tree is the pending composed one."""
        from generator import model

        if self.pending is None or Path(path) != self.path:
            return model.parse_file(path, display_name)
        root, self.pending = self.pending, None
        name = display_name or str(path)
        loaded = load_tree(root, name, path)
        if loaded.tree is None:
            return model.ParseResult(None, loaded.findings)
        result = model.parse_tree(loaded.tree, name, Path(path))
        return model.ParseResult(result.input, loaded.findings + result.findings)

    def check(self, label, doc, as_text=True):
        from generator import pipeline
        from generator.findings import has_errors

        self.report.ran += 1
        text = None
        try:
            if as_text:
                text = dump(doc)
                self.path.write_text(text, encoding="utf-8")
            else:
                self.pending = compose(doc)
            result = pipeline.check_file(self.path, root=self.folder)
            for finding in result.findings:           # every message must format
                finding.line("zh")
                finding.line("en")
        except Exception:                              # noqa: BLE001 - a crash is what we look for
            self.report.crashes.append((label, text or dump(doc), traceback.format_exc()))
            return
        finally:
            self.pending = None
        if not has_errors(result.findings):
            self.report.passed += 1
            if len(self.report.passing) < self.keep_passing:
                self.report.passing.append((label, text or dump(doc)))


def run(examples, seed=0, keep_passing=0, folder=None, whole=False, workers=1, texts_only=False):
    """Check ``examples`` mutated inputs (the same ones for the same ``seed``; None: new ones
    each run) in ``workers`` processes; ``texts_only``: only texts mutated (see
    :func:`text_mutated`); return the Report."""
    if workers > 1:
        return _parallel(examples, seed, keep_passing, whole, workers)
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None     # no disk in the loop
        folder = folder or stack.enter_context(tempfile.TemporaryDirectory(prefix="fuzz-", dir=shm))
        runner = Runner(folder, keep_passing)
        stack.enter_context(schemes_loaded_once())
        from generator import pipeline

        real_parse, pipeline.parse_file = pipeline.parse_file, runner.parse_file
        stack.callback(setattr, pipeline, "parse_file", real_parse)
        all_bases = bases(whole)

        @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given((text_mutated if texts_only else mutated)(all_bases))
        def one(case):
            runner.check(*case)

        (one if seed is None else hypothesis.seed(seed)(one))()
        runner.report.seconds = time.perf_counter() - started
        return runner.report


def _worker(conn, examples, seed, keep_passing, whole):
    try:
        conn.send(run(examples, seed, keep_passing, whole=whole))
    except BaseException:                              # noqa: BLE001 - reported by the parent
        conn.send(Report(crashes=[("worker", "", traceback.format_exc())]))
    conn.close()


def _parallel(examples, seed, keep_passing, whole, workers):
    """``run`` split over forked processes, each with its own seed; the reports merged."""
    import multiprocessing

    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    jobs = []
    for index in range(workers):
        share = examples // workers + (1 if index < examples % workers else 0)
        mine = None if seed is None else seed * 1000 + index
        parent, child = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(child, share, mine, keep_passing, whole), daemon=True)
        process.start()
        child.close()
        jobs.append((process, parent))
    total = Report()
    for process, parent in jobs:
        try:
            part = parent.recv()
        except EOFError:
            part = Report(crashes=[("worker", "", f"a fuzz worker died (exit {process.exitcode})")])
        process.join()
        total.ran += part.ran
        total.passed += part.passed
        total.crashes += part.crashes
        total.passing += part.passing[:max(0, keep_passing - len(total.passing))]
    total.seconds = time.perf_counter() - started
    return total


def render_passing(count, seed=None, formats=("docx", "pdf")):
    """Render ``count`` inputs with odd texts that pass check; return [(label, text, problem)]
    for each that does not render (an exception or an error finding)."""
    from generator.pipeline import render_file

    problems = []
    with tempfile.TemporaryDirectory(prefix="fuzz-render-") as folder:
        folder = Path(folder)
        report = run(count * 3, seed, keep_passing=count, folder=folder, texts_only=True)
        for index, (label, text) in enumerate(report.passing[:count]):
            path = folder / f"render{index}.yaml"
            path.write_text(text, encoding="utf-8")
            try:
                result = render_file(path, folder / "out", list(formats), root=folder)
                errors = [f.line() for f in result.findings if f.severity == "error"]
                if errors or len(result.written) != len(formats):
                    problems.append((label, text, "\n".join(errors) or "nothing written"))
            except Exception:                          # noqa: BLE001 - a crash is what we look for
                problems.append((label, text, traceback.format_exc()))
    return problems


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    examples = int(argv[0]) if argv else int(os.environ.get("FUZZ_EXAMPLES", "100000"))
    seed = int(os.environ["FUZZ_SEED"]) if os.environ.get("FUZZ_SEED") else None
    report = run(examples, seed, whole=True, workers=os.cpu_count() or 1)
    for label, text, trace in report.crashes[:20]:
        print(f"--- crash on a mutation of {label}:\n{text[:2000]}\n{trace}", file=sys.stderr)
    print(report.line())
    renders = int(os.environ.get("FUZZ_RENDER", "20"))
    problems = render_passing(renders, seed) if renders else []
    for label, text, problem in problems[:20]:
        print(f"--- passes check but does not render ({label}):\n{text[:2000]}\n{problem}", file=sys.stderr)
    if renders:
        print(f"fuzz: {renders} inputs with odd texts that pass check rendered (DOCX and PDF), "
              f"{len(problems)} failed")
    return 1 if report.crashes or problems else 0


if __name__ == "__main__":
    sys.exit(main())
