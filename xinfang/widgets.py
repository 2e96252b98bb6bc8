"""Form widgets every page shares, whichever app's form uses them."""

from __future__ import annotations

from typing import Any

from django import forms

#: The one date format a browser's date picker reads and writes (HTML: a valid date string).
ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A browser date picker (``<input type="date">``) whose value is ISO ``yyyy-mm-dd`` in
    every language. Django would render the active language's first input format instead —
    ``2026/12/07`` in Chinese — which the picker rejects, leaving the field blank. What the
    user sends back is ISO too, which every language's input formats parse."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or ISO_DATE)
