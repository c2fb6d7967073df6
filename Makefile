# Briefs: build the collection in every language, test it, maintain catalogs.
# `make html` and `make test` are all a fresh clone needs.

PYTHON     ?= python3
VENV       ?= .venv
BIN        := $(VENV)/bin
BUILDDIR   ?= _build
# conf.py's briefs_languages: zh_CN is derived from zh_TW's catalogs at build time
# (briefs_derived_languages), so only zh_TW has catalogs to update.
LANGUAGES  := en zh_TW zh_CN
TRANSLATED := zh_TW
# The published build: every warning is an error, but all of them are shown.
SPHINXOPTS ?= -W --keep-going
# The edition: a release tag when publishing, else the month of the build.
BRIEFS_EDITION ?= $(shell date +%Y-%m)
# Where the site is served (conf.py's briefs_site_url unless set).
BRIEFS_SITE_URL ?=
SITEOPTS   = -D release=$(BRIEFS_EDITION) -D version=$(BRIEFS_EDITION) $(if $(BRIEFS_SITE_URL),-D briefs_site_url=$(BRIEFS_SITE_URL))
SPHINXBUILD = $(BIN)/sphinx-build -c . $(SPHINXOPTS) $(SITEOPTS)

HTML_TARGETS := $(addprefix html-,$(LANGUAGES))
PDF_TARGETS  := $(addprefix pdf-,$(LANGUAGES))
NEWEST_HTML  := $(addprefix newest-html-,$(LANGUAGES))

.PHONY: help html $(HTML_TARGETS) $(NEWEST_HTML) pdf $(PDF_TARGETS) gettext intl format test test-newest import bench bench-speedups \
        bench-import bench-search bench-versions bench-interrupted clean versions check serve lint

help:
	@echo "make html     build every language into $(BUILDDIR)/html/<lang>/ (sets up $(VENV) first)"
	@echo "make pdf      build the PDF editions into $(BUILDDIR)/pdf/<lang>/briefs-<lang>.pdf (installs TeX Live as root)"
	@echo "make serve    live preview on http://127.0.0.1:8000/ (LANGUAGE=zh_TW for Chinese)"
	@echo "make check    check every page and catalog without building (CHECK_SINCE=origin/main: a pull request's)"
	@echo "make test     run the test suite (the pinned versions of constraints.txt)"
	@echo "make test-newest  build and test with the newest releases, on Python >= 3.13 ($(NEWEST_VENV))"
	@echo "make bench    build-time benchmark (N=100 1000 10000; BENCH_SIZES='1000' to choose), then a brief page's weight beside furo alone"
	@echo "make versions every edition (v* tags, main as latest), HTML and PDF, into $(BUILDDIR)/site/<lang>/<edition>/"
	@echo "make gettext  extract messages into $(BUILDDIR)/gettext/*.pot"
	@echo "make intl     update locale/<lang>/LC_MESSAGES/*.po from the .pot files"
	@echo "make format   rewrite the catalogs in the one format (after an editor wrapped them)"
	@echo "make import FILES='a.txt b.txt'   import digests (briefs import)"
	@echo "make bench-import                  digests imported per second"
	@echo "make bench-versions                what briefs versions costs, and its cache saves (BENCH_COUNT=100)"
	@echo "make bench-speedups                what each module of briefs.speedups saves (1,000 briefs)"
	@echo "make bench-search                  search in Chromium: KB and ms per query (BENCH_COUNT=10000 briefs)"
	@echo "make bench-interrupted             builds killed at KILL_AT seconds, then healed (BENCH_COUNT=1000)"
	@echo "make clean    remove $(BUILDDIR)"

# The virtual environment, reinstalled when the dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	$(COMPILE_EXT)
	touch $@

