"""Permissioned digital collectibles for banks."""
