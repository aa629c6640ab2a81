"""Write ``dhr/guidance_places.csv``: for every line of the five seed documents, the place a reader
would cite it by (paragraph, annex item or template), so ``dhr.guidance.cite("003 L268")`` can say
"2024 draft statutory guidance, para 5.1" on pages and reports.

Run from the repository root when a seed document changes (the seeds live beside the repository,
not in it, so CI reads the committed CSV):

    .venv/bin/python scripts/guidance_places.py ../shared/seeds
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

PARAGRAPH = re.compile(r"^[-*\s]*(\d{1,2}(?:\.\d{1,2}){1,2})\s+\S")
ANNEX = re.compile(r"^Annex ([A-K]):")
TABLE_ITEM = re.compile(r"^(\d{1,2})\t")
#: Sheffield's templates are not headed consistently in the text, so their extents are taken from
#: ../shared/seeds/README.md (Template 29 at 004 L4157-4258, Template 25 at 004 L4628-4736).
SHEFFIELD_TEMPLATES = [(4157, 4258, "Template 29"), (4628, 4736, "Template 25")]
SHEFFIELD_TIMELINE = (200, 260, "process timeline")
#: 003's contents list (lines 79-89) names the annexes; the annexes themselves start at line 744.
FIRST_ANNEX_LINE = {"003": 744}


def places(document: str, lines: list[str]) -> list[str]:
    out: list[str] = []
    paragraph, annex, item = "", "", ""
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if document == "004":
            place = next((name for first, last, name in SHEFFIELD_TEMPLATES if first <= number <= last), "")
            if not place and SHEFFIELD_TIMELINE[0] <= number <= SHEFFIELD_TIMELINE[1]:
                place = SHEFFIELD_TIMELINE[2]
            out.append(place)
            continue
        if number >= FIRST_ANNEX_LINE.get(document, 10**9) and (match := ANNEX.match(text)):
            annex, item, paragraph = f"Annex {match.group(1)}", "", ""
        elif annex and (match := TABLE_ITEM.match(line)) and annex in ("Annex A", "Annex C"):
            item = match.group(1)
        elif not annex and (match := PARAGRAPH.match(text)):
            paragraph = match.group(1)
        if annex:
            out.append(f"{annex} item {item}" if item else annex)
        else:
            out.append(f"para {paragraph}" if paragraph else "")
    return out


def main(seeds: Path, target: Path) -> None:
    rows = []
    for path in sorted(seeds.glob("00[0-4]_*.txt")):
        document = path.name[:3]
        found = places(document, path.read_text(encoding="utf-8").splitlines())
        start = 1
        for number in range(2, len(found) + 2):
            if number > len(found) or found[number - 1] != found[start - 1]:
                if found[start - 1]:
                    rows.append((document, start, number - 1, found[start - 1]))
                start = number
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["document", "first_line", "last_line", "place"])
        writer.writerows(rows)
    print(f"{target}: {len(rows)} places")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds"), Path("dhr/guidance_places.csv"))