# pip writes the bytecode of what it installs, but not of an editable
# install: ext/briefs would be compiled again by every sphinx-build process
# (40 ms) wherever Python does not write it back (PYTHONDONTWRITEBYTECODE).
# Refreshed before each build, test run and benchmark (only changed files).
COMPILE_EXT = $(BIN)/python -m compileall -q ext/briefs

# The languages are built side by side, one process each (2 cores).
html: $(VENV)/.installed
	@$(COMPILE_EXT)
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(HTML_TARGETS)
	@echo "HTML: $(BUILDDIR)/html/index.html (language chooser), $(foreach l,$(LANGUAGES),$(BUILDDIR)/html/$(l)/)"

$(HTML_TARGETS): html-%: $(VENV)/.installed
	$(SPHINXBUILD) -b html -d $(BUILDDIR)/doctrees/$* -D language=$* source $(BUILDDIR)/html/$*

# The PDF editions: XeLaTeX with Noto CJK TC; fails on a LaTeX error, a Sphinx
# warning or a glyph missing from the fonts.  Also copied beside the HTML.
pdf: $(VENV)/.installed
	@scripts/ensure-tex
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(PDF_TARGETS)

$(PDF_TARGETS): pdf-%: $(VENV)/.installed
	BIN=$(abspath $(BIN)) BRIEFS_EDITION=$(BRIEFS_EDITION) BRIEFS_SITE_URL=$(BRIEFS_SITE_URL) scripts/build-pdf $* $(BUILDDIR)

# Every edition: each release tag (v*) and main (as latest), from its own git
# worktree, in every language, into $(BUILDDIR)/site/ (briefs versions).  Builds
# are kept in $(BUILDDIR)/editions/ by commit and settings: only what changed
# is built again.  VERSIONS_FORMATS=html skips the PDF editions.
VERSIONS_FORMATS ?= html,pdf
versions: $(VENV)/.installed
	@$(COMPILE_EXT)
	@$(if $(findstring pdf,$(VERSIONS_FORMATS)),scripts/ensure-tex)
	$(BIN)/briefs versions --formats $(VERSIONS_FORMATS) $(if $(BRIEFS_SITE_URL),--site-url $(BRIEFS_SITE_URL))

gettext: $(VENV)/.installed
	$(SPHINXBUILD) -t pdf -b gettext -d $(BUILDDIR)/doctrees/gettext source $(BUILDDIR)/gettext

# sphinx-intl's merge, written in one format: no location lines, no wrapping,
# the previous English of fuzzy entries (#| msgid); twice changes nothing.
intl: gettext
	$(BIN)/briefs intl --pot-dir $(BUILDDIR)/gettext $(addprefix --language ,$(TRANSLATED))

test: $(VENV)/.installed
	@$(COMPILE_EXT)
	@scripts/ensure-browser
	@scripts/ensure-axe
	@scripts/ensure-tex || echo "make test: the PDF tests will be skipped"
	$(BIN)/python -m pytest

# The newest end of the declared range: the newest releases pip resolves, no
# constraints, on Python >= 3.13 (found on PATH or through pyenv).
NEWEST_VENV   ?= .venv-newest
NEWEST_PYTHON ?= $(shell scripts/find-newest-python)

