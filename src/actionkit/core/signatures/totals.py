"""How many signatures, from where, when, and how many of them may be contacted.

The figures the centre and the organizer look at first: per event, per city and
per day (the day signatures were collected is the event's date; rows of an
event without a date count under "no date"), paper against typed, the share
that agreed to be contacted, duplicates decided and still to decide, and this
week (the last 7 days up to today) against before.

From the store the counting is SQL aggregates per event (100,000 rows take
tens of milliseconds); Python then only adds events up into cities and days.
From exported or merged rows (`totals_from_rows`; files: totals_files.py)
the rows are counted as they are read.

A signature is a typed row that is a signer: not deleted, not marked
(illegible, declined or empty: marks.MARKS), and not a row judged the same person
as an earlier one. Purged rows still count (purging keeps the counts and consent ticks).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import TYPE_CHECKING

from actionkit.core.signatures.marks import MARK_WORDS, is_marked, marked_sql

if TYPE_CHECKING:
    from actionkit.core.signatures.store import SignatureStore
    from actionkit.core.signatures.xlsx_write import XlsxWriter

WEEK_DAYS = 7
NO_DATE = ""  # the day of rows whose event has no date
# What says "yes" in a consent column: ours ("yes"), the CRM presets' (Y, true, 1).
CONSENT_YES = frozenset({"yes", "y", "true", "1", "x", "ja", "oui", "sí", "si", "بله"})
_LEADING_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Figures:
    """One line of a totals table: an event, a city, a day, or everything.

    `paper` is what was counted on the paper sheets (None when no sheet of it
    has a paper count), `typed` the rows typed in (signatures plus marked rows),
    `to_type` the paper rows not typed yet."""

    key: str
    label: str = ""
    date: str = ""
    city: str = ""
    events: int = 0
    signatures: int = 0
    consented: int = 0
    typed: int = 0
    paper: int | None = None
    to_type: int = 0
    this_week: int = 0

    @property
    def consented_share(self) -> float:
        """Consented signatures as a fraction of all (0.0 when there are none)."""
        return self.consented / self.signatures if self.signatures else 0.0

    @property
    def before(self) -> int:
        return self.signatures - self.this_week

    def __add__(self, other: Figures) -> Figures:
        paper = (
            None
            if self.paper is None and other.paper is None
            else (self.paper or 0) + (other.paper or 0)
        )
        return replace(
            self,
            events=self.events + other.events,
            signatures=self.signatures + other.signatures,
            consented=self.consented + other.consented,
            typed=self.typed + other.typed,
            paper=paper,
            to_type=self.to_type + other.to_type,
            this_week=self.this_week + other.this_week,
        )


@dataclass(frozen=True)
class Totals:
    """Everything, and the same figures per event, per city and per day."""

    total: Figures
    by_event: tuple[Figures, ...]
    by_city: tuple[Figures, ...]
    by_day: tuple[Figures, ...]  # oldest first; "no date" (key "") last
    decided: int = 0  # duplicates decided (store: decisions; merge: rows merged)
    pending: int = 0  # possible duplicates still to decide
    today: str = ""  # the day "this week" ends on (ISO)
    sources: tuple[str, ...] = field(default=())  # the files counted, when from files

    @property
    def signatures(self) -> int:
        return self.total.signatures

    @property
    def consented(self) -> int:
        return self.total.consented

    @property
    def this_week(self) -> int:
        return self.total.this_week

    @property
    def cities(self) -> int:
        return sum(1 for f in self.by_city if f.key and f.signatures)

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON: the figures and the three tables."""

        def figures(f: Figures) -> dict[str, object]:
            return {
                "key": f.key,
                "label": f.label,
                "date": f.date,
                "city": f.city,
                "events": f.events,
                "signatures": f.signatures,
                "consented": f.consented,
                "consented_share": round(f.consented_share, 4),
                "typed": f.typed,
                "paper": f.paper,
                "to_type": f.to_type,
                "this_week": f.this_week,
                "before": f.before,
            }

        return {
            "headline": headline(self),
            "today": self.today,
            "total": figures(self.total),
            "cities": self.cities,
            "duplicates_decided": self.decided,
            "duplicates_pending": self.pending,
            "by_event": [figures(f) for f in self.by_event],
            "by_city": [figures(f) for f in self.by_city],
            "by_day": [figures(f) for f in self.by_day],
            "sources": list(self.sources),
        }


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def headline(totals: Totals) -> str:
    """The first line people read: "1,240 signatures from 9 cities (3 events), 61%
    agreed to be contacted; this week +310; on paper 1,302, typed 1,240 (62 to type)"."""
    t = totals.total
    if not totals.by_event:
        return "No signatures yet: no event has rows to count"
    text = _plural(t.signatures, "signature", "signatures")
    text += f" from {_plural(totals.cities, 'city', 'cities')}"
    text += f" ({_plural(t.events, 'event', 'events')})"
    text += f", {round(t.consented_share * 100)}% agreed to be contacted"
    text += f"; this week +{t.this_week:,}"
    if t.paper is not None:
        text += f"; on paper {t.paper:,}, typed {typed_on_paper(totals):,} ({t.to_type:,} to type)"
        counted = sum(1 for f in totals.by_event if f.paper is not None)
        if counted < len(totals.by_event):
            text += f" at the {_plural(counted, 'event', 'events')} with a paper count"
    else:
        text += f"; typed {t.typed:,}"
    if totals.pending:
        pending = _plural(totals.pending, "possible duplicate", "possible duplicates")
        text += f"; {pending} to decide"
    return text


