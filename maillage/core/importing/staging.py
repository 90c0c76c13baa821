"""A file between its preview and its import: stored with its report for a day (ImportRun),
so that confirming does not upload it again."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.core.models import ImportRun, ImportStatus

from .pipeline import Importer, Report


def import_stage(*, importer: Importer, filename: str, data: bytes, owner) -> ImportRun:
    """The dry run of an uploaded file, stored with its report (the file itself only when it
    can be imported). Runs older than a day are deleted on the way."""
    ImportRun.objects.expired().delete()
    report = importer.run(data, filename=filename, commit=False)
    refused = bool(report.refusal)
    return ImportRun.objects.create(
        kind=importer.kind,
        scope_id=importer.scope.pk,
        owner=owner if getattr(owner, "is_authenticated", False) else None,
        filename=filename[:255],
        content=b"" if refused else data,
        size=len(data),
        status=ImportStatus.REFUSED if refused else ImportStatus.STAGED,
        report=report.as_dict(),
    )


@transaction.atomic
def import_commit(*, importer: Importer, run: ImportRun) -> Report:
    """Import a staged file, all or nothing: the file is read again (what exists may have
    changed since the preview) and written in one transaction; the file is then erased."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportStatus.STAGED:
        raise ValidationError("Ce fichier a déjà été importé ou refusé : déposez-le de nouveau.")
    report = importer.run(bytes(run.content), filename=run.filename, commit=True)
    run.report = report.as_dict()
    if report.committed:
        run.status = ImportStatus.COMMITTED
        run.committed_at = timezone.now()
        run.content = b""
    elif report.refusal:
        run.status = ImportStatus.REFUSED
        run.content = b""
    run.save()
    return report
