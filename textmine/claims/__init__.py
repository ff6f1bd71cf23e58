"""Narrative claims: counted facts stated in the prose (SPEC §3)."""

from textmine.claims.extract import extract_claims

__all__ = ["extract_claims"]
