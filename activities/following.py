"""Records that follow another record: a kind's records kept in step by an app built on
the work (a suggestion's mirrored `Output`), which this app may not import.

An app says which records of one of our kinds follow one of its own with `follows(model,
condition, leader)` (through `review_kinds.follows`, from its AppConfig.ready()):
`condition` (a Q or an Exists) picks them out, `leader` is the name of the one-to-one
accessor from such a record to the record it follows. The one rule: a record that follows
another is changed only through what it follows — `editable_by` leaves it out (its edit
page is not found), the ledger import refuses a row that would change it, and its list
links to what it follows instead (`review_kinds.leader_pages`). This module imports no
model, so the querysets of models.py can ask it."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import ObjectDoesNotExist


@dataclass(frozen=True)
class Follow:
    condition: object  # a Q or an Exists on the following record
    leader: str  # the accessor from the following record to the one it follows


REGISTRY = {}  # model → [Follow]


def follows(model, condition, leader):
    """The records of `model` matching `condition` follow the record at `leader`."""
    rules = REGISTRY.setdefault(model, [])
    if all(rule.condition != condition for rule in rules):
        rules.append(Follow(condition, leader))


def conditions(model):
    """The conditions that pick out `model`'s following records (none: an empty list)."""
    return [rule.condition for rule in REGISTRY.get(model, [])]


def condition(model):
    """One condition matching any following record of `model`, or None when none may."""
    found = conditions(model)
    return reduce(or_, found) if found else None


def leaders(model):
    """The accessors from a record of `model` to the records it may follow."""
    return [rule.leader for rule in REGISTRY.get(model, [])]


def leader_of(record):
    """The record `record` follows, or None (its accessor cached by select_related)."""
    for accessor in leaders(type(record)):
        try:
            leader = getattr(record, accessor)
        except ObjectDoesNotExist:
            continue
        if leader is not None:
            return leader
    return None
