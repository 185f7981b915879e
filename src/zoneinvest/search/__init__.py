"""Bilingual full-text search over companies, projects, policies and stories."""
