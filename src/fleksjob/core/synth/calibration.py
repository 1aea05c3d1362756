"""Every calibration figure of synthetic Denmark, each with where it comes from.

Sources are marked in the comment after each figure:
  [issue]   the synthetic-Denmark issue text;
  [design]  docs/design.md;
  [law]     Danish legislation as commonly published (borger.dk, retsinformation.dk);
  [public]  a public statistic (Jobindsats, STAR, Danmarks Statistik), approximate and from memory,
            good for the shape of the data, never to be cited as an official figure;
  [assumption] our own modelling choice, tuned so the targets of the issue are met.
docs/synthetic-denmark.md repeats these with the measured results.
"""

from __future__ import annotations

import datetime as dt

from fleksjob.core.records.limits import FULL_TIME_HOURS

# ---------------------------------------------------------------------------------------------
# Size and headline targets
# ---------------------------------------------------------------------------------------------

# Active (not ended) approved citizens on ``today`` at national scale.  [issue], [design]
ACTIVE_CITIZENS_NATIONAL = 100_000
# Scale factors on the national figures: tiny ≈ 1,000, municipality ≈ 10,000 active
# citizens.  [issue]
SCALE_FACTORS: dict[str, float] = {"tiny": 0.01, "municipality": 0.1, "national": 1.0}
# Share of active cases that are approved-unemployed (visiteret ledig) today.  [issue] ≈ 15 %;
# [design] 15,000–20,000 of 100,000 on ledighedsydelse.
UNEMPLOYED_SHARE_TARGET = 0.15
# Citizens in a fleksjob on 1 January 2005.  [issue]
IN_FLEKSJOB_2005 = 40_000
# Approved-unemployed on 1 January 2005.  [public] Jobindsats counted roughly 8,000–10,000 on
# ledighedsydelse in the mid-2000s (full-time equivalents); we take 9,000.
UNEMPLOYED_2005 = 9_000
# Paused cases on 1 January 2005.  [assumption]
PAUSED_2005 = 500

# ---------------------------------------------------------------------------------------------
# Calendar and law
# ---------------------------------------------------------------------------------------------

HISTORY_START = dt.date(2005, 1, 1)  # [issue] history from 2005
# The size and unemployment targets hold for today; a ``today`` before this date is calibrated as
# of this date, so the history up to an early ``today`` is the same kind of history.  [assumption]
CALIBRATION_FLOOR = dt.date(2020, 1, 1)
SCHEME_START = dt.date(1998, 7, 1)  # [law] fleksjob introduced 1 July 1998 (earliest visitation)
REFORM_2013 = dt.date(2013, 1, 1)  # [law], [design] fleksjobs started before 2013: old scheme
TEMPORARY_YEARS = 5  # [law] after 2013 the first fleksjob is temporary for five years
REVIEW_MONTHS = 54  # [law], [design] the revurdering 4½ years into the first fleksjob
# Folkepension age by birth date (half-open ranges; reform of 2006/2011).  [law]
STATE_PENSION_AGE: tuple[tuple[dt.date, float], ...] = (
    (dt.date(1954, 1, 1), 65.0),  # born before 1 January 1954
    (dt.date(1954, 7, 1), 65.5),
    (dt.date(1955, 1, 1), 66.0),
    (dt.date(1955, 7, 1), 66.5),
    (dt.date(1963, 1, 1), 67.0),  # born 1 July 1955 – 31 December 1962
    (dt.date(1967, 1, 1), 68.0),  # born 1963–1966 (from 2030)
    (dt.date(9999, 1, 1), 69.0),  # born 1967 or later (from 2035; later steps do not matter here)
)
MIN_AGE_AT_VISITATION = 20  # [assumption] (the law allows 18; hardly anyone is visited so young)

# ---------------------------------------------------------------------------------------------
# Inflow of new visitations and the people visited
# ---------------------------------------------------------------------------------------------

