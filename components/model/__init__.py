"""The data contract and the loader: `load_model()` reads and validates data/ into typed frames (imports paths only)."""

from components.model.load import Model, load_model
from components.model.schema import DataValidationError, Problem

__all__ = ["DataValidationError", "Model", "Problem", "load_model"]