def _week_start(today: dt.date) -> str:
    return (today - dt.timedelta(days=WEEK_DAYS - 1)).isoformat()


def _in_week(date: str, today: dt.date) -> bool:
    return bool(date) and _week_start(today) <= date <= today.isoformat()


def _roll_up(events: list[Figures], decided: int, pending: int, today: dt.date) -> Totals:
    """Totals from per-event figures: cities and days are sums of their events."""
    cities: dict[str, Figures] = {}
    days: dict[str, Figures] = {}
    total = Figures("total", "All events")
    for event in events:
        total = total + event
        city_key = event.city.strip()
        cities[city_key.casefold()] = cities.get(
            city_key.casefold(), Figures(city_key, city_key or "no city", city=city_key)
        ) + replace(event, events=1)
        days[event.date] = days.get(
            event.date, Figures(event.date, event.date or "no date", date=event.date)
        ) + replace(event, events=1)
    by_city = sorted(cities.values(), key=lambda f: (not f.key, -f.signatures, f.key.casefold()))
    by_day = sorted(days.values(), key=lambda f: (not f.key, f.key))
    return Totals(
        total=total,
        by_event=tuple(events),
        by_city=tuple(by_city),
        by_day=tuple(by_day),
        decided=decided,
        pending=pending,
        today=today.isoformat(),
    )


_MARKED = marked_sql()
# Per event: live rows typed, marked, and their consent ticks; summed per sheet
# first (the scan follows the sheet index), then per event.
_EVENT_ROWS = f"""
    SELECT e.id, e.slug, e.name, e.date, e.city, COALESCE(SUM(g.typed), 0) AS typed,
        COALESCE(SUM(g.typed - g.marked), 0) AS unmarked,
        COALESCE(SUM(g.consent - g.marked_consent), 0) AS consented
    FROM events e LEFT JOIN sheets sh ON sh.event_id = e.id LEFT JOIN (
        SELECT s.sheet_id, COUNT(*) AS typed, SUM(s.consent) AS consent,
            SUM({_MARKED}) AS marked, SUM(s.consent AND {_MARKED}) AS marked_consent
        FROM signatures s WHERE s.deleted_at IS NULL GROUP BY s.sheet_id
    ) g ON g.sheet_id = sh.id
    WHERE {{where}} GROUP BY e.id ORDER BY e.date = '', e.date, e.slug
"""
# Per event: unmarked live rows judged the same person as an earlier row (not
# signatures of their own), and their consent ticks.
_EVENT_SAME_PERSON = f"""
    SELECT sh.event_id, COUNT(*), SUM(s.consent) FROM signatures s
    JOIN sheets sh ON sh.id = s.sheet_id
    WHERE s.id IN (SELECT MAX(signature_id, other_id) FROM duplicate_decisions
        WHERE decision = 'same_person') AND s.deleted_at IS NULL AND NOT {_MARKED}
    GROUP BY sh.event_id
"""
# Per event: what the paper sheets say (sheets without a paper count are left out).
_EVENT_PAPER = """
    SELECT sh.event_id, SUM(sh.paper_count) AS paper,
        SUM(sh.paper_count - (SELECT COUNT(*) FROM signatures s WHERE s.sheet_id = sh.id
            AND s.deleted_at IS NULL AND s.row_number <= sh.paper_count)) AS to_type
    FROM sheets sh WHERE sh.paper_count IS NOT NULL GROUP BY sh.event_id
"""
# Possible duplicates not decided yet: pairs of live rows with the same email, or
# the same name and city, as the store's duplicates_of finds them.
_PENDING = """
    SELECT COUNT(*) FROM (
        SELECT a.id AS first, b.id AS second FROM signatures a
        JOIN signatures b ON b.email_key = a.email_key AND b.email_key != '' AND b.id > a.id
        WHERE a.email_key != '' AND a.deleted_at IS NULL AND b.deleted_at IS NULL
        UNION
        SELECT a.id, b.id FROM signatures a
        JOIN signatures b ON b.name_key = a.name_key AND b.name_key != ''
            AND b.city_key = a.city_key AND b.id > a.id
        WHERE a.name_key != '' AND a.deleted_at IS NULL AND b.deleted_at IS NULL
    ) p WHERE NOT EXISTS (SELECT 1 FROM duplicate_decisions d
        WHERE (d.signature_id = p.first AND d.other_id = p.second)
           OR (d.signature_id = p.second AND d.other_id = p.first))
"""
# Rows of one event (for the pending and decided duplicates of an event's export).
_OF_EVENT = (
    "IN (SELECT s.id FROM signatures s JOIN sheets sh ON sh.id = s.sheet_id"
    " JOIN events e ON e.id = sh.event_id WHERE e.slug = ?)"
)


