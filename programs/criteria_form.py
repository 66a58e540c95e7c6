"""The criteria builder's form: flat rows in the browser, a criterion set in the database.

Each row is one rule with a group number: 0 puts it at the top level, 1-3 inside a nested
group of that number (one level of nesting). Posted fields are ``r<i>-field``,
``r<i>-group``, ``r<i>-min``, ``r<i>-max``, ``r<i>-value``, ``r<i>-values``,
``r<i>-program``; ``match`` and ``g<k>-match`` say "all" or "any".
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as default
from typing import Any

from django.http import QueryDict

from programs.criteria import FIELDS

GROUPS = (1, 2, 3)
EXTRA_ROWS = 1
MAX_ROWS = 40


@dataclass
class BuilderRow:
    index: int
    field: str = ""
    group: int = 0
    min: str = ""
    max: str = ""
    value: str = "ya"
    values: list[str] = default(default_factory=list)
    program: str = ""

    @property
    def kind(self) -> str:
        found = FIELDS.get(self.field)
        return found.kind if found else ""

    @property
    def choices(self) -> tuple[tuple[str, Any], ...]:
        found = FIELDS.get(self.field)
        return found.choices if found else ()

    @property
    def values_text(self) -> str:
        return ", ".join(self.values)


@dataclass
class Builder:
    match: str = "all"
    group_match: dict[int, str] = default(default_factory=lambda: dict.fromkeys(GROUPS, "any"))
    rows: list[BuilderRow] = default(default_factory=list)

    def with_blank_rows(self, count: int = EXTRA_ROWS) -> Builder:
        start = len(self.rows)
        self.rows += [BuilderRow(index=start + i) for i in range(count)]
        return self


def builder_from_criteria(data: dict[str, Any]) -> Builder:
    builder = Builder(match=data.get("match", "all") if data else "all")
    for item in (data or {}).get("rules", []):
        if "rules" in item:
            group = next((g for g in GROUPS if all(r.group != g for r in builder.rows)), GROUPS[-1])
            builder.group_match[group] = item.get("match", "any")
            for rule in item["rules"]:
                builder.rows.append(_row(rule, index=len(builder.rows), group=group))
        else:
            builder.rows.append(_row(item, index=len(builder.rows), group=0))
    return builder


def _row(rule: dict[str, Any], *, index: int, group: int) -> BuilderRow:
    value = rule.get("value", True)
    return BuilderRow(
        index=index,
        field=rule.get("field", ""),
        group=group,
        min="" if rule.get("min") is None else str(rule["min"]),
        max="" if rule.get("max") is None else str(rule["max"]),
        value="ya" if value else "tidak",
        values=[str(v) for v in rule.get("values", [])],
        program=rule.get("program", ""),
    )


def builder_from_post(post: QueryDict) -> Builder:
    builder = Builder(match="any" if post.get("match") == "any" else "all")
    for group in GROUPS:
        builder.group_match[group] = "all" if post.get(f"g{group}-match") == "all" else "any"
    for index in range(MAX_ROWS):
        name = post.get(f"r{index}-field", "")
        if f"r{index}-field" not in post:
            break
        if post.get(f"r{index}-delete"):
            continue
        group_text = post.get(f"r{index}-group", "0")
        values = post.getlist(f"r{index}-values")
        if len(values) == 1 and "," in values[0]:  # region codes typed as a list
            values = [v.strip() for v in values[0].split(",") if v.strip()]
        builder.rows.append(
            BuilderRow(
                index=len(builder.rows),
                field=name,
                group=int(group_text) if group_text in {str(g) for g in GROUPS} else 0,
                min=post.get(f"r{index}-min", "").strip(),
                max=post.get(f"r{index}-max", "").strip(),
                value=post.get(f"r{index}-value", "ya"),
                values=[v.strip() for v in values if v.strip()],
                program=post.get(f"r{index}-program", "").strip(),
            )
        )
    return builder


def criteria_from_builder(builder: Builder) -> dict[str, Any]:
    """The criterion set the rows describe (validated afterwards by ``criteria_validate``)."""
    rules: list[dict[str, Any]] = []
    groups: dict[int, dict[str, Any]] = {}
    for row in builder.rows:
        if not row.field:
            continue
        rule = _rule(row)
        if row.group:
            if row.group not in groups:
                groups[row.group] = {"match": builder.group_match[row.group], "rules": []}
                rules.append(groups[row.group])
            groups[row.group]["rules"].append(rule)
        else:
            rules.append(rule)
    return {"match": builder.match, "rules": rules}


def _rule(row: BuilderRow) -> dict[str, Any]:
    kind = row.kind
    if kind == "range":
        return {"field": row.field, "min": row.min or None, "max": row.max or None}
    if kind == "bool":
        return {"field": row.field, "value": row.value != "tidak"}
    if kind == "program":
        return {"field": row.field, "program": row.program, "value": row.value != "tidak"}
    if kind in ("choices", "regions"):
        return {"field": row.field, "values": row.values}
    return {"field": row.field}
