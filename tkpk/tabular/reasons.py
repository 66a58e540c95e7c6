"""Why a row of an uploaded table is refused or flagged: a code and its parameters are
stored, the text is translated when shown (page, rejected-rows file, API), in the language
of the reader. Each import declares its codes (``TableImport.row_messages``).

A problem is stored as ``{"column": header, "code": code, "params": {...}}`` (and the cell
as written, ``"value"``, where the import keeps it). Inside the vectorised checks a problem
travels as a *key*, ``code`` or ``code|{"param": ...}``, so that columns of problems stay
plain strings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

# code -> Indonesian source text (gettext_noop). "%s" takes the single parameter, "%(name)s"
# the named ones.
ROW_MESSAGES: dict[str, str] = {}


def row_messages_add(messages: Mapping[str, str]) -> None:
    """Codes an import refuses or flags rows with; a code means one thing in every import."""
    clash = [code for code in messages if ROW_MESSAGES.get(code, messages[code]) != messages[code]]
    if clash:
        raise ValueError(f"row problem codes already mean something else: {clash}")
    ROW_MESSAGES.update(messages)
    _patterns.cache_clear()


def message_key(code: str, /, **params: Any) -> str:
    """The compact form of a problem used inside the vectorised checks."""
    if code not in ROW_MESSAGES:
        raise KeyError(code)
    if not params:
        return code
    return f"{code}|{json.dumps(params, ensure_ascii=False, sort_keys=True)}"


def key_problem(key: str) -> tuple[str, dict[str, Any]]:
    code, _, params = key.partition("|")
    return code, json.loads(params) if params else {}


@lru_cache(maxsize=4096)
def problem_json(column: str, key: str) -> str:
    """The stored JSON object of the problem ``key`` about ``column``."""
    code, params = key_problem(key)
    entry: dict[str, Any] = {"column": column, "code": code}
    if params:
        entry["params"] = params
    return json.dumps(entry, ensure_ascii=False)


def problem_text(problem: Mapping[str, Any]) -> str:
    """The reason in the active language. Rows stored before codes keep their text."""
    code = problem.get("code")
    if code not in ROW_MESSAGES:
        return str(problem.get("message", ""))
    text = gettext(ROW_MESSAGES[code])
    params = problem.get("params") or {}
    if not params:
        return text
    if "%s" in text and len(params) == 1:
        return text % next(iter(params.values()))
    return text % params


def key_text(key: str) -> str:
    code, params = key_problem(key)
    return problem_text({"code": code, "params": params})


def problem_output(problem: Mapping[str, Any]) -> dict[str, Any]:
    """A problem as shown to people and systems: column, code, parameters and the text."""
    return {
        "column": problem.get("column", ""),
        "code": problem.get("code", ""),
        "params": problem.get("params") or {},
        "message": problem_text(problem),
    }


def problems_line(problems: list[dict[str, Any]]) -> str:
    return "; ".join(f"{p.get('column', '')}: {problem_text(p)}" for p in problems)


# ---------------------------------------------------------------- rows stored as text


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str, list[str]]]:
    """A pattern per code and language: rows were stored in the uploader's language."""
    patterns = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, source in ROW_MESSAGES.items():
                names: list[str] = []

                def group(match: re.Match[str], names: list[str] = names) -> str:
                    name = match.group(1) or "value"
                    if name in names:
                        return f"(?P={name})"
                    names.append(name)
                    return f"(?P<{name}>.+?)"

                regex = re.sub(r"%\\\((\w+)\\\)s|%s", group, re.escape(gettext(source)))
                patterns.append((re.compile(f"^{regex}$"), code, names))
    return patterns


def problem_from_text(
    entry: Mapping[str, Any], *, single_param: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """``{"column", "message", ...}`` written before codes -> ``{"column", "code", "params",
    ...}`` when the text is one of ours, in a language of the product; otherwise unchanged.
    ``single_param`` names the one parameter of a "%s" message, by code."""
    if "code" in entry or "message" not in entry:
        return dict(entry)
    message = str(entry["message"])
    for pattern, code, names in _patterns():
        match = pattern.match(message)
        if match is None:
            continue
        result = {k: v for k, v in entry.items() if k != "message"}
        result["code"] = code
        params = {
            (single_param or {}).get(code, name) if name == "value" else name: _number_or_text(
                match.group(name)
            )
            for name in names
        }
        if params:
            result["params"] = params
        return result
    return dict(entry)


def _number_or_text(value: str) -> Any:
    return int(value) if value.isdigit() else value
