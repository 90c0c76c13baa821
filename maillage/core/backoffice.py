"""List, add, edit and delete pages for the rows one parent owns (a cooperation's news, its
testimonies), written once.

An app subclasses `ItemPages` once per kind of row: it says how to fetch the parent through
its gatekeeper, which rows to list, which services create, update and delete one, and its
words; the four views come from the class (`pages.list_view`…), the form and the delete
confirmation from the shared templates `backoffice/item_form.html` and
`backoffice/item_delete.html`, extended inside the app's own back-office layout.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from .actions import saved_on_form

SAVED = "Les modifications sont enregistrées."


class ItemPages:
    model = None
    form_class = None
    # The parent's back-office layout, the sub-navigation entry, the URL names.
    base_template = ""
    section = ""
    list_url = ""
    list_template = ""
    rows_name = "items"
    # Words of the pages.
    list_title = ""
    add_title = ""
    edit_title = ""
    delete_title = ""
    add_button = "Enregistrer"
    edit_button = "Enregistrer"
    delete_button = "Supprimer"
    back_label = "Retour à la liste"
    added_message = "C'est enregistré."
    # [(legend or None, [field names])]: the form's fields in groups; None lists them all.
    fieldsets = None

    # --- what each kind of row says ----------------------------------------------------------

    def parent(self, request, **kwargs):
        """The parent object through the app's gatekeeper (a 404 for anyone else)."""
        raise NotImplementedError

    def parent_context(self, parent) -> dict:
        raise NotImplementedError

    def parent_args(self, parent) -> list:
        raise NotImplementedError

    def rows(self, parent):
        raise NotImplementedError

    def item(self, parent, pk):
        return get_object_or_404(self.model, **{self.parent_field: parent}, pk=pk)

    parent_field = ""

    def create(self, *, actor, parent, form, request):
        raise NotImplementedError

    def update(self, *, actor, item, form, request):
        raise NotImplementedError

    def delete(self, *, actor, item):
        raise NotImplementedError

    def deleted_message(self, item) -> str:
        raise NotImplementedError

    def delete_question(self, item) -> str:
        raise NotImplementedError

    delete_consequence = ""

    # --- the four views and their routes -----------------------------------------------------

    def urls(self, route: str, *, list_name: str, item_name: str) -> list:
        """The four routes below `route` (ending in "/"): the list named `list_name`, then
        `<item_name>_add`, `<item_name>_edit` and `<item_name>_delete` (French paths)."""
        return [
            path(route, self.list_view, name=list_name),
            path(route + "ajouter/", self.add_view, name=f"{item_name}_add"),
            path(route + "<int:pk>/modifier/", self.edit_view, name=f"{item_name}_edit"),
            path(route + "<int:pk>/supprimer/", self.delete_view, name=f"{item_name}_delete"),
        ]

    def _render(self, request, parent, template, *, title, **context):
        return render(
            request,
            template,
            {
                **self.parent_context(parent),
                "section": self.section,
                "title": title,
                "base_template": self.base_template,
                **context,
            },
        )

    def _to_list(self, parent):
        return redirect(self.list_url, *self.parent_args(parent))

    def _form_page(self, request, parent, form, *, item):
        return self._render(
            request,
            parent,
            "backoffice/item_form.html",
            title=self.edit_title if item else self.add_title,
            form=form,
            item=item,
            groups=self._groups(form),
            submit_label=self.edit_button if item else self.add_button,
            back_href=reverse(self.list_url, args=self.parent_args(parent)),
            back_label=self.back_label,
        )

    def _groups(self, form):
        if self.fieldsets is None:
            return [{"legend": None, "fields": list(form.visible_fields())}]
        return [
            {"legend": legend, "fields": [form[name] for name in names]}
            for legend, names in self.fieldsets
        ]

    @property
    def list_view(self):
        @login_required
        @require_http_methods(["GET"])
        def view(request, **kwargs):
            parent = self.parent(request, **kwargs)
            return self._render(
                request,
                parent,
                self.list_template,
                title=self.list_title,
                **{self.rows_name: self.rows(parent)},
            )

        return view

    def _form_view(self, request, parent, item):
        form = self.form_class(request.POST or None, request.FILES or None, instance=item)
        if item is None:
            action = partial(self.create, parent=parent)
        else:
            action = partial(self.update, item=item)
        # The service runs on a valid POST; a refusal it explains goes back onto the form.
        if saved_on_form(
            request, form, partial(action, actor=request.user, form=form, request=request)
        ):
            messages.success(request, SAVED if item else self.added_message)
            return self._to_list(parent)
        return self._form_page(request, parent, form, item=item)

    def _form_route(self, *, edit: bool):
        @login_required
        @require_http_methods(["GET", "POST"])
        def view(request, pk=None, **kwargs):
            parent = self.parent(request, **kwargs)
            return self._form_view(request, parent, self.item(parent, pk) if edit else None)

        return view

    @property
    def add_view(self):
        return self._form_route(edit=False)

    @property
    def edit_view(self):
        return self._form_route(edit=True)

    @property
    def delete_view(self):
        @login_required
        @require_http_methods(["GET", "POST"])
        def view(request, pk, **kwargs):
            parent = self.parent(request, **kwargs)
            item = self.item(parent, pk)
            if request.method == "POST":
                self.delete(actor=request.user, item=item)
                messages.success(request, self.deleted_message(item))
                return self._to_list(parent)
            return self._render(
                request,
                parent,
                "backoffice/item_delete.html",
                title=self.delete_title,
                item=item,
                question=self.delete_question(item),
                consequence=self.delete_consequence,
                submit_label=self.delete_button,
                back_href=reverse(self.list_url, args=self.parent_args(parent)),
            )

        return view
