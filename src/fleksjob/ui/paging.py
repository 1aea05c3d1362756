from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None) -> dict:
    """Page of a queryset plus the query string without ``page`` (for links that keep filters)."""
    paginator = Paginator(queryset, per_page or settings.FLEKSJOB["PAGE_SIZE"])
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return {"page_obj": page, "query_without_page": f"{encoded}&" if encoded else ""}