# Relative number of new visitations per calendar year (scaled by the calibration to hit the
# active-citizen target).  [assumption] shaped on [public] Jobindsats: many visitations before
# the 2013 reform, a dip in 2013–2014 (ressourceforløb introduced), a steady level afterwards.
INFLOW_SHAPE_BY_YEAR: dict[int, float] = {
    2005: 1.00,
    2006: 1.05,
    2007: 1.10,
    2008: 1.15,
    2009: 1.20,
    2010: 1.25,
    2011: 1.25,
    2012: 1.30,
    2013: 0.80,
    2014: 0.75,
    2015: 0.85,
    2016: 0.90,
    2017: 0.90,
    2018: 0.90,
    2019: 0.90,
    2020: 0.85,
    2021: 0.90,
    2022: 0.90,
    2023: 0.90,
    2024: 0.90,
}
INFLOW_SHAPE_LATER = 0.90  # [assumption] years after the table
# Share of women.  [public] women are about 60 % of fleksjob and ledighedsydelse recipients.
SHARE_FEMALE = 0.60
# Age at visitation: normal, clipped to MIN_AGE_AT_VISITATION .. pension age − 1.  [assumption]
# tuned so a little over half (≈ 55 %) of the active caseload is 50 or older, as [public]
# Jobindsats age breakdowns of fleksjob recipients suggest.
AGE_AT_VISITATION_MEAN = 41.0
AGE_AT_VISITATION_SD = 9.5
MAX_AGE_AT_VISITATION = 62.5  # [assumption] at least 2½ years before folkepension
# The stock on 1 January 2005: age then, and its pre-history.  [assumption]
STOCK_AGE_MEAN = 48.0
STOCK_AGE_SD = 9.0
STOCK_AGE_MAX = 64.3  # below folkepension at 65 for those born before 1954
STOCK_AGE_MIN = 22.0  # so every stock case was visited (at 20 or later) well before 2005
STOCK_VISIT_BETA = (1.0, 1.6)  # visitation 1998–2004, skewed toward recent years (stock grew)
STOCK_WAIT_MEAN_DAYS = 300  # time from visitation to the job held on 1 January 2005
STOCK_UNEMPLOYED_WITH_PRIOR_JOB = 0.35  # of those unemployed then, had a fleksjob before
# Age shift (years) per unit of the municipality's latent age mix.  [assumption]
AGE_SHIFT_PER_SD = 1.5
# Education among fleksjob citizens (order: primary, upper_secondary, vocational, short_tertiary,
# bachelor, master).  [assumption] more basic and vocational education than the population.
EDUCATION_SHARES = (0.25, 0.07, 0.42, 0.08, 0.13, 0.05)
# A municipality's latent low-education level moves the primary share by this many points per SD.
LOW_EDUCATION_SHIFT_PER_SD = 0.05  # [assumption]
# New visitations that start directly in a fleksjob at the current workplace.  [assumption]
DIRECT_TO_FLEKSJOB_BEFORE_2013 = 0.20
DIRECT_TO_FLEKSJOB_FROM_2013 = 0.08  # [law] fleksjob at own workplace was restricted in 2013
# Share of ended cases (ordinary job, not eligible, other, moved abroad) visited again later.
REVISIT_SHARE = 0.20  # [assumption]
REVISIT_GAP_MEAN_YEARS = 3.0  # [assumption]
# Cases visited from kontanthjælp get ledighedsydelse at kontanthjælp level (2013 reform).
KONTANTHJAELP_LEVEL_SHARE = 0.30  # [assumption] share of new-scheme first spells at that level

# ---------------------------------------------------------------------------------------------
# Case dynamics (hazards per year unless stated)
# ---------------------------------------------------------------------------------------------

