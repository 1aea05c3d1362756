from django.core.management.base import BaseCommand, CommandError

from fleksjob.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create an API token for a user. The token is shown once, on the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="")

    def handle(self, username, name, **options):
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"no active user named {username!r}") from None
        token, raw = ApiToken.issue(user, name=name)
        self.stderr.write(
            f"Token {token.prefix}… created for {username}; it cannot be shown again."
        )
        self.stdout.write(raw)
