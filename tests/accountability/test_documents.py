"""The recommendation letter and the decision notice: Chinese PDFs citing the articles, every
CJK glyph drawn with the WenQuanYi Zen Hei font (no tofu, no fallback font)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import timezone

from xinfang.accountability import documents, services
from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Decision, Lead, Recommendation

from .factories import FAILURE_DAY, World, make_overdue_matter
from .pdftext import cjk, read_pdf

AFTER = FAILURE_DAY + dt.timedelta(days=1)


def sent_letter(world: World) -> Recommendation:
    make_overdue_matter(world, period="handle")
    detect_leads(today=AFTER)
    case = services.case_open(
        lead=Lead.objects.get(), investigating_organ=world.organ("d_po"), actor="t"
    )
    services.case_record_findings(
        case=case,
        grounds=[2],
        threshold_met=True,
        threshold_reasoning="逾期未办结，严重损害信访人合法权益。",
        harm="serious",
        impact="major",
        harm_description="信访人多次到区信访办反映。",
        responsibility="individual",
        participants=[
            {"person": world.person("housing_deputy"), "role": "supervising_leader"},
            {
                "person": world.person("housing_director"),
                "role": "principal_leader",
                "diligent": True,
                "diligence_note": "两次批示督办",
            },
        ],
        actor="t",
    )
    letters = services.case_send_recommendation(case=case, actor="t")
    return next(r for r in letters if r.authority == world.organ("d_party"))


def assert_all_cjk_in_wenquanyi(pdf: bytes) -> str:
    text = read_pdf(pdf)
    assert text.font_names, "no embedded font"
    assert all("WenQuanYi" in name for name in text.font_names), text.font_names
    chinese = cjk(text.text)
    assert chinese, "no Chinese text"
    for font, drawn in text.by_font.items():
        if cjk(drawn):
            assert "WenQuanYi" in font, font
    assert "\ufffd" not in text.text  # every glyph maps back to a character
    return text.text


def test_the_recommendation_letter_is_chinese_and_cites_the_articles(world: World) -> None:
    letter = sent_letter(world)
    pdf = documents.recommendation_letter_pdf(letter)
    assert pdf.startswith(b"%PDF")
    text = assert_all_cjk_in_wenquanyi(pdf)
    assert "责任追究建议书" in text
    assert letter.number in text
    assert "《重庆市信访工作责任制实施细则》第十一条第一款第二项" in text
    assert "第十四条" in text  # serious and major: 诫勉
    assert "诫勉" in text
    assert "两次批示督办" in text
    assert "综合性荣誉称号" in text
    assert world.organ("d_party").name in text


def test_the_decision_notice_states_each_decision_and_its_reasons(world: World) -> None:
    letter = sent_letter(world)
    person = Decision.objects.get(recommendation=letter, person__isnull=False)
    services.decision_record(
        decision=person,
        measures=["circulated_notice"],
        reasons="本人主动说明情况并已督促整改，从轻处理。",
        rectification_due=timezone.localdate() + dt.timedelta(days=30),
        actor="t",
    )
    text = assert_all_cjk_in_wenquanyi(documents.decision_notice_pdf(letter))
    assert "责任追究决定通知书" in text
    assert "与建议不一致的理由：本人主动说明情况并已督促整改，从轻处理。" in text
    assert "第十七条第一款" in text
    assert "抄送" in text and world.organ("d_org").name in text


def test_the_documents_ask_for_the_wenquanyi_font(world: World) -> None:
    """The HTML behind the PDF names the font explicitly (WeasyPrint's document API)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    letter = sent_letter(world)
    context = documents.recommendation_context(letter)

    html = render_to_string(
        "accountability/documents/recommendation_letter.html",
        {**context, "font_family": documents.FONT_FAMILY},
    )
    assert 'font-family: "WenQuanYi Zen Hei"' in html
    rendered = HTML(string=html).render()
    assert len(rendered.pages) >= 1
    rendered.write_pdf()  # fills ``rendered.fonts`` with the fonts actually used
    fonts = list(rendered.fonts.values())
    assert fonts and all(font.family == "WenQuanYi Zen Hei" for font in fonts)
    drawn = {char for font in fonts for char in font.to_unicode.values()}
    assert {"责", "任", "追", "究", "建", "议", "书"} <= drawn
    assert all(0 not in font.to_unicode and not font.missing for font in fonts)  # no .notdef


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_reads_the_chinese(world: World, tmp_path: object) -> None:
    letter = sent_letter(world)
    pdf = documents.recommendation_letter_pdf(letter)
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    assert "责任追究建议书" in out


def test_citations_are_grouped_under_the_rules_title_in_article_order() -> None:
    assert documents.cite(
        ["细则第十四条", "细则第十一条第一款第二项", "细则第十一条第二款", "细则第十四条"]
    ) == ("《重庆市信访工作责任制实施细则》第十一条第一款第二项、第十一条第二款、第十四条")
    assert documents.cite(["细则第十六条", "信访条例(2005)第三十三条第一款"]) == (
        "《重庆市信访工作责任制实施细则》第十六条；信访条例(2005)第三十三条第一款"
    )