# Time from approval to fleksjob: Weibull with shape < 1 (the longer unemployed, the lower the
# chance) and a scale calibrated so UNEMPLOYED_SHARE_TARGET holds.  [assumption]
JOB_FINDING_SHAPE = 0.75
# Starting point of the calibration (a pilot population refines both; results in the summary).
JOB_FINDING_MEDIAN_DAYS_GUESS = 195.0  # baseline median days to a job at multiplier 1
INFLOW_PER_YEAR_GUESS = 6_000.0  # national new visitations in a year of shape 1.0
# Multipliers on the job-finding rate.  [assumption]
EFFECTIVENESS_SD = 0.25  # latent municipal effectiveness (log scale, SD across municipalities)
LOCAL_UNEMPLOYMENT_ELASTICITY = 0.5  # rate ∝ (local unemployment / 4 %)^−0.5
LOCAL_UNEMPLOYMENT_REFERENCE = 0.04
AGE_EFFECT_PER_YEAR = -0.02  # log rate per year of age above 45
LOW_EDUCATION_EFFECT = -0.15  # log rate, primary / upper secondary only
HIGH_EDUCATION_EFFECT = 0.10  # log rate, bachelor / master
MALE_EFFECT = -0.05  # log rate
NEEDS_EFFECT_PER_NEED = -0.07  # log rate per skånehensyn beyond two
PREVIOUS_FLEKSJOB_EFFECT = 0.35  # log rate after a first fleksjob (known to employers, network)
# A fleksjob ends (back to ledighedsydelse): Weibull, median years.  [assumption]
JOB_DURATION_SHAPE = 0.9
JOB_DURATION_MEDIAN_YEARS_OLD = 6.0  # old-scheme jobs were very stable
JOB_DURATION_MEDIAN_YEARS_NEW = 4.5
JOB_CHANGE_RATE = 0.04  # direct job-to-job change (no status change)
# Pauses (sickness, maternity leave, education) from approved-unemployed.  [assumption]
PAUSE_RATE = 0.06
PAUSE_MEDIAN_DAYS = 150
PAUSE_SIGMA = 0.6  # lognormal
PAUSE_ENDS_CASE = 0.15  # share of pauses that end the case (mostly disability pension)
# Exits other than folkepension: rate = BASE + SLOPE × max(age − 45, 0).  [assumption], giving
# roughly 1–6 % a year, which with folkepension makes the caseload turn over in ~12 years.
EXIT_RATE_BASE = 0.012
EXIT_RATE_SLOPE = 0.0025
ORDINARY_JOB_RATE = 0.006  # from a fleksjob to an ordinary job  [assumption]
REVIEW_ENDS_CASE = 0.06  # share of new-scheme cases ended at the 4½-year review  [assumption]
# Reasons for an exit, by the state it happens from.  [assumption]
EXIT_REASONS_UNEMPLOYED: dict[str, float] = {
    "disability_pension": 0.45,
    "deceased": 0.12,
    "moved_abroad": 0.05,
    "other": 0.23,
    "no_longer_eligible": 0.15,
}
EXIT_REASONS_IN_FLEKSJOB: dict[str, float] = {
    "disability_pension": 0.40,
    "deceased": 0.15,
    "moved_abroad": 0.05,
    "other": 0.30,
    "no_longer_eligible": 0.10,
}
EXIT_REASONS_PAUSED: dict[str, float] = {"disability_pension": 0.7, "deceased": 0.1, "other": 0.2}
# Approved-unemployed without a ledighedsydelse spell (e.g. waiting for the benefit decision or
# on another benefit).  [assumption] a small share the coherence checks allow.
UNEMPLOYED_WITHOUT_SPELL = 0.02

# ---------------------------------------------------------------------------------------------
# Municipal framework conditions (labelled synthetic)
# ---------------------------------------------------------------------------------------------

