"""Keep the full-text index of actions in step with every save, delete and change of carriers
or kinds (ADR 016). Bulk writes bypass signals: they call `search.reindex_actions` themselves."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from maillage.organisations.models import Organisation

from .models import Action
from .search import reindex_actions, unindex_actions


@receiver(post_save, sender=Action, dispatch_uid="actions_index_save")
def _action_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_actions([instance.pk])


@receiver(post_delete, sender=Action, dispatch_uid="actions_index_delete")
def _action_deleted(sender, instance, **kwargs):
    unindex_actions([instance.pk])


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action == "pre_clear":
        # An organisation's or a kind's actions all unlinked: remember which, to reindex them.
        instance._actions_unlinked = list(instance.actions.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            reindex_actions([instance.pk])
        elif action == "post_clear":
            reindex_actions(getattr(instance, "_actions_unlinked", []))
        else:
            reindex_actions(pk_set or [])


m2m_changed.connect(
    _links_changed, sender=Action.organisations.through, dispatch_uid="actions_index_orgs"
)
m2m_changed.connect(_links_changed, sender=Action.kinds.through, dispatch_uid="actions_index_kinds")


@receiver(post_save, sender=Organisation, dispatch_uid="actions_index_organisation")
def _organisation_saved(sender, instance, raw=False, created=False, **kwargs):
    """An organisation's name is searched with its actions."""
    if not raw and not created:
        reindex_actions(instance.actions.values_list("pk", flat=True))
