"""Plain-language hints shown above a Python error in a notebook."""

from __future__ import annotations

HINTS: dict[type[BaseException], str] = {
    NameError: (
        "Python does not know this name yet. Usually a cell above has not been run: "
        "use Run > Run All Above Selected Cell, then try again. Check the spelling too."
    ),
    ModuleNotFoundError: (
        "A package is missing from this kernel. Open the kit with `python3 kit.py open` "
        "(it installs everything into .venv/), and pick the kernel it starts."
    ),
    FileNotFoundError: (
        "The file is not where the code looks. Check the name and the folder; paths in the "
        "lessons are relative to the notebook's folder."
    ),
    KeyError: (
        "That key or column name is not in the table. Print the table's columns "
        "(`table.columns`) and copy the name exactly."
    ),
    IndexError: "You asked for a position past the end of a list or table. Count from 0.",
    AttributeError: (
        "This kind of object has no attribute or method with that name. Check the spelling, "
        "and check what kind of object it is with `type(...)`."
    ),
    TypeError: (
        "An operation got a kind of value it cannot use (text where a number was expected, "
        "say). Look at the values in the line the error points to."
    ),
    ValueError: "A value has the right kind but an unusable content. Read the last line of the error.",
    ZeroDivisionError: "Something was divided by zero: check for an empty table or a zero count.",
}


# Shown by claimlab.setup() above a SyntaxError (IPython reports those through its own path).
SYNTAX_HINT = (
    "Python could not read this line. Look where the arrow points: a quote, bracket or "
    "parenthesis that opens must close, text goes in quotes (\"like this\"), and a list is written "
    "[\"a\", \"b\"] with commas between the items."
)


def unquoted_word_hint(name: str) -> str:
    """The hint for a bare word Python took for a variable (the most common slip in an answer)."""
    return (f"If {name} is meant as an answer (a word, not a variable), put it in quotes: "
            f"\"{name}\". Text is always written between quotes in Python. "
            "If it is a variable, the cell that makes it has not been run: use Run > Run All Above "
            "Selected Cell, then try again. Check the spelling too.")


def hint_for(error: BaseException) -> str | None:
    """The plain-language hint for an error, or None when the kit has none."""
    if isinstance(error, NameError) and getattr(error, "name", None):
        return unquoted_word_hint(error.name)
    for kind in type(error).__mro__:
        if kind in HINTS:
            return HINTS[kind]
    return None
