# 部门决算公开生成器 — set-up and everyday commands.
#   make demo   install what is missing, check and render inputs/ into output/
#   make test   install what is missing and run the whole test suite
# Both are idempotent: a second run installs nothing.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SYS_PKGS := fonts-noto-cjk fonts-arphic-ukai fonts-lxgw-wenkai libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install system-deps fonts browser golden bench clean messages look mutate fuzz

demo: install
	$(BIN)/disclosure check inputs/*.yaml
	$(BIN)/disclosure build inputs --out output

test: install browser
	$(BIN)/python -m pytest -q

# Headless Chromium for the browser tests (tests/test_preview.py): Debian's package, about
# 300 MB installed, so it is its own step rather than one of SYS_PKGS.  If it cannot be
# installed the browser tests skip and say why.
BROWSER_PKGS := chromium
browser:
	@command -v chromium >/dev/null 2>&1 || { echo "installing Debian packages: $(BROWSER_PKGS)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    --no-install-recommends $(BROWSER_PKGS) || echo "chromium could not be installed: browser tests will skip"; }

install: system-deps $(STAMP) fonts

# GB 2312 subsets of the PDF's CJK faces (generator/fonts.py): the same glyphs in an eighth of
# the size, so a render holds ~130 MiB less; made once (about a minute on 2 cores), then skipped.
fonts: system-deps $(STAMP)
	$(BIN)/python -m generator.fonts

# Debian packages: CJK fonts (Noto 黑体/宋体, AR PL UKai 楷体, LXGW WenKai for 仿宋), HarfBuzz subsetter (WeasyPrint is ~7x slower without it),
# Pango for WeasyPrint, poppler-utils (pdftotext) for the tests.  Only missing ones are installed.
system-deps:
	@missing=""; for p in $(SYS_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(STAMP): setup.cfg pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# Render the examples and print the diff against the golden texts in tests/golden/; nothing is
# written until a person has read the diff and accepts it: `make golden ACCEPT=1`.  The same for
# the figures snapshots in tests/golden/figures/ (no rendering); `make golden FIGURES=1` for only those.
# And the tables snapshots in tests/golden/tables/ (every table cell, no writer): `make golden TABLES=1`.
golden: install
	$(BIN)/python -m tests.regen_golden $(if $(ACCEPT),--accept) $(if $(FIGURES),--figures) $(if $(TABLES),--tables)

# A longer fuzzing run than the one in `make test`: FUZZ_EXAMPLES inputs (default 100,000) on
# every core, new ones each run unless FUZZ_SEED is set, then FUZZ_RENDER (default 20) inputs
# that pass check rendered to DOCX and PDF; prints the counts and any crash.
fuzz: install
	$(BIN)/python -m tests.fuzz

# Mutation testing of the core modules (mutmut, in scratch copies under build/mutate/; long, so
# `make test` never runs it): `make mutate` for all, `make mutate MODULES="money formatting"` for
# some.  Scores and accepted survivors: docs/testing.md.
mutate: install
	$(BIN)/python tools/mutate.py $(MODULES)

bench: install
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/preview.py

# Render every example in both formats for a person to look at: PNG pages and a contact sheet
# per document in output/look/ (the DOCX laid out by LibreOffice, installed here if missing:
# it is large, so `make test` never installs it), then the page counts side by side.
look: install
	@command -v soffice >/dev/null || { echo "installing libreoffice-writer-nogui"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libreoffice-writer-nogui; }
	$(BIN)/python tools/look.py

clean:
	rm -rf output $(VENV) *.egg-info

# Refresh the message catalogue after changing messages in the code (then translate the new
# empty msgstr entries in generator/locale/zh_CN/LC_MESSAGES/messages.po).
messages: install
	$(BIN)/pybabel extract -k N_ --no-default-keywords -o generator/locale/messages.pot generator
	$(BIN)/pybabel update -i generator/locale/messages.pot -d generator/locale -l zh_CN -D messages --no-fuzzy-matching -w 0
	rm -f generator/locale/messages.pot
