"""Who is the same person: the merge's decisions, made so that consent is never lost.

- The same email (folded as match_keys folds it): one signer.
- The same first and last name in the same city, where one side has no email: one
  signer; but when more than one signer with an email has that name and city, the row
  without one could be any of them, and it is kept apart as a possible duplicate.
- The same name and city with DIFFERENT emails: a possible duplicate. Both stay
  signers, and the pair is listed for the user to decide ("same" merges them,
  "different" keeps them apart and says so).

When rows merge, consent is the union, and the kept row is a consented one when there
is one (then the earliest by where it came from: file, event, sheet, row; never by the
order the files were given in): a consented row's email and other values are never
replaced by an unconsented row's; a value missing on the kept row is filled from the
others, except the address: city, postal code and country come together from one row
(the kept row's when it has a city or postal code). Another email of a merged row is
named in its Merged line ("other email: ...").

A "different" decision is never overridden: "same" decisions that would join two rows
the user said are different people are refused, naming the pairs.

The groups depend only on the set of rows, never on their order, so which
signers have consent, and their emails, is the same in any order of the files.

Every row is held until the end (a later row can add consent), as a tuple.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from actionkit.core.errors import ActionKitError
from actionkit.core.signatures.merge_read import (
    CONSENT,
    EMAIL,
    FIELD_COUNT,
    LINE,
    MERGED_FIELDS,
    Row,
)

SAME_EMAIL = "same email"
SAME_NAME_CITY = "same name and city"
DECIDED_SAME = "same person (your decision)"
DIFFERENT_EMAILS = "same name and city, different emails"
SEVERAL_MATCH = "same name and city, no email, and more than one signer has them"
NO_EMAIL_APART = "same name and city, one without email (your decision: different)"
SAME = "same"
DIFFERENT = "different"
ADDRESS = tuple(MERGED_FIELDS.index(f) for f in ("city", "postal_code", "country"))


@dataclass(frozen=True)
class Pair:
    """Two signers that may be one person: kept apart until the user says."""

    id: str
    first: Row  # each side as it stands in Signers
    second: Row
    reason: str
    decision: str = ""  # "" while pending; DIFFERENT when the user said so


@dataclass(frozen=True)
class MergedRow:
    row: Row  # the row, as it was in its file
    kept: Row  # the signer it went into, as it stands in Signers
    reason: str
    taken: tuple[str, ...]  # fields the signer took from this row
    pair: str = ""  # the pair id, when the user decided it
    other_email: str = ""  # this row's email, when the signer kept another one


@dataclass
class Outcome:
    signers: list[Row] = field(default_factory=list)
    merged: list[MergedRow] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    decided_same: list[str] = field(default_factory=list)  # pair ids merged as the user said
    # Rows without email merged by name and city alone, named like pairs so the user can
    # undo one with a "different" decision (decision SAME: made by the rule).
    automatic: list[Pair] = field(default_factory=list)

    @property
    def pending(self) -> list[Pair]:
        return [p for p in self.pairs if not p.decision]


def pair_id(first: Row, second: Row) -> str:
    """A pair's name, from where its two rows came from: the same for the same input
    files in any order (each side is named by its earliest row)."""
    sides = sorted("\x1f".join(map(str, _where(row))) for row in (first, second))
    digest = hashlib.blake2s("\x1e".join(sides).encode("utf-8"), digest_size=4).hexdigest()
    return f"p-{digest}"


def _where(row: Row) -> tuple[str, str, str, str, int]:
    """Where a row came from; its line in the file only when it names no sheet row."""
    file, event, sheet, number = (str(v) for v in row[FIELD_COUNT:LINE])
    line = row[LINE] if not (sheet or number) else 0
    return file, event, sheet, number.zfill(12), int(line)


def decide(
    rows: Sequence[Row],
    keys: Sequence[tuple[str, str]],
    decisions: Mapping[str, str] | None = None,
) -> Outcome:
    """Group `rows` (with their matching keys: folded email, folded name|city) into
    signers. `decisions`: pair id -> "same" or "different"; an id that names no pair
    in these rows is refused (a mistyped id must not be silently ignored)."""
    groups = _Groups(rows, keys)
    remaining = dict(decisions or {})
    same_rows: list[tuple[int, int, str]] = []
    different_rows: list[tuple[int, int, str]] = []
    for _round in range(len(remaining) + 1):
        found = groups.round(same_rows, different_rows)
        matched = False
        for pair_key, (a, b, _reason) in found.items():
            wanted = remaining.pop(groups.pair_name(pair_key), None)
            if wanted is None:
                continue
            matched = True
            name = groups.pair_name(pair_key)
            (same_rows if wanted == SAME else different_rows).append((a, b, name))
        for name, (a, b) in groups.automatic.items():
            wanted = remaining.pop(name, None)
            if wanted == DIFFERENT:  # "same" is what the rule did already
                matched = True
                different_rows.append((a, b, name))
        if not matched:
            break
    _refuse_contradictions(groups, same_rows, different_rows)
    if remaining:
        unknown = ", ".join(sorted(remaining))
        raise ActionKitError(
            f"No possible duplicate is named {unknown} in these files (the merge's "
            "summary and its Merged sheet name the pairs).",
            key="merge.unknown_pair",
            pairs=unknown,
        )
    return groups.outcome(same_rows, different_rows)


def _refuse_contradictions(
    groups: _Groups,
    same_rows: Sequence[tuple[int, int, str]],
    different_rows: Sequence[tuple[int, int, str]],
) -> None:
    """A "different" decision is never overridden: when "same" decisions join two rows
    the user said are different people, the merge is refused, naming the pairs."""
    find, group = groups.find, groups.group
    clashes = []
    for a, b, name in different_rows:
        root = find(group[a])
        if root != find(group[b]):
            continue
        chain = sorted({same for x, _y, same in same_rows if find(group[x]) == root})
        clashes.append(f"{name} (different) but {', '.join(chain)} (same) join its two rows")
    if clashes:
        said = "; ".join(clashes)
        raise ActionKitError(
            f"Your decisions contradict each other: {said}. Change one of them "
            "(a pair marked different is never merged).",
            key="merge.contradiction",
            pairs=said,
        )


class _Groups:
    """Rows grouped first by email (and rows without one by name and city), then those
    groups joined into signers by name and city and by the user's decisions."""

    def __init__(self, rows: Sequence[Row], keys: Sequence[tuple[str, str]]) -> None:
        self.rows = rows
        self.keys = keys
        group = list(range(len(rows)))
        by_email: dict[str, int] = {}
        self.plain_by_name: dict[str, int] = {}  # name|city -> group of rows without email
        names: dict[str, set[int]] = {}  # name|city -> groups with an email
        for i, (email, name) in enumerate(keys):
            if email:
                first = by_email.setdefault(email, i)
                if name:
                    names.setdefault(name, set()).add(first)
            elif name:
                first = self.plain_by_name.setdefault(name, i)
            else:
                continue
            group[i] = first
        self.group = group
        self.email_groups = names
        self.with_email = set(by_email.values())
        self.parent: dict[int, int] = {}
        self._anchors: dict[int, int] | None = None
        self._found: dict[frozenset[int], tuple[int, int, str]] = {}
        self._where: list[tuple[str, str, str, str, int]] | None = None
        # Merges by name and city alone, by id: (the row without email, the signer's row).
        self.automatic: dict[str, tuple[int, int]] = {}

    # Groups joined into signers ------------------------------------------------------

    def find(self, g: int) -> int:
        parent = self.parent
        while g in parent:
            up = parent[g]
            if up in parent:
                parent[g] = parent[up]
            g = up
        return g

    def join(self, keep: int, other: int) -> None:
        keep, other = self.find(keep), self.find(other)
        if keep != other:
            self.parent[other] = keep

    def round(
        self,
        same_rows: Sequence[tuple[int, int, str]],
        different_rows: Sequence[tuple[int, int, str]],
    ) -> dict[frozenset[int], tuple[int, int, str]]:
        """Join the groups as the rules and the decisions so far say; return the pairs
        kept apart (by their signers' roots) with each side's earliest row and why."""
        self.parent = {}
        self._anchors = None
        group, find = self.group, self.find
        for a, b, _ in same_rows:
            self.join(group[a], group[b])
        different = {frozenset((find(group[a]), find(group[b]))) for a, b, _ in different_rows}
        emailed = {find(g) for g in self.with_email}  # signers with an email
        apart: dict[frozenset[int], str] = {}
        before: dict[int, int] | None = None  # each signer's earliest row before joins
        after: dict[int, int] = {}
        self.automatic = {}
        for name, first in self.plain_by_name.items():
            own = find(first)
            if own in emailed:
                continue  # joined to a signer with an email by a decision: see below
            candidates = {find(g) for g in self.email_groups.get(name, ())}
            open_ = {c for c in candidates if frozenset((own, c)) not in different}
            for c in candidates - open_:
                apart[frozenset((own, c))] = (
                    SEVERAL_MATCH if len(candidates) > 1 else NO_EMAIL_APART
                )
            if len(open_) == 1:
                match = open_.pop()
                if before is None:
                    before = dict(self.anchors())  # names the merge: not updated below
                    after = dict(before)  # the signers' anchors as they are joined
                first_row, second_row = sorted((before[own], before[match]), key=self.where)
                name = pair_id(self.rows[first_row], self.rows[second_row])
                self.automatic[name] = (before[own], before[match])
                self.join(match, own)  # the signer with the email stays the root
                after[match] = min(after[match], after[own], key=self.where)
            else:
                for c in open_:
                    apart[frozenset((own, c))] = SEVERAL_MATCH
        for name, groups in self.email_groups.items():
            roots = {find(g) for g in groups}
            plain = self.plain_by_name.get(name, -1)
            if plain >= 0 and find(plain) in emailed:
                roots.add(find(plain))
            for a, b in combinations(sorted(roots), 2):
                apart.setdefault(frozenset((a, b)), DIFFERENT_EMAILS)
        self._anchors = after if before is not None else None
        anchors = self.anchors()
        found: dict[frozenset[int], tuple[int, int, str]] = {}
        for pair, reason in apart.items():
            a, b = (find(g) for g in pair)
            if a == b:
                continue
            first, second = sorted((anchors[a], anchors[b]), key=self.where)
            found.setdefault(frozenset((a, b)), (first, second, reason))
        self._found = found
        return found

    def where(self, i: int) -> tuple[str, str, str, str, int]:
        if self._where is None:  # each row's place, worked out once (rounds ask often)
            self._where = [_where(row) for row in self.rows]
        return self._where[i]

    def anchors(self) -> dict[int, int]:
        """Each signer's earliest row (by file, event, sheet, row): what names it."""
        if self._anchors is None:
            anchors: dict[int, int] = {}
            find, group, where = self.find, self.group, self.where
            for i in range(len(self.rows)):
                root = find(group[i])
                best = anchors.get(root, -1)
                if best < 0 or where(i) < where(best):
                    anchors[root] = i
            self._anchors = anchors
        return self._anchors

    def pair_name(self, key: frozenset[int]) -> str:
        first, second, _ = self._found[key]
        return pair_id(self.rows[first], self.rows[second])

    # The signers ---------------------------------------------------------------------

    def outcome(
        self,
        same_rows: Sequence[tuple[int, int, str]],
        different_rows: Sequence[tuple[int, int, str]],
    ) -> Outcome:
        rows, find, group = self.rows, self.find, self.group
        members: dict[int, list[int]] = {}
        for i in range(len(rows)):
            members.setdefault(find(group[i]), []).append(i)
        decided_in: dict[int, list[str]] = {}
        for a, _b, name in same_rows:
            decided_in.setdefault(find(group[a]), []).append(name)
        automatic_in: dict[int, list[str]] = {}
        for name, (_a, b) in sorted(self.automatic.items()):
            automatic_in.setdefault(find(group[b]), []).append(name)
        out = Outcome(decided_same=[name for _, _, name in same_rows])
        signer_of: dict[int, Row] = {}
        merged: list[tuple[int, int, str, tuple[str, ...], str, str]] = []
        for root, indices in members.items():  # in order of each signer's first row
            if len(indices) == 1:
                signer = rows[indices[0]][:LINE]
                signer_of[root] = signer
                out.signers.append(signer)
                continue
            # The kept row depends only on the rows, never on the order of the files:
            # a consented one, then the earliest by where it came from.
            ranked = sorted(indices, key=lambda i: (rows[i][CONSENT] != "yes", self.where(i)))
            kept = ranked[0]
            values = list(rows[kept][:FIELD_COUNT])
            decided = ", ".join(decided_in.get(root, ()))
            email = self.keys[kept][0]
            kept_email = email or next((self.keys[i][0] for i in ranked if self.keys[i][0]), "")
            # The address is one block (city, postal code, country) from one row: the
            # kept row's when it has a city or postal code, else the first that has any.
            source = kept
            if not any(values[f] for f in ADDRESS[:2]):
                source = next((i for i in ranked if any(rows[i][f] for f in ADDRESS)), kept)
                for f in ADDRESS:
                    values[f] = rows[source][f]
            for other in ranked[1:]:
                row = rows[other]
                taken = []
                for f in range(FIELD_COUNT):
                    if f in ADDRESS:
                        if other == source and row[f]:
                            taken.append(MERGED_FIELDS[f])
                        continue
                    if not values[f] and row[f]:
                        values[f] = row[f]
                        taken.append(MERGED_FIELDS[f])
                if email and self.keys[other][0] == email:
                    reason = SAME_EMAIL
                elif decided:
                    reason = DECIDED_SAME
                else:
                    reason = SAME_NAME_CITY
                dropped = str(row[EMAIL]) if self.keys[other][0] not in ("", kept_email) else ""
                merged.append(
                    (
                        other,
                        root,
                        reason,
                        tuple(taken),
                        decided
                        if reason == DECIDED_SAME
                        else ", ".join(automatic_in.get(root, ()))
                        if reason == SAME_NAME_CITY
                        else "",
                        dropped,
                    )
                )
            if any(rows[i][CONSENT] == "yes" for i in indices):
                values[CONSENT] = "yes"
            signer = (*values, *rows[kept][FIELD_COUNT:LINE])
            signer_of[root] = signer
            out.signers.append(signer)
        out.merged = [
            MergedRow(rows[i][:LINE], signer_of[root], reason, taken, name, dropped)
            for i, root, reason, taken, name, dropped in sorted(merged)
        ]
        out.automatic = [
            Pair(name, rows[a][:LINE], signer_of[find(group[b])], SAME_NAME_CITY, SAME)
            for name, (a, b) in sorted(
                self.automatic.items(), key=lambda item: self.where(item[1][0])
            )
        ]
        # A pair decided "different" keeps the name the user gave it, even when a "same"
        # decision has since joined one of its sides to another row.
        different = {
            frozenset((find(group[a]), find(group[b]))): name for a, b, name in different_rows
        }
        for key, (first, second, reason) in sorted(
            self._found.items(), key=lambda item: self.where(item[1][0])
        ):
            a, b = (find(group[first]), find(group[second]))
            out.pairs.append(
                Pair(
                    different.get(key) or pair_id(rows[first], rows[second]),
                    signer_of[a],
                    signer_of[b],
                    reason,
                    DIFFERENT if key in different else "",
                )
            )
        return out
