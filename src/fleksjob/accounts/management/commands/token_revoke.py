from django.core.management.base import BaseCommand, CommandError

from fleksjob.accounts.tokens import TokenError, revoke_token


class Command(BaseCommand):
    help = "Revoke a user's API token, named by its first 8 characters (as `token list` shows)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("prefix")

    def handle(self, username, prefix, **options):
        try:
            token = revoke_token(username, prefix)
        except TokenError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Token {token.prefix}… of {username} is revoked.")
