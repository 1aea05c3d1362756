from django.core.management.base import BaseCommand, CommandError

from fleksjob.accounts.actions import reset_two_factor
from fleksjob.accounts.models import User


class Command(BaseCommand):
    help = (
        "Remove a user's two-factor devices (authenticator app and backup codes), e.g. after a "
        "lost phone. The user then logs in with the password and can enrol again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"no user named {username!r}") from None
        removed = reset_two_factor(user, channel="cli")
        self.stdout.write(f"Removed {removed} two-factor device(s) of {username}.")
