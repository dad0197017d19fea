"""The registry of diagnostic codes: each code once, with its slug, the pass it belongs to and
what it means. Message texts live here too, so passes never word the same problem twice."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    slug: str
    stage: str
    description: str


CODES: dict[str, Code] = {}


def _code(code: str, slug: str, stage: str, description: str) -> Code:
    assert code not in CODES, code
    CODES[code] = entry = Code(code, slug, stage, description)
    return entry


# -- syntax (parse.py)
SYNTAX = _code("E0001", "syntax", "parse", "the text does not follow the rule language's grammar")
BAD_STRING = _code("E0002", "bad-string", "parse", "a string has an escape the language does not know")
BAD_DATE = _code("E0003", "bad-date", "parse", "a date that is not a real calendar date")
UNREADABLE = _code("E0004", "unreadable-file", "parse", "a rule file that cannot be read as UTF-8 text")

# -- names and citations (resolve.py)
UNKNOWN_NAME = _code("E0101", "unknown-name", "resolve", "a name that no vocabulary, table or parameter defines")
UNKNOWN_CITATION = _code("E0102", "unknown-citation", "resolve", "a citation of a point or clause the instrument does not have")
DUPLICATE_CITATION = _code("E0103", "duplicate-citation", "resolve", "the same article, clause or point written twice")
DUPLICATE_NAME = _code("E0104", "duplicate-name", "resolve", "the same vocabulary, member, table or parameter defined twice")
UNKNOWN_INSTRUMENT = _code("E0105", "unknown-instrument", "resolve", "`part of` names an instrument no file declares")
NOT_IN_INSTRUMENT = _code("E0106", "no-instrument", "resolve", "provisions in a file that names no instrument")
WRONG_KIND = _code("E0107", "wrong-kind", "resolve", "a name of the wrong kind for its place (a form where a proceeding is needed, ...)")
MISSING_VOCABULARY = _code("E0108", "missing-vocabulary", "resolve", "a vocabulary the validators need is not defined")

# -- amending acts (consolidate.py)
NO_AMENDED = _code("E0150", "amends-unknown", "consolidate", "an amending act `amends` an instrument no file declares")
NO_DATE = _code("E0151", "amendment-undated", "consolidate", "an amending act without its `in_force` date")
NOT_IN_FORCE = _code("E0152", "target-not-in-force", "consolidate", "an operation on a provision, cap, value or cell not in force on its date")
ALREADY_IN_FORCE = _code("E0153", "target-exists", "consolidate", "`insert` of a provision that is already in force on that date")
CONFLICT = _code("E0154", "conflicting-amendments", "consolidate", "two operations changing the same thing on the same date")
OP_OUTSIDE_ACT = _code("E0155", "operation-outside-act", "consolidate", "an amending operation in an instrument that `amends` nothing")
BEFORE_BASE = _code("E0156", "act-before-base", "consolidate", "an amending act in force before the instrument it amends")
NOT_OWNER = _code("E0157", "not-owner", "consolidate",
                  "an act changing a vocabulary, parameter or table that belongs to an instrument it does not amend")
WHICH_INSTRUMENT = _code("E0158", "which-instrument", "consolidate",
                         "an operation of an act amending several instruments that does not say which it changes")
BAD_PERIOD = _code("E0159", "bad-period", "consolidate", "a temporary change that ends before it begins, or that cannot be temporary")

# -- semantic checks (checks.py)
UNCERTIFIED_ACTIVITY = _code("E0201", "uncertified-activity", "check", "an activity that no certifier may certify")
CERTIFY_NOT_ACTIVITY = _code("E0202", "certify-not-activity", "check", "`certify` names a point that is not an activity")
CELL_OUTSIDE_AXES = _code("E0203", "cell-outside-axes", "check", "a table cell whose key is not on the table's axes")
DATE_OVERLAP = _code("E0204", "date-overlap", "check", "two values of a parameter in force on the same day")
DATE_GAP = _code("E0205", "date-gap", "check", "days between two values of a parameter when none is in force")
SESSION_BANDS = _code("E0206", "session-bands", "check", "the remainder bands of the session rule leave a gap or overlap")
DUPLICATE_RULE = _code("E0207", "duplicate-rule", "check", "two statements that set the same thing")
MISSING_RULE = _code("E0208", "missing-rule", "check", "an instrument with validators lacks a rule they need")
EXAMPLE_MISSING = _code("E0209", "example-missing", "check", "a worked example file that does not exist or cannot be read")
BAD_VALUE = _code("E0210", "bad-value", "check", "a number out of its possible range (a share above 100 %, a zero session length, ...)")
CELL_KEY_SHAPE = _code("E0211", "cell-key-shape", "check", "a cell key with the wrong number of coordinates")
DUPLICATE_CELL = _code("E0212", "duplicate-cell", "check", "the same table cell written twice")

NOT_COMPUTABLE = _code("E0213", "not-computable", "check", "a rule a backend cannot compute (a method it has no computation for)")

# -- the official text beside the rules (official.py, fidelity.py)
OFFICIAL_UNREADABLE = _code("E0220", "official-text-unreadable", "check", "an instrument's official text file is missing or not UTF-8 text")
OFFICIAL_SHAPE = _code("E0221", "official-text-shape", "check",
                       "the official text file is out of order (a clause or point where another was expected)")
TEXT_DRIFT = _code("E0222", "text-drift", "check", "a `text` or `title` in the law's language that differs from the official text")
PROVISION_MISSING = _code("E0223", "provision-missing", "check", "a provision of the official text that the rule files do not have")
PROVISION_EXTRA = _code("E0224", "provision-not-in-law", "check", "a provision in the rule files that the official text does not have")
TEXT_MISSING = _code("E0225", "paragraph-missing", "check", "a paragraph of the official text that the rule files do not quote")
TEXT_MISPLACED = _code("E0226", "paragraph-misplaced", "check", "a paragraph of the official text quoted under another provision")

# -- warnings
PENDING = _code("W0301", "pending", "check", "values and provisions written as pending: not known from any source")
MISSING_TRANSLATION = _code("W0302", "missing-translation", "check", "a text given in one language only")
UNCOVERED_ACTIVITY = _code("W0303", "uncertified-in-area", "check", "an activity of an area with no certifier rule")
RETROACTIVE = _code("W0305", "retroactive", "consolidate", "an amending act in force before it was signed")
UNACCOUNTED = _code("W0304", "provision-unaccounted", "check",
                    "a provision of the official text that the rules neither encode nor mark pending or left out")
