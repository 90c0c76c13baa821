"""A sample spreadsheet of a cooperation's inventory, importable as is (make_sample.py)."""
