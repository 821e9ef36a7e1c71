import pytest
from django.contrib.auth.models import Group

from accounts.models import Role


@pytest.fixture
def leader_client(client, django_user_model):
    """A client logged in as a leader: reads everything, changes nothing."""
    user = django_user_model.objects.create_user("leader", password="pw-leader-1")
    user.groups.add(Group.objects.get(name=Role.LEADER))
    client.force_login(user)
    return client
