"""Every tunable number of the matching engine, in one place.

The score of a feasible citizen–position pair is a weighted sum of factors, each in [0, 1]; the
weights sum to 1, so the score is in [0, 1] too. The assignment maximises the total of
``weight = 1 + score + priority``: the constant makes every placement count, the score prefers good
fits and the priority (in [0, PRIORITY_MAX]) lifts citizens who have waited long on
ledighedsydelse, so the hardest to place are not always left over (DESIGN.md, settled details).
"""

from __future__ import annotations

EARTH_RADIUS_KM = 6371.0  # the issue fixes the haversine radius

# Weights of the score's factors (sum 1).
WEIGHTS: dict[str, float] = {
    "occupation": 0.20,  # DISCO/ISCO-08 code of the position among the citizen's occupations
    # Job crafting: the share of the competences the position's tasks need that the citizen
    # has. A position without tasks (or whose tasks need none) takes the occupation factor's
    # value here, so its score is what it was when occupation weighed 0.30.
    "competences": 0.10,
    "text": 0.25,  # competence text against the position text (Danish-aware lexical cosine)
    "sector": 0.10,  # the position's sector is among the citizen's wished sectors
    "hours": 0.15,  # the position uses the citizen's hours capacity (and room to grow)
    "distance": 0.12,  # short commute (remote positions count as no commute)
    "employer": 0.08,  # the employer has hired in fleksjob before
}
FACTORS: tuple[str, ...] = tuple(WEIGHTS)

# Partial credit for occupation codes sharing a 4-, 3-, 2-, 1-digit group (index = digits shared).
OCCUPATION_CREDIT: tuple[float, ...] = (0.0, 0.1, 0.3, 0.6, 1.0)

# Sector factor when the citizen has wished no sector: neither for nor against.
SECTOR_NO_WISH = 0.5

# Hours: "use" is the share of the citizen's maximum hours the position can take. A progression
# goal also values room to grow: position hours above the citizen's current maximum, saturating
# at GROWTH_HOURS extra hours a week.
GROWTH_HOURS = 5.0
PROGRESSION_GROWTH_SHARE = 0.3  # hours factor = 0.7 · use + 0.3 · growth for progression

# Employer history: 1 − exp(−hires / EMPLOYER_HIRES_SCALE); 0 hires → 0, 3 hires → 0.63.
EMPLOYER_HIRES_SCALE = 3.0

# Priority rises linearly with weeks on ledighedsydelse up to PRIORITY_FULL_WEEKS.
PRIORITY_MAX = 0.5
PRIORITY_FULL_WEEKS = 104.0

# Waiting-time groups (weeks, lower bounds) for the placement statistics.
WAITING_GROUPS: tuple[tuple[str, float], ...] = (
    ("0-25 uger", 0.0),
    ("26-51 uger", 26.0),
    ("52-103 uger", 52.0),
    ("104+ uger", 104.0),
)

# Exposure cap: a position appears in at most max(EXPOSURE_MIN, EXPOSURE_PER_OPENING · openings)
# citizens' recommendation lists, so no position is pushed to everyone.
EXPOSURE_MIN = 20
EXPOSURE_PER_OPENING = 20
# Recommendation lists are filled from each citizen's best CANDIDATE_POOL_FACTOR · k positions.
CANDIDATE_POOL_FACTOR = 3

# The assignment sees each citizen's top max(k, EDGES_PER_CANDIDATE) feasible positions.
EDGES_PER_CANDIDATE = 20

# Integer costs for the min-cost flow: weight · COST_SCALE, rounded. Each placed edge is off by at
# most 0.5 / COST_SCALE and weighs at least 1, so the relative loss is below 1 / COST_SCALE.
COST_SCALE = 1_000_000

# Text features: stems plus character n-grams of each word (padded with '<' and '>'), so a
# compound such as "rengøringsassistent" shares most n-grams with "rengøring".
NGRAM_SIZES: tuple[int, ...] = (3, 4, 5)
MIN_WORD_LENGTH = 2

# Batch scoring ranks on a low-dimensional projection of the text vectors first, then computes
# exact cosines for the best TEXT_EXACT_FACTOR · k pairs and for every other pair whose error
# bound could still lift it into the top k; the result is the exact top k (see index.py).
TEXT_BASIS_DIMENSIONS = 64
TEXT_BASIS_SAMPLE = 2000
TEXT_EXACT_FACTOR = 2

# Geography: positions are bucketed on a latitude/longitude grid of this cell size (degrees).
GRID_LAT_DEG = 0.1
GRID_LON_DEG = 0.15
