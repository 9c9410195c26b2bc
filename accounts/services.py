from django.db import transaction


@transaction.atomic
def delete_account(*, user):
    """Remove the person and everything about them; their certificates stop verifying."""
    user.delete()
