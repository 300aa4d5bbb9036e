"""Seed 001's method description and action plan: their Qt models and widgets."""
