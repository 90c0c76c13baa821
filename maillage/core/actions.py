"""A view runs a service that may refuse (a `ValidationError` in French): the refusal goes to
the person, as messages on the next page or as errors on the form, and the view learns whether
the action went through.

    if said_done(request, lambda: services.thing_remove(...), done="La chose est retirée."):
        ...
    if saved_on_form(request, form, lambda: services.thing_add(...), field="code"):
        return redirect(...)
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError


def said_done(request, action: Callable[[], object], *, done: str) -> bool:
    """Run `action`; say `done` as a success message, or each refusal as an error message."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, done)
    return True


def saved_on_form(request, form, action: Callable[[], object], *, field: str | None = None) -> bool:
    """On a POST of a valid `form`, run `action`; a refusal becomes an error of the form (of
    `field`, or of the whole form). True when the action went through."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action()
    except ValidationError as error:
        form.add_error(field, error)
        return False
    return True
