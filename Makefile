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

.PHONY: help html $(HTML_TARGETS) gettext intl test import bench-import clean

help:
	@echo "make html     build every language into $(BUILDDIR)/html/<lang>/ (sets up $(VENV) first)"
	@echo "make test     run the test suite"
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
	touch $@

# The languages are built side by side, one process each (2 cores).
html: $(VENV)/.installed
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(HTML_TARGETS)
	@echo "HTML: $(BUILDDIR)/html/index.html (language chooser), $(foreach l,$(LANGUAGES),$(BUILDDIR)/html/$(l)/)"

$(HTML_TARGETS): html-%: $(VENV)/.installed
	$(SPHINXBUILD) -b html -d $(BUILDDIR)/doctrees/$* -D language=$* source $(BUILDDIR)/html/$*

gettext: $(VENV)/.installed
	$(SPHINXBUILD) -t pdf -b gettext -d $(BUILDDIR)/doctrees/gettext source $(BUILDDIR)/gettext

intl: gettext
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -d locale $(addprefix -l ,$(TRANSLATED))

test: $(VENV)/.installed
	@scripts/ensure-browser
	$(BIN)/python -m pytest

import: $(VENV)/.installed
	@test -n "$(FILES)" || { echo "usage: make import FILES='digest.txt ...'"; exit 2; }
	$(BIN)/briefs import $(FILES)

bench-import: $(VENV)/.installed
	$(BIN)/python bench/import_speed.py --count 1000 --runs 5 --json $(BUILDDIR)/bench-import.json

clean:
	rm -rf $(BUILDDIR)
