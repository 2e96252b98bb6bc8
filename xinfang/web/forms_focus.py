"""The focus on the mistake: a page that sends a form back with errors puts the focus there,
so the browser scrolls to it beside the step that was sent, not below the top of a long page.

The pages allow no inline script (CSP): the focus is the HTML ``autofocus`` attribute. A
field in error gets it here; a refusal of the whole form (a non-field error) is focused by its
message box in the template (``role="alert" tabindex="-1" autofocus``, see
``accountability/_form.html`` and the matter page's steps).
"""

from __future__ import annotations

from django import forms


def focus_first_error(*sent: forms.Form | None) -> None:
    """Put the focus on the first field in error of the first form in ``sent`` that was sent
    back with errors; nothing when that form's errors include a non-field one (its message box
    takes the focus) or no form was sent back. Pass every form of the page that may be bound:
    only the one that was posted is, and a page has a single ``autofocus``."""
    for form in sent:
        if form is None or not form.is_bound or not form.errors:
            continue
        if form.non_field_errors():
            return
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs["autofocus"] = True
                return
        return
