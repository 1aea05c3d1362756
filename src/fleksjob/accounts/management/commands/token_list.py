from django.core.management.base import BaseCommand, CommandError

from fleksjob.accounts.tokens import TokenError, tokens_of


class Command(BaseCommand):
    help = "List a user's API tokens: prefix, name, created, last used, revoked."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            tokens = tokens_of(username)
        except TokenError as exc:
            raise CommandError(str(exc)) from None
        if not tokens:
            self.stdout.write(f"{username} has no API tokens")
        for t in tokens:
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never used"
            revoked = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "active"
            self.stdout.write(
                f"{t.prefix}…\t{t.name or '-'}\tcreated {t.created_at:%Y-%m-%d}\t{used}\t{revoked}"
            )
