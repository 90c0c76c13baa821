"""History lines written before the one scheme of action names, `<app>.<noun>.<verb>`."""

from django.db import migrations

RENAMED = {
    "cooperation.create": "cooperations.cooperation.create",
    "cooperation.update": "cooperations.cooperation.update",
    "cooperation.aims": "cooperations.cooperationaim.update",
    "territory.add": "cooperations.territory.add",
    "territory.remove": "cooperations.territory.remove",
    "objective.create": "cooperations.objective.create",
    "objective.update": "cooperations.objective.update",
    "objective.delete": "cooperations.objective.delete",
    "news.create": "cooperations.newsitem.create",
    "news.update": "cooperations.newsitem.update",
    "news.delete": "cooperations.newsitem.delete",
    "testimony.create": "cooperations.testimony.create",
    "testimony.update": "cooperations.testimony.update",
    "testimony.delete": "cooperations.testimony.delete",
    "membership.add": "cooperations.membership.create",
    "membership.update": "cooperations.membership.update",
    "membership.remove": "cooperations.membership.delete",
    "animator.invite": "cooperations.animator.invite",
    "animator.invitation_revoke": "accounts.invitation.revoke",
    "animator.add": "cooperations.animator.create",
    "organisation_updated": "organisations.organisation.update",
    "charter_requested": "organisations.chartersignature.request",
    "charter_validated": "organisations.chartersignature.validate",
    "charter_refused": "organisations.chartersignature.refuse",
    "charter_withdrawn": "organisations.chartersignature.withdraw",
    "referent_added": "organisations.affiliation.referent_grant",
}


def rename(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    for old, new in RENAMED.items():
        AuditEntry.objects.filter(action=old).update(action=new)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_source_and_version")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
