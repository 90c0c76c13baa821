"""Optimistic versions on the forms side: a form of a `VersionedModel` carries, in a hidden
field, the version it was shown with; the view hands it to the service, whose
`audited_update(..., version=...)` refuses a stale save (`StaleVersion`).

    form = OrganisationForm(request.POST or None, instance=organisation)
    ...
    try:
        services.organisation_update(..., version=form.started_version())
    except StaleVersion as error:
        form.refuse_stale(error)   # the message, and what the person typed, stay on the page
"""

from django import forms

from .audit import StaleVersion

VERSION_FIELD = "version"


class VersionedFormMixin:
    """For a ModelForm of a `VersionedModel` (put it before the ModelForm)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput,
            min_value=1,
            # A post without it (a script, an old page) is not checked.
            required=False,
            initial=self.instance.version if self.instance.pk else None,
        )

    def started_version(self) -> int | None:
        return self.cleaned_data.get(VERSION_FIELD)

    def refuse_stale(self, error: StaleVersion) -> None:
        """Show the refusal above the form and carry the current version: saving again, after
        a look at what changed, is a deliberate choice."""
        self.add_error(None, error)
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = str(error.current_version)
