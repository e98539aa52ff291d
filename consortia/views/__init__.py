"""Thin views grouped by flow: dashboard, wizard, eligibility panel, directory."""
