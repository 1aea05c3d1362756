"""Synthetic competences: the competence keys a person of each occupation (DISCO-08) has, and
the tasks of the crafted positions (job crafting)."""

from __future__ import annotations

import math

from .occupations import OCCUPATIONS

# By DISCO-08 unit group of the generator's occupations. [assumption: a caseworker's first pick]
BY_OCCUPATION: dict[str, tuple[str, ...]] = {
    "4110": ("office_admin", "filing_archive", "data_entry"),
    "4120": ("office_admin", "writing", "filing_archive"),
    "4311": ("bookkeeping", "data_entry"),
    "4222": ("customer_service", "it_support"),
    "4226": ("customer_service", "office_admin"),
    "4416": ("payroll_hr", "office_admin"),
    "4411": ("filing_archive", "customer_service"),
    "4132": ("data_entry", "office_admin"),
    "5223": ("sales", "customer_service"),
    "5230": ("sales", "customer_service"),
    "4321": ("warehouse", "driving"),
    "9321": ("warehouse", "machine_operation"),
    "9329": ("machine_operation", "warehouse"),
    "8160": ("machine_operation", "kitchen"),
    "9112": ("cleaning",),
    "5153": ("maintenance", "cleaning", "gardening"),
    "9412": ("kitchen", "cleaning"),
    "5120": ("kitchen", "project_coordination"),
    "5131": ("customer_service", "kitchen"),
    "5246": ("customer_service", "kitchen", "sales"),
    "7512": ("kitchen", "craft"),
    "5322": ("care", "cleaning"),
    "5321": ("care", "writing"),
    "5329": ("care", "cleaning", "kitchen"),
    "5311": ("childcare", "care"),
    "2342": ("childcare", "teaching"),
    "9214": ("gardening",),
    "6113": ("gardening", "craft", "machine_operation"),
    "9211": ("gardening", "machine_operation"),
    "7115": ("craft", "maintenance"),
    "7522": ("craft", "machine_operation"),
    "7126": ("craft", "maintenance"),
    "7411": ("craft", "maintenance"),
    "7231": ("craft", "machine_operation"),
    "7212": ("craft", "machine_operation"),
    "9313": ("craft", "machine_operation"),
    "8322": ("driving", "warehouse"),
    "8332": ("driving",),
    "9621": ("driving", "customer_service"),
    "9612": ("warehouse", "sales"),
    "9622": ("maintenance", "cleaning", "craft"),
    "5414": ("customer_service",),
    "5141": ("customer_service", "craft"),
    "3512": ("it_support", "customer_service"),
    "2512": ("programming", "it_support"),
    "2166": ("graphic_design", "writing"),
    "2642": ("writing", "translation"),
    "2611": ("law_contracts", "writing"),
    "2423": ("payroll_hr", "law_contracts", "writing"),
    "2411": ("bookkeeping", "law_contracts"),
    "2422": ("office_admin", "writing", "law_contracts"),
    "2424": ("teaching", "project_coordination"),
    "2635": ("writing", "care", "law_contracts"),
    "2431": ("writing", "graphic_design", "sales"),
    "3313": ("bookkeeping", "data_entry"),
    "3411": ("law_contracts", "office_admin", "filing_archive"),
}


def competences_of(codes: list[str]) -> list[str]:
    """The sorted competences of a person with these occupations."""
    return sorted({key for code in codes for key in BY_OCCUPATION.get(code, ())})


def crafted_tasks(
    occupations: list[int], hours_max: list[float], split_off: list[bool]
) -> list[tuple[int, str, float, list[str]]]:
    """(position index, description, weekly hours, competences) of the tasks of each position
    split off from other jobs: one task per competence of its occupation, described by the
    occupation's task texts, sharing the position's most hours in half hours (their sum stays
    within the position's hours, at least half an hour each). Deterministic: no draws."""
    rows = []
    for j, (o, high, crafted) in enumerate(zip(occupations, hours_max, split_off, strict=True)):
        occupation = OCCUPATIONS[o]
        keys = BY_OCCUPATION.get(occupation.code, ())
        if not crafted or not keys:
            continue
        share = max(0.5, math.floor(high / len(keys) * 2) / 2)
        for i, key in enumerate(keys):
            rows.append((j, occupation.tasks[i % len(occupation.tasks)], share, [key]))
    return rows