# National registered gross unemployment, share of the labour force, yearly averages.  [public]
# shape of Danmarks Statistik's registered unemployment (AUS), values approximate, from memory.
NATIONAL_UNEMPLOYMENT_BY_YEAR: dict[int, float] = {
    2005: 0.057,
    2006: 0.045,
    2007: 0.035,
    2008: 0.026,
    2009: 0.048,
    2010: 0.061,
    2011: 0.060,
    2012: 0.061,
    2013: 0.058,
    2014: 0.051,
    2015: 0.047,
    2016: 0.043,
    2017: 0.043,
    2018: 0.039,
    2019: 0.037,
    2020: 0.046,
    2021: 0.036,
    2022: 0.025,
    2023: 0.028,
    2024: 0.029,
}
NATIONAL_UNEMPLOYMENT_LATER = 0.029  # [assumption] years after the table
# Municipal unemployment relative to the nation: lognormal SD, plus a few anchors where the
# pattern is well known (low in the northern Copenhagen suburbs, high in Lolland and the
# Vestegn).  [public] pattern of DST unemployment by municipality; factors are [assumption].
UNEMPLOYMENT_RELATIVE_SD = 0.22
UNEMPLOYMENT_RELATIVE_ANCHORS: dict[str, float] = {
    "230": 0.55,
    "157": 0.55,
    "173": 0.6,
    "201": 0.6,
    "190": 0.65,  # Rudersdal, Gentofte, …
    "360": 1.6,
    "376": 1.35,
    "482": 1.35,
    "183": 1.4,
    "165": 1.35,
    "153": 1.35,  # Lolland, …
    "101": 1.2,
    "461": 1.2,
    "851": 1.15,
}
# The share of approved citizens on ledighedsydelse in a few municipalities the public sources
# name, so the demo tells their story: Rudersdal over a fifth, Glostrup about a fifth, Lejre
# under a tenth (docs/synthetic-denmark.md, "Anchored municipalities", has the sources).  [public]
# levels; the exact targets are [assumption]. The municipality's effectiveness (and with it its
# consultant staffing and jobsamtale compliance, which are correlated with it) is set so that its
# expected share is the target: in steady state the odds of being unemployed are inversely
# proportional to the job-finding rate, so the log-odds gap to the national target is turned into
# a log-hazard gap (ANCHOR_HAZARD_PER_LOGIT), net of the local unemployment's own effect.
UNEMPLOYED_SHARE_ANCHORS: dict[str, float] = {
    "230": 0.23,  # Rudersdal
    "161": 0.20,  # Glostrup
    "350": 0.075,  # Lejre
}
ANCHOR_HAZARD_PER_LOGIT = 0.9  # [assumption] tuned so the measured shares meet the targets
# From the municipality scale up (10,000 active citizens and more). At the tiny scale the persona
# municipalities are at their minimum of citizens, where a share of a fifth or a tenth is one or
# two people: Lejre would be left with one or two unemployed citizens, too few for the demo's
# personas (borger.lejre on ledighedsydelse, the pools' applicants).  [assumption]
ANCHOR_MIN_SCALE = 0.1
# Prevalence of fleksjob cases relative to population: log SD, plus correlation with unemployment.
PREVALENCE_SD = 0.25  # [assumption]
PREVALENCE_UNEMPLOYMENT_LOADING = 0.5  # [assumption] more cases where unemployment is high
# Shrinkage of municipal shares (age 50+, low education) toward the national share, in pseudo-
# observations, so small municipalities at small scales get stable covariates.  [assumption]
COVARIATE_PSEUDO_COUNT = 25.0
# Company consultants (virksomhedskonsulenter, FTE) per 100 citizens on ledighedsydelse.
CONSULTANTS_PER_100_UNEMPLOYED = 2.5  # [assumption]
CONSULTANT_STAFFING_SD = 0.3  # [assumption] log SD across municipalities
STAFFING_EFFECTIVENESS_CORRELATION = 0.5  # [assumption] staffing partly explains effectiveness

# ---------------------------------------------------------------------------------------------
# Hours and wages
# ---------------------------------------------------------------------------------------------

# New-scheme fleksjobs: the share that starts under 10 hours/week.  [assumption] chosen so that
# about a third of current new-scheme fleksjobs are under 10 hours (UNDER_10_TARGET), in line
# with public reporting (STAR/Jobindsats analyses 2019–2023) that roughly a third of new-scheme
# fleksjobbers work few hours; not a verified figure.
UNDER_10_TARGET = 0.33
NEW_SCHEME_LOW_HOURS_SHARE = 0.25
NEW_SCHEME_LOW_HOURS = (2.0, 9.5)  # uniform range for the low-hours group
NEW_SCHEME_HOURS_MEDIAN = 15.0  # lognormal median for the rest, clipped to 10..37
OLD_SCHEME_HOURS = (
    15.0,
    float(FULL_TIME_HOURS),
)  # old-scheme jobs were paid for (near) full hours  [assumption]
# Hours rises in new-scheme jobs: rate per year of an hours change, share of changes that rise;
# the municipal effectiveness moves the rate.  [assumption] gives ≈ 10–25 % with a rise in the
# last 12 months across municipalities.
HOURS_CHANGE_RATE = 0.22
HOURS_CHANGE_RATE_OLD = 0.06
HOURS_RISE_SHARE = 0.8
HOURS_EFFECTIVENESS_LOADING = 0.8
# Hourly wage before pension, kr., at 2024 levels by occupation skill band (low, mid, high), and
# yearly growth used to deflate earlier years.  [assumption] in line with [public] DST earnings
# statistics (average hourly earnings around 250–300 kr. in 2023).
HOURLY_WAGE_2024 = (185.0, 210.0, 300.0)
WAGE_GROWTH = 0.025
WAGE_SIGMA = 0.08

