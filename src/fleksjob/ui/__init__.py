"""The UI kit the apps present with: base template, design-system forms, labels, charts, paging,
the response-header and request-size middleware, and the static files."""
