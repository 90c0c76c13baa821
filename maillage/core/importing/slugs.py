"""Unique address slugs for rows created in bulk: one query per batch, whatever its size."""

import secrets

from django.utils.text import slugify

TRIES = 3


def unique_slugs(model, names: list[tuple[str, str]], *, max_length: int = 200) -> list[str]:
    """A free slug for each (name, hint): the name's, then with the hint ("…-plerin"), then
    numbered, checked against the table and against each other in one query."""
    bases = []
    for name, hint in names:
        base = slugify(name)[:max_length].strip("-") or model._meta.model_name
        with_hint = f"{base}-{slugify(hint)}"[: max_length + 20] if hint else ""
        candidates = [base, *([with_hint] if with_hint else [])]
        candidates += [f"{base}-{n}" for n in range(2, TRIES + 2)]
        bases.append(candidates)
    wanted = {slug for candidates in bases for slug in candidates}
    taken = set(model.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    chosen = []
    for candidates in bases:
        slug = next((s for s in candidates if s not in taken), "")
        if not slug:
            slug = f"{candidates[0][:max_length]}-{secrets.token_hex(3)}"
        taken.add(slug)
        chosen.append(slug)
    return chosen
