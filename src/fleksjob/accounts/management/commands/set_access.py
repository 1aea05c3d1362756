from django.core.management.base import BaseCommand, CommandError

from fleksjob.accounts.access import KEEP, AccessError, change_user_access, describe
from fleksjob.accounts.models import Role, User

_YES_NO = {"yes": True, "no": False}


class Command(BaseCommand):
    help = (
        "Change a user's role, municipality, superuser, staff or active status as the operator "
        "at the command line (audited as 'cli'; the municipality's managers see the change)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.values)
        parser.add_argument("--municipality", metavar="CODE", help="3-digit code, or 'none'")
        for flag in ("superuser", "staff", "active"):
            parser.add_argument(f"--{flag}", choices=sorted(_YES_NO))

    def handle(self, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        municipality = options["municipality"]
        changes = {
            "role": options["role"] or KEEP,
            "municipality": KEEP
            if municipality is None
            else ("" if municipality == "none" else municipality),
            "is_superuser": _YES_NO.get(options["superuser"], KEEP),
            "is_staff": _YES_NO.get(options["staff"], KEEP),
            "is_active": _YES_NO.get(options["active"], KEEP),
        }
        try:
            change = change_user_access(None, user, channel="cli", actor="cli", **changes)
        except AccessError as exc:
            raise CommandError(str(exc)) from None
        if change is None:
            self.stdout.write(f"{username}: nothing changed")
        else:
            self.stdout.write(f"{username}: " + "; ".join(describe(change.before, change.after)))
