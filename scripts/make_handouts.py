"""Make printable handouts from the lesson notebooks (never imported by lessons; no network).

    python scripts/make_handouts.py                    # every lesson, the printable test and the five-minute card, HTML, into instructors/handouts/
    python scripts/make_handouts.py --format markdown  # Markdown (charts as SVG files beside it)
    python scripts/make_handouts.py notebooks/03-weighing-the-evidence.ipynb --out /tmp/handouts

A handout is the lesson as a learner reads it, ready to print or open with no Jupyter: the text,
the tables and charts the notebook stored (it must have been run: scripts/nbtools.py execute),
and no code. Interactive cells cannot work on paper, so each one is replaced by words: a quick
check whose question and options are written out in the cell becomes a printed question with
tick boxes (answers in a separate instructors' file, quick-check-answers.md); a question built
from the case data, or a tool such as the design guide, becomes a note saying to do it in the
notebook or with the instructor. Script tags that would load anything from the network are
removed, so a handout opens offline.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "instructors" / "handouts"
QUIZZES = {"multiple_choice": "Choose one answer.", "multi_select": "Tick every answer that applies.",
           "mark_sentences": "Tick every sentence that should be marked."}
TOOLS = {"design_guide": "the design guide", "certainty_calculator": "the certainty calculator",
         "rubric_widget": "the rubric sheet", "take_assessment": "the assessment"}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
BOX = "\u2610"


def _literal(node: ast.AST | None) -> object:
    try:
        return ast.literal_eval(node) if node is not None else None
    except (ValueError, SyntaxError, TypeError):
        return None


def quiz_calls(source: str) -> list[dict]:
    """The quizzes a cell asks, as {kind, question, options, answer}; None values where not literal."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in QUIZZES:
                keywords = {k.arg: k.value for k in node.keywords}
                args = list(node.args) + [None] * 3
                question = _literal(args[0] or keywords.get("question"))
                options = _literal(args[1] or keywords.get("options") or keywords.get("sentences"))
                answer = _literal(args[2] or keywords.get("answer") or keywords.get("answers") or keywords.get("correct_ids"))
                found.append({"kind": name, "question": question, "options": options, "answer": answer})
    return found


def printed_quiz(quiz: dict) -> str | None:
    """A quiz as printable Markdown with tick boxes, or None if it is built from data."""
    question, options = quiz["question"], quiz["options"]
    if not isinstance(question, str) or not isinstance(options, (dict, list)) or not options:
        return None
    labels = list(options) if isinstance(options, dict) else [f"{n}. {s}" for n, s in enumerate(options, 1)]
    lines = [f"**Quick check.** {question} *{QUIZZES[quiz['kind']]}*", ""]
    lines += [f"- {BOX} {label}" for label in labels]
    return "\n".join(lines)


def answer_text(quiz: dict) -> str:
    """The right answer(s) of a literal quiz, for the instructors' sheet."""
    answer = quiz["answer"]
    if isinstance(answer, (set, frozenset)):
        answer = sorted(answer, key=str)
    if isinstance(answer, (list, tuple)):
        if quiz["kind"] == "mark_sentences":
            return "sentences " + ", ".join(sorted(str(a) for a in answer))
        return "; ".join(str(a) for a in answer)
    return str(answer)


def handout_notebook(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[tuple[str, str]]]:
    """A copy of the notebook fit for paper, and the (question, answer) pairs of its quick checks."""
    out = copy.deepcopy(nb)
    answers: list[tuple[str, str]] = []
    cells = []
    for cell in out.cells:
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        interactive = "nbval-ignore-output" in cell.metadata.get("tags", []) or any(
            WIDGET_MIME in output.get("data", {}) for output in cell.get("outputs", []))
        if not interactive:
            cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
            cells.append(cell)
            continue
        quizzes = quiz_calls(cell.source)
        printed = [printed_quiz(q) for q in quizzes]
        if quizzes and all(printed):
            cells.append(new_markdown_cell("\n\n".join(printed)))
            answers += [(q["question"], answer_text(q)) for q in quizzes]
        elif quizzes:
            cells.append(new_markdown_cell("*Quick check: this question is built from the case data. Answer it in the "
                                           "notebook, or your instructor will read it out.*"))
        else:
            tool = next((label for name, label in TOOLS.items() if name in cell.source), "this interactive tool")
            cells.append(new_markdown_cell(f"*Here the notebook opens {tool}. Use it in the notebook, or work through "
                                           "it on paper with your instructor.*"))
    for index, cell in enumerate(cells):
        cell.id = f"handout-{index:03d}"  # stable ids, so a re-run changes nothing unless the lesson changed
    out.cells = cells
    return out, answers