$(NEWEST_VENV)/.installed: pyproject.toml
	@test -n "$(NEWEST_PYTHON)" || { echo "make test-newest: no Python >= 3.13 on PATH or through pyenv" >&2; exit 1; }
	$(NEWEST_PYTHON) -m venv $(NEWEST_VENV)
	$(NEWEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(NEWEST_VENV)/bin/python -m pip install --quiet --upgrade -e '.[test]'
	touch $@

# Both languages built with the newest releases, into $(BUILDDIR)/newest/html/<lang>/.
$(NEWEST_HTML): BIN := $(NEWEST_VENV)/bin
$(NEWEST_HTML): newest-html-%: $(NEWEST_VENV)/.installed
	$(SPHINXBUILD) -b html -d $(BUILDDIR)/newest/doctrees/$* -D language=$* source $(BUILDDIR)/newest/html/$*

test-newest: $(NEWEST_VENV)/.installed
	@$(NEWEST_VENV)/bin/python -c 'import sphinx, myst_parser, docutils, furo, sys; \
	  print("newest:", "Python", sys.version.split()[0], "Sphinx", sphinx.__version__, "myst-parser", \
	        myst_parser.__version__, "docutils", docutils.__version__, "furo", furo.__version__)'
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(NEWEST_HTML)
	@scripts/ensure-browser
	@scripts/ensure-axe
	@scripts/ensure-tex || echo "make test-newest: the PDF tests will be skipped"
	$(NEWEST_VENV)/bin/python -m pytest

# A live preview of one language on http://127.0.0.1:$(SERVE_PORT)/, rebuilt as
# pages, catalogs, the glossary or the extension change: make serve LANGUAGE=zh_TW
# (LANGUAGE from the command line only: gettext's own LANGUAGE variable is not it).
SERVE_LANGUAGE := $(if $(filter command line,$(origin LANGUAGE)),$(LANGUAGE),en)
SERVE_PORT ?= 8000
$(VENV)/.serve-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,serve]'
	touch $@

serve: $(VENV)/.serve-installed
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port $(SERVE_PORT) --watch ext/briefs --watch locale \
	  --watch glossary.yaml -c . -D language=$(SERVE_LANGUAGE) $(SITEOPTS) \
	  -d $(BUILDDIR)/serve/doctrees/$(SERVE_LANGUAGE) source $(BUILDDIR)/serve/$(SERVE_LANGUAGE)

lint: $(VENV)/.installed
	$(BIN)/ruff check ext tests bench

# What a contributor runs before pushing: every page and catalog, no build
# (CHECK_SINCE=origin/main: what a pull request touches, and what cites it),
# and every catalog in the one format.
check: $(VENV)/.installed
	$(BIN)/briefs check $(if $(CHECK_SINCE),--changed-since $(CHECK_SINCE))
	$(BIN)/briefs format --check

# Catalogs in the one format, as make intl writes them (after a translator's editor wrapped them).
format: $(VENV)/.installed
	$(BIN)/briefs format

import: $(VENV)/.installed
	@test -n "$(FILES)" || { echo "usage: make import FILES='digest.txt ...'"; exit 2; }
	$(BIN)/briefs import $(FILES)

BENCH_SIZES ?= 100 1000 10000
bench: $(VENV)/.installed
	@$(COMPILE_EXT)
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES) --json $(BUILDDIR)/bench/results.json
	@scripts/ensure-browser
	$(BIN)/python bench/page_weight.py --json $(BUILDDIR)/bench/page-weight.json

bench-speedups: $(VENV)/.installed
	@$(COMPILE_EXT)
	$(BIN)/python bench/speedups.py --json $(BUILDDIR)/bench/speedups.json

bench-versions: $(VENV)/.installed
	@$(COMPILE_EXT)
	$(BIN)/python bench/versions.py --count $(or $(BENCH_COUNT),100) --json $(BUILDDIR)/bench/versions.json

bench-search: $(VENV)/.installed
	@$(COMPILE_EXT)
	@scripts/ensure-browser
	$(BIN)/python bench/search_scale.py --count $(or $(BENCH_COUNT),10000) --json $(BUILDDIR)/bench/search.json

bench-interrupted: $(VENV)/.installed
	@$(COMPILE_EXT)
	$(BIN)/python bench/interrupted.py --count $(or $(BENCH_COUNT),1000) --kill-at $(or $(KILL_AT),2 9 14) \
	  --json $(BUILDDIR)/bench/interrupted.json

bench-import: $(VENV)/.installed
	$(BIN)/python bench/import_speed.py --count 1000 --runs 5 --json $(BUILDDIR)/bench-import.json

clean:
	rm -rf $(BUILDDIR)
