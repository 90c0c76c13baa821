"""The pages of an import, written once for every app: upload → preview (the per-line
report, the rows the import will create beside its own) → import, plus the downloadable
template and the French column guide.

An app subclasses `ImportPages` once per importer, says how to fetch the scope through its
gatekeeper and which layout to extend, and adds `pages.urls(route, namespace=, name=)` to its
routes: `<name>` (upload), `<name>_preview`, `<name>_template` and `<name>_guide`.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.exports import FORMATS, spreadsheet_response
from maillage.core.forms import Form
from maillage.core.models import ImportRun, ImportStatus
from maillage.core.paging import page_of

from .limits import current_limits, megabytes, thousands
from .pipeline import Importer, Report
from .staging import import_commit, import_stage

PROBLEMS_PER_PAGE = 100
ACCEPT = ",".join(
    (
        ".csv",
        ".xlsx",
        ".ods",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.spreadsheet",
    )
)


class UploadForm(Form):
    file = forms.FileField(
        label="Fichier à importer",
        help_text="Un tableau CSV, XLSX (Excel) ou ODS (LibreOffice) ; seule la première "
        "feuille est lue.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": "Choisissez le fichier à importer.",
            "empty": "Le fichier est vide : il ne contient aucune ligne.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = current_limits().max_bytes
        if upload.size > limit:
            raise ValidationError(
                f"Le fichier pèse {megabytes(upload.size)} : la limite est de "
                f"{megabytes(limit)}. Découpez-le en plusieurs fichiers."
            )
        return upload


class ImportPages:
    importer_class: type[Importer] = Importer
    base_template = ""
    section = ""
    # Where the imported rows are listed, and its words.
    done_label = ""

    namespace = ""
    name = ""

    # --- what each import says ---------------------------------------------------------------

    def scope(self, request, **kwargs):
        """The object imported into, through the app's gatekeeper (a 404 for anyone else)."""
        raise NotImplementedError

    def scope_context(self, scope) -> dict:
        raise NotImplementedError

    def scope_args(self, scope) -> list:
        raise NotImplementedError

    def done_url(self, scope) -> str:
        raise NotImplementedError

    def importer(self, request, scope) -> Importer:
        return self.importer_class(scope=scope, actor=request.user)

    # --- routes ------------------------------------------------------------------------------

    def urls(self, route: str, *, namespace: str, name: str) -> list:
        self.namespace, self.name = namespace, name
        return [
            path(route, self.upload_view, name=name),
            path(route + "<int:run>/", self.preview_view, name=f"{name}_preview"),
            path(route + "modele.<str:extension>", self.template_view, name=f"{name}_template"),
            path(route + "guide/", self.guide_view, name=f"{name}_guide"),
        ]

    def _url(self, suffix: str, scope, *args) -> str:
        name = f"{self.namespace}:{self.name}{suffix}"
        return reverse(name, args=[*self.scope_args(scope), *args])

    def _render(self, request, scope, template, *, title, **context):
        importer = self.importer(request, scope)
        return render(
            request,
            template,
            {
                **self.scope_context(scope),
                "section": self.section,
                "title": title,
                "base_template": self.base_template,
                "importer": importer,
                "upload_url": self._url("", scope),
                "guide_url": self._url("_guide", scope),
                "template_csv_url": self._url("_template", scope, "csv"),
                "template_xlsx_url": self._url("_template", scope, "xlsx"),
                "done_url": self.done_url(scope),
                "done_label": self.done_label,
                "limits": _limits_shown(),
                **context,
            },
        )

    # --- the views ---------------------------------------------------------------------------

    @property
    def upload_view(self):
        @login_required
        @require_http_methods(["GET", "POST"])
        def view(request, **kwargs):
            scope = self.scope(request, **kwargs)
            form = UploadForm(request.POST or None, request.FILES or None)
            if request.method == "POST" and form.is_valid():
                upload = form.cleaned_data["file"]
                run = import_stage(
                    importer=self.importer(request, scope),
                    filename=upload.name,
                    data=upload.read(),
                    owner=request.user,
                )
                return redirect(self._url("_preview", scope, run.pk))
            importer = self.importer(request, scope)
            return self._render(
                request, scope, "core/importing/upload.html", title=importer.title, form=form
            )

        return view

    def _run(self, scope, pk) -> ImportRun:
        return get_object_or_404(
            ImportRun.objects.live(), pk=pk, kind=self.importer_class.kind, scope_id=scope.pk
        )

    @property
    def preview_view(self):
        @login_required
        @require_http_methods(["GET", "POST"])
        def view(request, run, **kwargs):
            scope = self.scope(request, **kwargs)
            import_run = self._run(scope, run)
            if request.method == "POST":
                try:
                    report = import_commit(importer=self.importer(request, scope), run=import_run)
                except ValidationError as error:
                    for message in error.messages:
                        messages.error(request, message)
                else:
                    if report.committed:
                        messages.success(request, _done_message(report, self.importer_class))
                    else:
                        messages.error(
                            request, "Le fichier n'a pas pu être importé : rien n'a changé."
                        )
                return redirect(self._url("_preview", scope, import_run.pk))
            report = Report.from_dict(import_run.report)
            importer = self.importer(request, scope)
            return self._render(
                request,
                scope,
                "core/importing/preview.html",
                title=(
                    f"Résultat de l'import — {importer.title}"
                    if import_run.status == ImportStatus.COMMITTED
                    else f"Vérifier avant d'importer — {importer.title}"
                ),
                run=import_run,
                report=report,
                problems=page_of(request, report.problems, PROBLEMS_PER_PAGE),
                staged=import_run.status == ImportStatus.STAGED,
                preview_url=self._url("_preview", scope, import_run.pk),
            )

        return view

    @property
    def template_view(self):
        @login_required
        @require_GET
        def view(request, extension, **kwargs):
            scope = self.scope(request, **kwargs)
            if extension not in FORMATS:
                raise Http404
            importer = self.importer(request, scope)
            return spreadsheet_response(
                importer.example_rows(),
                headers=[column.label for column in importer.columns],
                filename=f"modèle {importer.template_name}",
                fmt=extension,
                sheet_title="À importer",
            )

        return view

    @property
    def guide_view(self):
        @login_required
        @require_GET
        def view(request, **kwargs):
            scope = self.scope(request, **kwargs)
            importer = self.importer(request, scope)
            return self._render(
                request,
                scope,
                "core/importing/guide.html",
                title=f"Guide des colonnes — {importer.title}",
            )

        return view


def _limits_shown() -> dict:
    limits = current_limits()
    return {
        "size": megabytes(limits.max_bytes),
        "rows": thousands(limits.max_rows),
        "unpacked": megabytes(limits.max_unpacked_bytes),
        "entries": limits.max_entries,
    }


def _done_message(report: Report, importer_class) -> str:
    return f"Import terminé : {report.summary}."
