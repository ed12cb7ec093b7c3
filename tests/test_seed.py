"""The seed page (``shared/seeds/000_7f48476909e3728a.txt``, a browser innerText dump of a wire-copy article)
must come out of ``extract_article`` with the anatomy DESIGN.md section 1 reads off it.

The seed lives beside the repository (``../shared/seeds/``), not in it; these tests skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.models import Article, FetchedPage
from newsdesk.pipeline.extract import extract_article

SEED_PATH = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds" / "000_7f48476909e3728a.txt"

HEADLINE = "Kazakhstan: Foiled coup attempt ahead of snap presidential election"
READ_MORE_TITLE = "Kazakhstan: Situation stabilises after week of violent riots"
BODY_PARAGRAPHS = (
    (
        "Kazakhstan says it has prevented a coup attempt by supporters of an exiled opposition figure as it arrested "
        "seven people ahead of a presidential election this weekend."
    ),
    (
        'The National Security Committee said on Thursday a group of seven people planned to "organise riots and a coup '
        'and proclaim a provisional government," adding that the suspects "share the views of exiled opponent Mukhtar '
        'Ablyazov".'
    ),
    (
        "Ablyazov, a former energy minister and bank chairman, is a hugely controversial figure whom Kazakhstan has tried "
        "and sentenced in absentia for murder and embezzlement."
    ),
    "The France-based Ablyazov has vociferously encouraged protests through his social media channels.",
    (
        "The security service said the group was trying to organise large-scale riots and planning to attack "
        "administrative buildings and law enforcement offices with arms and projectiles."
    ),
    (
        "Weapons including Kalashnikov assault rifles, sawn-off shotguns, ammunition and materials for Molotov cocktails "
        "as well as walkie-talkies were confiscated, it said."
    ),
    (
        "On Sunday, Kazakhstan will hold a snap presidential vote in which the incumbent leader Kassym-Jomart Tokayev, "
        "69, is expected to win."
    ),
    (
        'After coming to power in 2019, Tokayev has vowed to build "a new Kazakhstan" by liberalising the judicial '
        "system, tackling corruption and undertaking reforms."
    ),
)
EXPLORE_HEADLINES = (
    "Taiwan says Trump-Xi talks will bring stability as Beijing urges caution on arms sales",
    "UNRWA forced to cut services by 20% due to severe lack of funding",
    "Japan's atomic bomb survivors warn of nuclear war as last US-Russia pact expires",
    "South Korea seeks rare earths cooperation with China after joining US trade bloc",
    "Japanese PM backs TSMC's plan for advanced chip production amid tensions with China",
    "Maori protesters interrupt New Zealand PM's speech at national day gathering",
    "Russia vows to keep oil flowing to Cuba amid rising US pressure",
    "Venezuela's interim president urges dialogue with US",
    "Australia dodges call to arrest visiting Israeli president",
    "Fuel train derails, erupts in flames in central Russia",
    "Gulf states, US wrap up 11-day regional security exercise in Qatar",
    "Trump reignites calls to revamp US electoral system and 'nationalise' voting",
    "Canadian Muslim group slams decision to dissolve anti-Islamophobia and antisemitism offices",
    "55,000 Ukrainian soldiers have been killed on battlefield —Zelenskyy",
    "'No politics on sports field' — Pakistan PM says India cricket boycott in solidarity with Bangladesh",
)
FURNITURE = ("RECOMMENDED", "READ MORE", "SOURCE", "Explore")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed() -> Article:
    if not SEED_PATH.is_file():
        pytest.skip(f"seed page not found at {SEED_PATH.resolve()} (it lives in shared/, beside the repository)")
    page = FetchedPage(input=SEED_PATH.name, content=SEED_PATH.read_bytes(), kind="text")
    return extract_article(page)


def test_seed_published_on_its_day(seed: Article) -> None:
    assert seed.published_at is not None
    assert seed.published_at.date().isoformat() == "2022-11-17"


def test_seed_section_is_world(seed: Article) -> None:
    assert (seed.section or "").casefold() == "world"


def test_seed_reading_minutes_from_the_page(seed: Article) -> None:
    assert seed.reading_minutes == 2


def test_seed_headline(seed: Article) -> None:
    assert seed.headline == HEADLINE


def test_seed_standfirst(seed: Article) -> None:
    assert (seed.standfirst or "").startswith("The country's National Security Committee said")


def test_seed_authors(seed: Article) -> None:
    assert list(seed.authors) == ["Alican Tekingunduz"]


def test_seed_image_caption_and_credit(seed: Article) -> None:
    assert seed.image is not None
    assert (seed.image.caption or "").startswith("On Sunday, Kazakhstan will hold")
    assert seed.image.credit == "Reuters Archive"


def test_seed_agency(seed: Article) -> None:
    assert seed.agency == "AFP"


def test_seed_read_more_link(seed: Article) -> None:
    assert [link.title for link in seed.related_links] == [READ_MORE_TITLE]


def test_seed_explore_headlines_are_page_links(seed: Article) -> None:
    titles = {_flat(link.title) for link in seed.page_links}
    missing = [h for h in EXPLORE_HEADLINES if _flat(h) not in titles]
    assert not missing, f"{len(missing)} Explore headlines missing from page_links, e.g. {missing[:3]}"


def test_seed_text_holds_every_body_paragraph(seed: Article) -> None:
    text = _flat(seed.text)
    missing = [p for p in BODY_PARAGRAPHS if _flat(p) not in text]
    assert not missing, f"{len(missing)} of {len(BODY_PARAGRAPHS)} body paragraphs missing: {[m[:60] for m in missing]}"


def test_seed_text_holds_no_furniture(seed: Article) -> None:
    text = _flat(seed.text)
    found = [f for f in FURNITURE + EXPLORE_HEADLINES if _flat(f) in text]
    assert not found, f"furniture in the body text: {found}"
