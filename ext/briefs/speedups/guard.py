"""What every speedup declares, and the check that lets it in or keeps it out.

A :class:`Speedup` names the upstream versions it was verified on and the
signature of each function it replaces.  On any other version, or when a
target is missing or its signature changed, it is not applied, and one info
message says which speedup stepped aside and why.  :func:`replace` puts a
replacement in place once per process, so a second build in the same
process does not wrap a function twice.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from packaging.specifiers import SpecifierSet
from packaging.version import Version
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Speedup:
    """One speedup: what it replaces, on which upstream versions it was verified, how to apply it."""

    name: str
    #: Distribution -> the version ranges it was verified on (PEP 440 specifiers; any may match).
    verified: Mapping[str, tuple[str, ...]]
    #: ``module:qualified.name`` of each object it replaces or relies on -> its signature on
    #: each verified version (``None``: only that it exists).
    targets: Mapping[str, tuple[str, ...] | None]
    #: Puts the replacements in place (and connects any event it needs).
    apply: Callable[[Sphinx], None]
    #: The upstream report that would make it unnecessary (under docs/upstream/).
    report: str

    def refusal(self) -> str | None:
        """Why it must not be applied here, or None when every version and target is as verified."""
        for distribution, versions in self.verified.items():
            try:
                found = importlib.metadata.version(distribution)
            except importlib.metadata.PackageNotFoundError:
                return f"{distribution} is not installed"
            if not any(Version(found) in SpecifierSet(spec) for spec in versions):
                return f"verified on {distribution} {' or '.join(versions)}, found {found}"
        for target, expected in self.targets.items():
            try:
                found_object = resolve(target)
            except (ImportError, AttributeError):
                return f"{target} is missing"
            if expected is not None and signature_of(found_object) not in expected:
                return f"{target} has the signature {signature_of(found_object)}, not one it was verified on"
        return None

    def install(self, app: Sphinx) -> bool:
        """Apply it if :meth:`refusal` finds nothing; otherwise say once why not."""
        problem = self.refusal()
        if problem is not None:
            logger.info("briefs.speedups: %s steps aside: %s", self.name, problem)
            return False
        self.apply(app)
        logger.verbose("briefs.speedups: %s applied", self.name)
        return True


def resolve(target: str) -> Any:
    """The object ``module:qualified.name`` names."""
    module_name, _, qualified = target.partition(":")
    found: Any = importlib.import_module(module_name)
    for part in qualified.split("."):
        found = getattr(found, part)
    return found


def signature_of(target: Any) -> str:
    """The signature of an upstream function as it is written (replacements report their original's)."""
    original = inspect.unwrap(target)
    return str(inspect.signature(original, follow_wrapped=False))


def replace(owner: Any, name: str, make: Callable[[Any], Callable[..., Any]]) -> None:
    """Put ``make(original)`` in place of ``owner.name``, once per process."""
    original = getattr(owner, name)
    if getattr(original, "briefs_speedup", False):
        return
    replacement = functools.update_wrapper(make(original), original)  # keeps __doc__, sets __wrapped__
    replacement.briefs_speedup = True  # type: ignore[attr-defined]
    setattr(owner, name, replacement)
