"""The name of a model's permission, asked by the access lookups and the views alike."""


def permission(model, action):
    """The permission a role needs to `action` (add, change, view …) records of `model`:
    permission(Activity, "change") is "activities.change_activity"."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"
