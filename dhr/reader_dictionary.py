"""The data dictionary as the dashboards' readers read it (issue 19): each form's fields by the label
printed on the form, what each warehouse table's rows and columns hold, and every code list, in
words, with the guidance by its name and paragraph.

Built from the same definitions as the developers' dictionary under ``data_dictionary/``
(``dhr.data_dictionary``: the dbt yml and ``form_contract/spec.py``), so the two cannot disagree;
what the reader's view leaves out is the machinery: raw table and staging model names, SQL types,
dbt tests, the columns ingest adds for lineage, and the files a value was loaded from.
Pure: no Streamlit (the page is ``dashboards/app_pages/data_dictionary.py``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dhr import data_dictionary as dd
from dhr.guidance import plain
from form_contract.spec import ACTION_PLAN_SHEET, ALL_RAW_TABLES, DATA_CAPTURE_SHEETS, STATUS_KEY

#: A code list on a form lists this many of its labels; the rest are on the code lists page.
CHOICES_SHOWN = 6
#: Other headings people write for a field: this many are named.
ALIASES_SHOWN = 3

#: What each form is, for the person who fills it in or reads its figures.
FORM_INTROS = {
    "data_capture": (
        "The Home Office's data collection form for a DHR (004 Template 29), sent with the final report, "
        "with the national analysis categories (003 Annex A item 10), the protected characteristics of the "
        "Equality Act (003 L248) and the dates the oversight roles need."
    ),
    "scoping_review": (
        "The review a CSP completes within four weeks of being told of a death (003 Annex C): a title-page "
        "table, questions 1 to 9, and the early actions agreed at scoping."
    ),
    "action_plan": (
        "A DHR's action plan in the layout of 003 Annex B, with the status key of 004 Template 25. It is sent "
        "again every quarter (003 L712): each file is the plan as at the date it gives (Progress as at)."
    ),
}
FORM_FILES = {"data_capture": "Excel", "scoping_review": "Word", "action_plan": "Excel or Word"}
#: Where each part of a form is, in the words of the person holding it.
FORM_PARTS = {
    "data_capture__cases": f"Sheet {DATA_CAPTURE_SHEETS['case']}: a label in column A, its answer in column B",
    "data_capture__victims": f"Sheet {DATA_CAPTURE_SHEETS['victims']}: one row per victim",
    "data_capture__perpetrators": f"Sheet {DATA_CAPTURE_SHEETS['perpetrators']}: one row per perpetrator",
    "data_capture__children": f"Sheet {DATA_CAPTURE_SHEETS['children']}: one row per child",
    "data_capture__analysis": f"Sheet {DATA_CAPTURE_SHEETS['analysis']}: one row per factor, a column for each person",
    "data_capture__agency_contact": (
        f"Sheet {DATA_CAPTURE_SHEETS['agency_contact']}: one row per agency, a column for each person"
    ),
    "data_capture__equality": (
        f"Sheet {DATA_CAPTURE_SHEETS['equality']}: one row per protected characteristic, a column for each person"
    ),
    "scoping_review__reviews": "The title-page table and questions 1 to 9",
    "scoping_review__early_actions": "The table of early actions under question 5",
    "action_plan__plans": f"The lines above the action table (sheet {ACTION_PLAN_SHEET}; in Word, the first table)",
    "action_plan__actions": f"The action table, one row per action (sheet {ACTION_PLAN_SHEET}; in Word, the second table)",
}
#: "seeds/reference/csps.csv", "raw.ingested_files", "docs/design.md": where a value was loaded from
#: or is explained, for developers. An aside naming one is dropped, and so is a sentence that does.
_FOR_DEVELOPERS = r"(?:seeds/|models/|docs/|dhr/|ingest/|\braw\.|\bstg_|\bint_|\.csv\b|\.py\b|\.sql\b|\.yml\b|\.md\b)"
_FILE_ASIDE = re.compile(r"\s*\([^()]*" + _FOR_DEVELOPERS + r"[^()]*\)")
_FILE_SENTENCE = re.compile(_FOR_DEVELOPERS)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_CODE_MARKS = re.compile(r"`([^`]*)`")


@dataclass(frozen=True)
class ReaderTable:
    heading: str
    frame: pl.DataFrame
    note: str = ""


@dataclass(frozen=True)
class ReaderPage:
    section: str  # Forms | Tables | Code lists
    name: str  # as offered in the page's list
    title: str
    intro: str
    tables: tuple[ReaderTable, ...]


def for_readers(text: str | None) -> str:
    """``text`` without file codes (the guidance by name and paragraph), without the files a value came
    from, and without code marks."""
    cleaned = _FILE_ASIDE.sub("", plain(text or ""))
    sentences = [part for part in _SENTENCE_END.split(cleaned) if not _FILE_SENTENCE.search(part)]
    return " ".join(_CODE_MARKS.sub(r"\1", " ".join(sentences)).split())


def _choices(name: str | None, code_lists: dict[str, list[dict[str, str]]]) -> str:
    if not name:
        return ""
    labels = [row["label"] for row in code_lists.get(name, [])]
    if len(labels) <= CHOICES_SHOWN:
        return "; ".join(labels)
    return "; ".join(labels[:CHOICES_SHOWN]) + f"; and {len(labels) - CHOICES_SHOWN} more (see Code lists)"


@functools.cache
def _reference_choices(field_name: str) -> str:
    seed = dd.REFERENCE_LISTS.get(field_name)
    if not seed:
        return ""
    rows = dd.read_seed(seed)
    return f"one row for each of {len(rows)}: {rows[0]['label']}, {rows[1]['label']} ... (see Code lists)"


def form_pages(code_lists: dict[str, list[dict[str, str]]] | None = None) -> list[ReaderPage]:
    """One page per form: where each field is, whether it must be filled in, what it holds, what it is
    chosen from, and the guidance it comes from."""
    code_lists = dd.load_code_lists() if code_lists is None else code_lists
    pages = []
    for form_type, info in dd.FORMS.items():
        tables = []
        for table in (t for t in ALL_RAW_TABLES if t.form_type == form_type):
            rows = []
            per_field_place = table.name == "scoping_review__reviews"  # title page or one of nine questions
            for f in table.fields:
                holds = for_readers(f.description)
                if f.restricted:
                    holds += " Restricted: kept in the secure store only, never shown on a page or in an export."
                aliases = f" (also written: {', '.join(f.aliases[:ALIASES_SHOWN])})" if f.aliases else ""
                place = {"Where": for_readers(dd.field_section(table, f)).capitalize()} if per_field_place else {}
                rows.append(
                    {
                        "Field on the form": f.label + aliases,
                        **place,
                        "Required": "Yes" if f.required else "",
                        "What it holds": holds.strip(),
                        "Chosen from": _choices(f.code_list, code_lists) or _reference_choices(f.name),
                        "Guidance": for_readers(f.source),
                    }
                )
            tables.append(
                ReaderTable(
                    heading=FORM_PARTS[table.name],
                    frame=pl.DataFrame(rows),
                )
            )
        if form_type == "action_plan":
            tables.append(
                ReaderTable(
                    heading="Key to status (printed under the table)",
                    frame=pl.DataFrame({"Written": [w for w, _ in STATUS_KEY], "Meaning": [m for _, m in STATUS_KEY]}),
                    note=plain("Sheffield's status key (004 L4628-4638)."),
                )
            )
        pages.append(
            ReaderPage(
                section="Forms",
                name=info["title"],
                title=f"{info['title']} ({FORM_FILES[form_type]})",
                intro=for_readers(FORM_INTROS[form_type]),
                tables=tuple(tables),
            )
        )
    return pages


def table_pages(models: dict[str, dd.ModelDoc] | None = None) -> list[ReaderPage]:
    """One page per warehouse table the dashboards and exports read (the marts): what one row is and
    what each column holds."""
    models = dd.load_models() if models is None else models
    pages = []
    for model in sorted((m for m in models.values() if m.folder == "marts"), key=lambda m: m.name):
        grain = model.meta.get("grain")
        row = f"One row per {grain}." if grain and grain != "one row" else ("One row." if grain else "")
        frame = pl.DataFrame(
            {
                "Column": [c.name for c in model.columns],
                "What it holds": [for_readers(c.description) for c in model.columns],
            },
            schema={"Column": pl.Utf8, "What it holds": pl.Utf8},
        )
        pages.append(
            ReaderPage(
                section="Tables",
                name=model.name,
                title=model.name,
                intro=" ".join(p for p in (for_readers(model.description), row) if p),
                tables=(ReaderTable(heading="Columns", frame=frame),),
            )
        )
    return pages


def code_list_page(code_lists: dict[str, list[dict[str, str]]] | None = None) -> ReaderPage:
    """Every list a field is chosen from: the words written on the form and the code the warehouse and
    the exports carry."""
    code_lists = dd.load_code_lists() if code_lists is None else code_lists
    tables = [
        ReaderTable(
            heading=name.replace("_", " ").capitalize(),
            frame=pl.DataFrame(
                {
                    "Written on the form": [r["label"] for r in code_lists[name]],
                    "Code in the warehouse": [r["code"] for r in code_lists[name]],
                    "Guidance": [for_readers(r["source"]) for r in code_lists[name]],
                }
            ),
        )
        for name in sorted(code_lists)
    ]
    for ref in dd.REFERENCE_SEEDS:
        rows, key = dd.read_seed(ref.seed), ref.code_column
        tables.append(
            ReaderTable(
                heading=f"{ref.title} (data capture form, sheet {ref.sheet})",
                frame=pl.DataFrame(
                    {
                        "Written on the form": [r["label"] for r in rows],
                        "Code in the warehouse": [r[key] for r in rows],
                        "Guidance": [for_readers(r["source"]) for r in rows],
                    }
                ),
            )
        )
    return ReaderPage(
        section="Code lists",
        name="Code lists",
        title="Code lists",
        intro=(
            "Forms are filled in with the words on the left; the warehouse, the tables and the research "
            "exports carry the code beside them."
        ),
        tables=tuple(tables),
    )


def reader_pages(models_dir: Path | None = None) -> dict[tuple[str, str], ReaderPage]:
    """Every page of the reader's dictionary by (section, name), forms first."""
    code_lists = dd.load_code_lists()
    models = dd.load_models() if models_dir is None else dd.load_models(models_dir)
    pages = [*form_pages(code_lists), *table_pages(models), code_list_page(code_lists)]
    return {(p.section, p.name): p for p in pages}
