"""Matching typed claim data against extracted fields: names, digits, dates, rules, verdict."""
