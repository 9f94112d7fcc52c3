"""The unit registry: stable ids for units across years, their names over time, mergers and renames."""

from tthc_analysis.registry.load import find_registry, load_registry
from tthc_analysis.registry.model import REGISTRY_FILE, NameSpan, Registry, UnitRecord, unit_key

__all__ = ["REGISTRY_FILE", "NameSpan", "Registry", "UnitRecord", "find_registry", "load_registry", "unit_key"]