def strip_network(html: str) -> str:
    """Remove script tags that load from the network (the handout needs no JavaScript)."""
    html = re.sub(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", "", html)
    html = re.sub(r"<script\b[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*</script>", "", html, flags=re.DOTALL)
    html = re.sub(r"<link[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", "", html)
    return html


def share_styles(html: str, out: Path) -> str:
    """Move the template's stylesheet from the page's head into one shared file beside the handouts.

    Every handout embeds the same few thousand lines of JupyterLab's CSS; kept once in a file named
    after its content, the handouts stay small and print the same (they still need no network).
    """
    head, sep, body = html.partition("</head>")
    if not sep:
        return html
    styles = re.findall(r"<style[^>]*>.*?</style>", head, flags=re.DOTALL)
    if not styles:
        return html
    css = "\n".join(re.sub(r"^<style[^>]*>|</style>$", "", block.strip()) for block in styles) + "\n"
    name = f"handout-{hashlib.sha256(css.encode('utf-8')).hexdigest()[:8]}.css"
    (out / name).write_text(css, encoding="utf-8")
    for block in styles:
        head = head.replace(block, "", 1)
    return head + f'<link rel="stylesheet" href="{name}">\n' + sep + body


def export(path: Path, out: Path, fmt: str) -> tuple[Path, list[tuple[str, str]]]:
    """Write one handout; return its path and the lesson's quick-check answers."""
    from nbconvert import HTMLExporter, MarkdownExporter

    nb, answers = handout_notebook(nbformat.read(path, as_version=4))
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                                exclude_output_prompt=True)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        target = out / f"{path.stem}.html"
        target.write_text(share_styles(strip_network(body), out), encoding="utf-8")
    else:
        exporter = MarkdownExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
        files = f"{path.stem}_files"
        body, resources = exporter.from_notebook_node(nb, resources={"output_files_dir": files,
                                                                      "metadata": {"name": path.stem}})
        target = out / f"{path.stem}.md"
        target.write_text(body, encoding="utf-8")
        for name, data in resources.get("outputs", {}).items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return target, answers


MARKDOWN_PAGES = {REPO / "assessment" / "printable.md": "check-your-skills-printable",
                  REPO / "instructors" / "five-minute-card.md": "five-minute-card"}


def export_markdown_page(path: Path, out: Path, name: str) -> Path:
    """A Markdown page (the printable test, the five-minute card) as a printable HTML file."""
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_notebook

    text = re.sub(r"<!--.*?-->\s*", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    nb = new_notebook(cells=[new_markdown_cell(text, id="page")])
    exporter = HTMLExporter(template_name="lab", exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    target = out / f"{name}.html"
    target.write_text(share_styles(strip_network(body), out), encoding="utf-8")
    return target


def answers_sheet(all_answers: dict[str, list[tuple[str, str]]]) -> str:
    """The instructors' sheet of quick-check answers, lesson by lesson."""
    lines = ["<!-- generated by scripts/make_handouts.py; do not edit by hand -->", "",
             "# Quick checks on the handouts: answers", "",
             "For instructors. The printed handouts show each quick check with tick boxes; these are the answers "
             "the notebooks accept (the notebooks also explain every option). Quick checks built from the case "
             "data are not listed: run the notebook to see them.", ""]
    for lesson, answers in all_answers.items():
        lines += [f"## {lesson}", ""]
        lines += [f"{n}. {question}  \n   **Answer:** {answer}" for n, (question, answer) in enumerate(answers, 1)] or [
            "No printed quick checks."]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks (default: every lesson in notebooks/)")
    parser.add_argument("--format", choices=["html", "markdown"], default="html")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((REPO / "notebooks").glob("*.ipynb"))
    collected: dict[str, list[tuple[str, str]]] = {}
    for path in paths:
        target, answers = export(path, args.out, args.format)
        collected[path.stem] = answers
        print(f"handout: {target}")
    if not args.notebooks and args.format == "html":
        for page, name in MARKDOWN_PAGES.items():
            print(f"handout: {export_markdown_page(page, args.out, name)}")
    sheet = args.out / "quick-check-answers.md"
    sheet.write_text(answers_sheet(collected), encoding="utf-8")
    print(f"answers: {sheet}")


if __name__ == "__main__":
    main()
