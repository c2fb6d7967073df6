# Briefs: build the collection in every language, test it, maintain catalogs.
# `make html` and `make test` are all a fresh clone needs.

PYTHON     ?= python3
VENV       ?= .venv
BIN        := $(VENV)/bin
BUILDDIR   ?= _build
LANGUAGES  := en zh_TW
TRANSLATED := $(filter-out en,$(LANGUAGES))
# The published build: every warning is an error, but all of them are shown.
SPHINXOPTS ?= -W --keep-going
SPHINXBUILD = $(BIN)/sphinx-build -c . $(SPHINXOPTS)

HTML_TARGETS := $(addprefix html-,$(LANGUAGES))
PDF_TARGETS  := $(addprefix pdf-,$(LANGUAGES))

.PHONY: help html $(HTML_TARGETS) pdf $(PDF_TARGETS) gettext intl test import bench bench-import clean

help:
	@echo "make html     build every language into $(BUILDDIR)/html/<lang>/ (sets up $(VENV) first)"
	@echo "make pdf      build the PDF editions into $(BUILDDIR)/pdf/<lang>/briefs-<lang>.pdf (installs TeX Live as root)"
	@echo "make test     run the test suite"
	@echo "make bench    build-time benchmark (N=100 1000 10000; BENCH_SIZES='1000' to choose)"
	@echo "make gettext  extract messages into $(BUILDDIR)/gettext/*.pot"
	@echo "make intl     update locale/<lang>/LC_MESSAGES/*.po from the .pot files"
	@echo "make import FILES='a.txt b.txt'   import digests (briefs import)"
	@echo "make bench-import                  digests imported per second"
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
	BIN=$(abspath $(BIN)) scripts/build-pdf $* $(BUILDDIR)

gettext: $(VENV)/.installed
	$(SPHINXBUILD) -t pdf -b gettext -d $(BUILDDIR)/doctrees/gettext source $(BUILDDIR)/gettext

intl: gettext
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -d locale $(addprefix -l ,$(TRANSLATED))

test: $(VENV)/.installed
	@$(COMPILE_EXT)
	@scripts/ensure-browser
	@scripts/ensure-tex || echo "make test: the PDF tests will be skipped"
	$(BIN)/python -m pytest

import: $(VENV)/.installed
	@test -n "$(FILES)" || { echo "usage: make import FILES='digest.txt ...'"; exit 2; }
	$(BIN)/briefs import $(FILES)

BENCH_SIZES ?= 100 1000 10000
bench: $(VENV)/.installed
	@$(COMPILE_EXT)
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES) --json $(BUILDDIR)/bench/results.json

bench-import: $(VENV)/.installed
	$(BIN)/python bench/import_speed.py --count 1000 --runs 5 --json $(BUILDDIR)/bench-import.json

clean:
	rm -rf $(BUILDDIR)
