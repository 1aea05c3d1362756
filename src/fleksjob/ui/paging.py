from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None, *, param: str = "page") -> dict:
    """Page of a queryset (or list) plus the query string without its page parameter (for links
    that keep filters and the other lists' pages). ``param`` names the page's query parameter,
    so a page with several paged lists pages each on its own; ``pagination.html`` reads it."""
    paginator = Paginator(queryset, per_page or settings.FLEKSJOB["PAGE_SIZE"])
    page = paginator.get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    encoded = query.urlencode()
    return {
        "page_obj": page,
        "query_without_page": f"{encoded}&" if encoded else "",
        "page_param": param,
    }
