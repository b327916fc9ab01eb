"""The pre/post assessment as a widget: radio buttons for every item, handed in and scored by concept."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from claimlab.assessment import describe_score, explain_answers, item_options, load_items, score_answers
from claimlab.handin import hand_in
from claimlab.sittings import revealed


class AssessmentForm(widgets.VBox):
    """The whole assessment as radio buttons, with a button that hands it in and scores it by concept."""

    def __init__(self, items: pd.DataFrame):
        self.items = items
        self.choices: dict[str, widgets.RadioButtons] = {}
        children: list[widgets.Widget] = []
        for number, (_, item) in enumerate(items.iterrows(), 1):
            children.append(widgets.HTML(f"<p><b>{number}. ({item['item_id']}) {html.escape(item['scenario'])}</b><br>"
                                         f"{html.escape(item['question'])}</p>"))
            buttons = widgets.RadioButtons(options=[(f"{letter}) {text}", letter) for letter, (text, _) in item_options(item).items()],
                                           value=None, layout=widgets.Layout(width="auto"))
            self.choices[item["item_id"]] = buttons
            children.append(buttons)
        self.sitting = widgets.Dropdown(options=[("before the lessons", "before"), ("after the lessons", "after")],
                                        description="This sitting is", style={"description_width": "8em"})
        self.learner = widgets.Text(value="", placeholder="your name or code", description="Your code",
                                    style={"description_width": "8em"})
        self.score_button = widgets.Button(description="Hand in and see my score",
                                           tooltip="Hand in your answers; the score is shown then")
        self.explain_box = widgets.Checkbox(value=False, description="Also show why each answer is right or not", indent=False)
        self.result = widgets.HTML('<div role="status" aria-live="polite"></div>')
        self.score_button.on_click(lambda _b: self.hand_in())
        super().__init__([*children, self.sitting, self.learner, self.explain_box, self.score_button, self.result])
        from claimlab.widget_style import readable

        readable(self)

    def hand_in(self) -> object:
        """Hand in the chosen answers for the chosen sitting, then show the score (and explanations after 'after')."""
        result = hand_in(self.answers(), self.sitting.value, self.learner.value.strip() or "your code",
                         items=self.items)
        if result.score is None:
            self.result.value = f'<div role="status" aria-live="polite"><p>{html.escape(result.message)}</p></div>'
            return result
        self.show_score()
        note = html.escape(repr(result)).replace("\n", "<br>")
        self.result.value = self.result.value.replace('aria-live="polite">', f'aria-live="polite"><p>{note}</p>', 1)
        return result

    def answers(self) -> dict[str, str | None]:
        """The letters chosen so far (None where nothing is chosen)."""
        return {item_id: buttons.value for item_id, buttons in self.choices.items()}

    def show_score(self) -> pd.DataFrame:
        """Score the current answers and show the table (and the explanations, if ticked)."""
        score = score_answers(self.answers(), self.items)
        parts = [f"<p>{html.escape(describe_score(score))}</p>", score.to_html(index=False)]
        if self.explain_box.value:
            if revealed():
                parts.append(explain_answers(self.answers(), self.items, reveal=True).to_html(index=False))
            else:
                parts.append("<p>The explanations (and which answers are right) are shown once you have handed in "
                             "the after-lessons sitting: see <b>Hand in your answers</b> below.</p>")
        self.result.value = '<div role="status" aria-live="polite">' + "".join(parts) + "</div>"
        return score


def take_assessment(items: pd.DataFrame | None = None) -> AssessmentForm:
    """The assessment as a widget: choose an answer for each question, then press Score."""
    return AssessmentForm(load_items() if items is None else items)