def store_totals(
    store: SignatureStore, *, event: str | None = None, today: dt.date | None = None
) -> Totals:
    """The store's figures: every event (or only `event`), including those with
    nothing typed yet."""
    today = today or dt.date.today()
    conn = store.conn
    where, params = ("e.slug = ?", (event,)) if event else ("1", ())
    paper = {int(r[0]): (int(r[1]), int(r[2])) for r in conn.execute(_EVENT_PAPER)}
    same = {int(r[0]): (int(r[1]), int(r[2])) for r in conn.execute(_EVENT_SAME_PERSON)}
    events = []
    for row in conn.execute(_EVENT_ROWS.format(where=where), params):
        counted = paper.get(int(row["id"]))
        later, later_consented = same.get(int(row["id"]), (0, 0))
        signatures = int(row["unmarked"]) - later
        events.append(
            Figures(
                key=row["slug"],
                label=row["name"],
                date=row["date"],
                city=row["city"],
                events=1,
                signatures=signatures,
                consented=int(row["consented"]) - later_consented,
                typed=int(row["typed"]),
                paper=counted[0] if counted else None,
                to_type=counted[1] if counted else 0,
                this_week=signatures if _in_week(row["date"], today) else 0,
            )
        )
    decided_sql, pending_sql = "SELECT COUNT(*) FROM duplicate_decisions d", _PENDING
    if event:  # pairs with at least one row of the event
        decided_sql += f" WHERE d.signature_id {_OF_EVENT} OR d.other_id {_OF_EVENT}"
        pending_sql += f" AND (p.first {_OF_EVENT} OR p.second {_OF_EVENT})"
    decided = int(conn.execute(decided_sql, params * 2).fetchone()[0])
    pending = int(conn.execute(pending_sql, params * 2).fetchone()[0])
    return _roll_up(events, decided, pending, today)


@dataclass(frozen=True)
class EventInfo:
    """What a file says about an event besides its rows (an export's Events sheet)."""

    name: str = ""
    date: str = ""
    city: str = ""


@dataclass
class _Counter:
    signatures: int = 0
    consented: int = 0
    typed: int = 0
    first: dict[str, str] = field(default_factory=dict)


def _is_marked(row: Mapping[str, str]) -> bool:
    flags = row.get("flags", "")
    if flags and is_marked(flags):
        return True
    flagged = row.get("flagged", "")
    return bool(flagged) and any(words in flagged for words in MARK_WORDS.values())


def _event_of(row: Mapping[str, str]) -> str:
    return row.get("event") or row.get("source_event") or ""


def totals_from_rows(
    rows: Iterable[Mapping[str, str]],
    *,
    decided: int = 0,
    pending: int = 0,
    events: Mapping[str, EventInfo] | None = None,
    paper: Mapping[str, tuple[int | None, int, int]] | Mapping[str, tuple[int, int]] | None = None,
    today: dt.date | None = None,
    sources: Iterable[str] = (),
) -> Totals:
    """Figures from exported or merged rows (field name -> cell text).

    A row's event is its `event` (or `source_event`); the event's date and city
    come from `events` (an export's Events sheet), else from the row's
    `event_date` / `event_city`, else the date an event id starts with
    (2026-12-10-koln) and the signer's own city. `paper` maps an event to
    (rows counted on paper, paper rows not typed) from an export's Sheets
    sheet. A row with `duplicate_of` filled in was judged the same person as
    an earlier row: it is typed, not a signature, and a decided duplicate."""
    today = today or dt.date.today()
    events = events or {}
    paper = paper or {}
    counters: dict[str, _Counter] = {}
    for row in rows:
        slug = _event_of(row)
        counter = counters.get(slug)
        if counter is None:
            counter = counters[slug] = _Counter()
            counter.first = {
                "date": row.get("event_date", ""),
                "city": row.get("event_city", "") or row.get("city", ""),
                "name": row.get("event_name", ""),
            }
        counter.typed += 1
        if _is_marked(row):
            continue
        if row.get("duplicate_of"):
            decided += 1
            continue
        counter.signatures += 1
        if row.get("consent", "").strip().casefold() in CONSENT_YES:
            counter.consented += 1
    return _from_counters(counters, decided, pending, events, paper, today, sources)


