"""Named limits of the records (docs/record-specs.md): each number written once, here.

The record specs (``citizen``, ``employer``, ``position``) take their ranges from these; the
forms, the API, the import, the model constraints and the synthetic generator take them from the
specs or from here, so a limit changed here changes everywhere at once.
"""

from __future__ import annotations

from decimal import Decimal

# Full time in Denmark: 37 hours a week. No fleksjob, capacity, goal or follow-up step goes
# beyond it, and the wage ceiling (lønloft) is the full-time wage.
FULL_TIME_HOURS = 37
MAX_WEEKLY_HOURS = FULL_TIME_HOURS
# Weekly hours are kept to one decimal (half hours in practice).
HOURS_PLACES = 1
HOURS_STEP = Decimal("0.1")
# The smallest weekly hours of an employment or a follow-up step.
MIN_EMPLOYMENT_HOURS = Decimal("0.5")

# A citizen's commute: at most this many km, this many unless told.
MAX_COMMUTE_KM = 300
DEFAULT_COMMUTE_KM = 25

# Openings of one position.
MIN_OPENINGS, MAX_OPENINGS = 1, 999

# Approximate locations lie in Denmark's bounding box (WGS84).
LAT_MIN, LAT_MAX = 54.5, 57.8
LON_MIN, LON_MAX = 8.0, 15.2

# Lengths of text fields.
NAME_MAX = 100  # a citizen's first or last name
TITLE_MAX = 200  # an employer's name, a position's title
STREET_MAX = 200  # an employer's street and house number
POSTCODE_LENGTH = 4  # a Danish postcode: 4 digits
CITY_MAX = 100  # an employer's postal district
FREE_TEXT_MAX = 5000  # skills, notes on needs, a position's tasks
MAX_OCCUPATIONS = 20  # DISCO-08 codes on one citizen
TASK_TEXT_MAX = 500  # one task of a position, in a sentence or two
# Tasks of one position (job crafting): at most this many; their hours together at most a full
# week (MAX_WEEKLY_HOURS). The best-subset search is exact and linear in the tasks.
MAX_TASKS = 30
# Keys in one list (skånehensyn, sectors, task types) an API body may send.
MAX_KEYS = 30
