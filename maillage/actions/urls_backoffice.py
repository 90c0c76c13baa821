"""The back office of the inventory: under /mon-espace/actions/."""

backoffice_patterns: list = []