def totals_from_table(
    rows: Iterable[Sequence[object]],
    fields: Sequence[str],
    *,
    decided: int = 0,
    pending: int = 0,
    events: Mapping[str, EventInfo] | None = None,
    paper: Mapping[str, tuple[int | None, int, int]] | Mapping[str, tuple[int, int]] | None = None,
    today: dt.date | None = None,
) -> Totals:
    """`totals_from_rows` over rows laid out as `fields` (a merge's own tuples, with
    "event", "consent" and maybe "flagged" and "city"): rows are tallied by event,
    consent and flags first, so 100,000 of them cost no dict each. `events` and
    `paper` as for totals_from_rows (a merge's inputs' Events and Sheets)."""
    at = {name: index for index, name in enumerate(fields)}
    event_at, consent_at = at["event"], at["consent"]
    flagged_at, city_at = at.get("flagged"), at.get("city")
    rows = rows if isinstance(rows, Sequence) else list(rows)
    # Tallied in C (a Counter over an itemgetter), then per distinct (event, consent,
    # flags): a few hundred, whatever the number of rows.
    tally: Counter[tuple[object, ...]]
    if flagged_at is None:
        pairs = map(itemgetter(event_at, consent_at), rows)
        tally = Counter((event, consent, "") for event, consent in pairs)
    else:
        tally = Counter(map(itemgetter(event_at, consent_at, flagged_at), rows))
    cities: dict[object, object] = {}
    if city_at is not None:  # each event's first signer's city, as totals_from_rows takes
        wanted = len({key[0] for key in tally})
        for row in rows:
            if row[event_at] not in cities:
                cities[row[event_at]] = row[city_at]
                if len(cities) == wanted:
                    break
    counters: dict[str, _Counter] = {}
    for (slug, consent, flagged), count in tally.items():
        counter = counters.get(str(slug))
        if counter is None:
            first = {"date": "", "city": str(cities.get(slug, "")), "name": ""}
            counter = counters[str(slug)] = _Counter(first=first)
        counter.typed += count
        if _is_marked({"flagged": str(flagged)}):
            continue
        counter.signatures += count
        if str(consent).strip().casefold() in CONSENT_YES:
            counter.consented += count
    return _from_counters(
        counters, decided, pending, events or {}, paper or {}, today or dt.date.today(), ()
    )


def typed_on_paper(totals: Totals) -> int:
    """Rows typed at the events whose paper was counted: what "on paper" is compared
    with (an event without a paper count, e.g. from a CSV, is left out of both)."""
    return sum(f.typed for f in totals.by_event if f.paper is not None)


def _from_counters(
    counters: Mapping[str, _Counter],
    decided: int,
    pending: int,
    events: Mapping[str, EventInfo],
    paper: Mapping[str, tuple[int | None, int, int]] | Mapping[str, tuple[int, int]],
    today: dt.date,
    sources: Iterable[str],
) -> Totals:
    figures = []
    for slug in sorted(counters):
        counter = counters[slug]
        info = events.get(slug, EventInfo())
        leading = _LEADING_DATE.match(slug)
        date = info.date or counter.first["date"] or (leading.group(1) if leading else NO_DATE)
        counted = paper.get(slug)
        figures.append(
            Figures(
                key=slug,
                label=info.name or counter.first["name"] or slug,
                date=date,
                city=info.city or counter.first["city"],
                events=1,
                signatures=counter.signatures,
                consented=counter.consented,
                # The rows typed on the event's sheets when its Sheets sheet says (a
                # merge may have moved a signer's row to another event).
                typed=counted[2] if counted and len(counted) > 2 else counter.typed,
                paper=counted[0] if counted else None,
                to_type=counted[1] if counted else 0,
                this_week=counter.signatures if _in_week(date, today) else 0,
            )
        )
    figures.sort(key=lambda f: (not f.date, f.date, f.key))
    return replace(_roll_up(figures, decided, pending, today), sources=tuple(sources))


def add_summary_sheet(book: XlsxWriter, totals: Totals) -> None:
    """A "Summary" sheet with the same figures and a native bar chart of signatures
    per day (consented and not, stacked)."""
    from actionkit.core.signatures.xlsx_chart import add_summary_sheet as add

    add(book, totals)