# ---------------------------------------------------------------------------------------------
# Employers, positions and consultants' work
# ---------------------------------------------------------------------------------------------

EMPLOYERS_NATIONAL = 25_000  # [assumption] tens of thousands of workplaces employ fleksjobbers
OPEN_POSITIONS_NATIONAL = 12_000  # [assumption]
DRAFT_POSITIONS_NATIONAL = 800  # [assumption]
CLOSED_UNFILLED_POSITIONS_NATIONAL = 3_000  # [assumption]
# Fleksjobs that started within this many days before today were found through the system and
# link to a (filled or closed) position; older ones have none.  [assumption] keeps positions in
# the 30,000–50,000 range of [issue].
POSITION_LINK_DAYS = 548  # 18 months
# Share of open positions modelled on one of the municipality's unemployed citizens (so the
# matching finds feasible pairs).  [assumption]
TEMPLATED_OPEN_SHARE = 0.5
ACADEMIC_OPEN_SHARE = 0.06  # [assumption] lawyers, HR, finance… at ~13 hours a week
# Employers' sectors.  [assumption] weighted to where fleksjobbers work.
SECTOR_SHARES: dict[str, float] = {
    "public_admin": 0.05,
    "health_care": 0.14,
    "education": 0.10,
    "retail": 0.14,
    "manufacturing": 0.09,
    "construction": 0.08,
    "transport_logistics": 0.06,
    "hospitality": 0.08,
    "cleaning_facility": 0.06,
    "agriculture_gardening": 0.05,
    "it_communication": 0.04,
    "finance_business": 0.07,
    "culture_leisure": 0.04,
}
SIZE_SHARES: dict[str, float] = {"micro": 0.45, "small": 0.35, "medium": 0.15, "large": 0.05}
SIZE_HIRING_WEIGHT: dict[str, float] = {"micro": 1.0, "small": 3.0, "medium": 8.0, "large": 25.0}
EMPLOYMENT_IN_NEIGHBOUR = 0.15  # [assumption] share of fleksjobs in a neighbouring municipality
# Consultants' contacts per employer and year, times the municipality's staffing factor.
CONTACT_RATE_FLEKSJOB_EMPLOYER = 0.75  # [assumption] ≈ 50 % contacted within 12 months
CONTACT_RATE_OTHER_EMPLOYER = 0.25  # [assumption]

# ---------------------------------------------------------------------------------------------
# Follow-up
# ---------------------------------------------------------------------------------------------

# Jobsamtaler in the first six months of ledighedsydelse: four are expected.  [issue] indicator;
# the share of spells that get all four varies by municipality between these bounds.  [assumption]
JOBSAMTALER_FIRST_6_MONTHS = 4
JOBSAMTALE_COMPLIANCE_RANGE = (0.55, 0.95)
JOBSAMTALE_INTERVAL_AFTER_6_MONTHS = 120  # days  [assumption]
FOLLOW_UP_INTERVAL_IN_FLEKSJOB = 365  # days  [assumption]
GOAL_SHARES: dict[str, float] = {"progression": 0.5, "retention": 0.4, "education": 0.1}
CONSENT_SHARE = 0.65  # [assumption] consent to share the profile with employers

# ---------------------------------------------------------------------------------------------
# History restricted to keep the bulk load fast (see docs/synthetic-denmark.md)
# ---------------------------------------------------------------------------------------------

MEETINGS_FROM = dt.date(2016, 1, 1)  # jobsamtaler kept from 2016 ([issue]: at least from 2016)
FLEKSJOB_FOLLOW_UP_YEARS = 2  # follow-up meetings in a fleksjob: the last two years only
CONTACT_LOG_YEARS = 3  # contact log from 1 January three years before today's year ([issue] ≥ 3)

# ---------------------------------------------------------------------------------------------
# Minimums so every municipality is usable at every scale (demo personas)  [design]
# ---------------------------------------------------------------------------------------------

MIN_ACTIVE_CITIZENS = 6
MIN_EMPLOYERS = 3
MIN_OPEN_POSITIONS = 3
PERSONA_MUNICIPALITIES = ("350", "751", "230", "101")  # Lejre, Aarhus, Rudersdal, København
PERSONA_MIN_ACTIVE_CITIZENS = 15
PERSONA_MIN_EMPLOYERS = 6
PERSONA_MIN_OPEN_POSITIONS = 6
