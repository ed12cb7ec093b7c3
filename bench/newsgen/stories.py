"""Compose a plausible news story from a topic's templates and a context of invented names and numbers.

``compose_story(rng, ...)`` is pure given its random generator, so the same seed always gives the
same story: the generator rebuilds a wire story from its seed when a later page syndicates or
revises it, instead of keeping earlier stories in memory.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from newsgen import words as W
from newsgen.topics import SHARED_SENTENCES, SPEAKER_FORMS, TOPICS, Topic

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
_NUMBER = re.compile(r"\b\d{2,3}\b")
_POSSESSIVE = re.compile(r"(?<=[a-z])s's\b")
_UNION_WORKERS = {
    "Dockers' Union": "dock workers",
    "Rail Workers' Federation": "rail workers",
    "Nurses' Association": "nurses",
    "Teachers' Union": "teachers",
    "Transport Workers' Union": "transport workers",
    "Postal Workers' Guild": "postal workers",
    "Steelworkers' Union": "steelworkers",
    "Bus Drivers' Association": "bus drivers",
}


@dataclass(frozen=True)
class Story:
    topic: str
    section: str
    headline: str
    standfirst: str
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    author_role: str
    agency: str | None
    caption: str
    credit: str
    tags: tuple[str, ...]
    place: str
    slug: str
    published: datetime
    updated: datetime | None = None


def slugify(text: str, max_words: int = 9) -> str:
    return "-".join(_SLUG_STRIP.sub(" ", text.lower()).split()[:max_words])


def _name(rng: random.Random) -> tuple[str, str]:
    last = rng.choice(W.SURNAMES)
    return f"{rng.choice(W.FIRST_NAMES)} {last}", last


def _town(rng: random.Random) -> str:
    head, tail = rng.choice(W.TOWN_HEADS), rng.choice(W.TOWN_TAILS)
    if head[-1] == tail[0]:
        tail = tail[1:]
    return head + tail


def _thousands(rng: random.Random, lo: int, hi: int) -> str:
    return f"{rng.randrange(lo, hi) // 10 * 10:,}"


def _money(rng: random.Random, big: bool) -> str:
    unit = rng.choice(("£", "$", "€"))
    if big:
        amount = f"{rng.randrange(12, 990) / 10:.1f}".rstrip("0").rstrip(".")
        word = rng.choice(("m", " million")) if rng.random() < 0.8 else " billion"
        return f"{unit}{amount}{word}"
    return f"{unit}{rng.randrange(2, 90) * 1000:,}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def make_context(rng: random.Random, year: int) -> dict[str, str]:
    """Invented names and numbers for one story; every {slot} of the templates is a key here."""
    town, town2 = _town(rng), _town(rng)
    official, official_last = _name(rng)
    expert, expert_last = _name(rng)
    resident, resident_last = _name(rng)
    critic, critic_last = _name(rng)
    scorer, scorer_last = _name(rng)
    company = f"{rng.choice(W.COMPANY_HEADS)} {rng.choice(W.COMPANY_KINDS)}"
    region = rng.choice(W.REGIONS)
    union = rng.choice(W.UNIONS)
    score_b = rng.randrange(0, 3)
    ctx = {
        "town": town,
        "town2": town2,
        "region": region,
        "country": rng.choice(W.COUNTRIES),
        "region_title": region.removeprefix("the ").title(),
        "river": rng.choice(W.RIVERS),
        "street": rng.choice(W.STREETS),
        "weekday": rng.choice(W.WEEKDAYS),
        "weekday2": rng.choice(W.WEEKDAYS),
        "month": rng.choice(W.MONTHS),
        "year": str(year),
        "year_prev": str(year - rng.randrange(1, 12)),
        "year_next": str(year + rng.randrange(1, 4)),
        "decade": str(rng.choice((1960, 1970, 1980, 1990))),
        "company": company,
        "union": union,
        "workers": _UNION_WORKERS[union],
        "votes_for": str(rng.randrange(18, 45)),
        "votes_against": str(rng.randrange(2, 17)),
        "official": official,
        "official_last": official_last,
        "official_role": rng.choice(W.OFFICIAL_ROLES),
        "expert": expert,
        "expert_last": expert_last,
        "resident": resident,
        "resident_last": resident_last,
        "resident_age": str(rng.randrange(19, 88)),
        "resident_job": rng.choice(W.RESIDENT_JOBS),
        "critic": critic,
        "critic_last": critic_last,
        "critic_party": rng.choice(W.PARTIES),
        "scorer": scorer,
        "scorer_last": scorer_last,
        "minute": str(rng.randrange(52, 94)),
        "team": f"{town} {rng.choice(W.TEAMS_TAIL)}",
        "team2": f"{town2} {rng.choice(W.TEAMS_TAIL)}",
        "score_a": str(score_b + rng.randrange(1, 3)),
        "score_b": str(score_b),
        "n1": str(rng.randrange(2, 40)),
        "n2": str(rng.randrange(40, 900)),
        "n4": _thousands(rng, 1000, 9000),
        "n1_pct": str(rng.randrange(80, 90)),
        "pct_high": str(rng.randrange(91, 98)),
        "n2_mins": str(rng.randrange(2, 59)),
        "pct": str(rng.randrange(2, 60)),
        "temp": str(rng.randrange(94, 112)),
        "money": _money(rng, True),
        "money2": _money(rng, rng.random() < 0.5),
        "authority": rng.choice(
            (
                "regional authority",
                "county administration",
                "health board",
                "district council",
                "transport authority",
                "state government",
                "port authority",
                "city hall",
            )
        ),
        "meeting": rng.choice(
            (
                "meeting of the regional assembly",
                "full council meeting",
                "board meeting",
                "parliamentary committee hearing",
                "public inquiry session",
            )
        ),
        "ordinal": _ordinal(rng.randrange(2, 12)),
        "storm": rng.choice(("Ketta", "Orla", "Bram", "Elin", "Tobin", "Maeve")),
        "species": rng.choice(
            ("freshwater shrimp", "a rare water beetle", "three kinds of algae", "a colony of sponges")
        ),
        "ministry": rng.choice(("transport ministry", "interior ministry", "economy ministry", "environment agency")),
        "council": f"{town} {rng.choice(('District Council', 'City Council', 'Borough Council', 'town council'))}",
        "school": rng.choice(
            (
                "St Oswald's primary school",
                "St Bede's Academy",
                "Holy Trinity primary school",
                "Kings Academy",
                f"{town} High School",
                f"{town} Academy",
                f"{town} Community College",
            )
        ),
        "hospital": f"{town} {rng.choice(('General Hospital', 'Royal Infirmary', 'District Hospital'))}",
    }
    ctx["expert_role"] = rng.choice(W.EXPERT_ROLES).format_map(ctx)
    return ctx


def _fill(template: str, ctx: dict[str, str]) -> str:
    text = _POSSESSIVE.sub("s'", template.format_map(ctx))
    return text[0].upper() + text[1:]


def _quote_paragraph(
    rng: random.Random, topic: Topic, ctx: dict[str, str], used: set[int], introduced: set[str]
) -> str:
    free = [i for i in range(len(topic.quotes)) if i not in used] or list(range(len(topic.quotes)))
    i = rng.choice(free)
    used.add(i)
    speaker = rng.choice(
        (
            (ctx["official"], ctx["official_last"], ctx["official_role"]),
            (ctx["resident"], ctx["resident_last"], f"{ctx['resident_age']}, {ctx['resident_job']}"),
            (ctx["expert"], ctx["expert_last"], ctx["expert_role"]),
            (ctx["critic"], ctx["critic_last"], f"of {ctx['critic_party']}"),
        )
    )
    # a speaker is named in full with a role the first time, by surname after that
    form = rng.choice(SPEAKER_FORMS[:1] + SPEAKER_FORMS[2:3] if speaker[0] not in introduced else SPEAKER_FORMS)
    introduced.add(speaker[0])
    return form.format(quote=topic.quotes[i].format_map(ctx), name=speaker[0], last=speaker[1], role=speaker[2])


def compose_story(
    rng: random.Random,
    *,
    published: datetime,
    agency: str | None,
    authors: tuple[str, ...],
    author_role: str,
    live_only: bool = False,
) -> Story:
    """One story: headline, standfirst and 5-15 paragraphs (about a third of them quotes)."""
    topics = [t for t in TOPICS if t.live] if live_only else list(TOPICS)
    topic = rng.choice(topics)
    ctx = make_context(rng, published.year)
    n_paras = rng.randrange(5, 16)
    pool = [(s, True) for s in topic.sentences] + [(s, False) for s in SHARED_SENTENCES]
    rng.shuffle(pool)
    lead = _fill(rng.choice(topic.leads), ctx)
    if agency:
        lead = f"{ctx['town'].upper()}, {ctx['country']} ({agency}) - {lead}"
    paragraphs = [lead]
    used_quotes: set[int] = set()
    introduced: set[str] = set()
    while len(paragraphs) < n_paras:
        if len(paragraphs) >= 2 and rng.random() < 0.3:
            paragraphs.append(_quote_paragraph(rng, topic, ctx, used_quotes, introduced))
            continue
        take = rng.choice((1, 2, 2, 3))
        sentences = [pool.pop()[0] for _ in range(min(take, len(pool)))]
        if not sentences:
            paragraphs.append(_quote_paragraph(rng, topic, ctx, used_quotes, introduced))
            continue
        paragraphs.append(" ".join(_fill(s, ctx) for s in sentences))
    headline = _fill(rng.choice(topic.headlines), ctx)
    tags = tuple(_fill(t, ctx) for t in topic.tags)
    return Story(
        topic=topic.key,
        section=topic.section,
        headline=headline,
        standfirst=_fill(rng.choice(topic.standfirsts), ctx),
        paragraphs=tuple(paragraphs),
        authors=authors,
        author_role=author_role,
        agency=agency,
        caption=_fill(rng.choice(topic.captions), ctx),
        credit=f"{_name(rng)[0]}/{W.AGENCY_CREDITS[agency]}" if agency else _name(rng)[0],
        tags=tags,
        place=ctx["town"],
        slug=slugify(headline),
        published=published,
    )


def syndicate(story: Story, rng: random.Random, *, delay: timedelta) -> Story:
    """The same wire story as another site runs it: its own headline cut, light edits, a later time."""
    paragraphs = list(story.paragraphs)
    if len(paragraphs) > 6 and rng.random() < 0.5:
        paragraphs.pop()  # trimmed to fit
    i = rng.randrange(1, len(paragraphs))
    paragraphs[i] = paragraphs[i].replace(" said ", " says ", 1).replace(" on ", " on ", 1)
    if rng.random() < 0.4:
        j = rng.randrange(1, len(paragraphs))
        paragraphs[j] = paragraphs[j].replace("about ", "around ", 1).replace("more than ", "over ", 1)
    headline = story.headline
    roll = rng.random()
    if roll < 0.3:
        headline = f"{story.place}: {headline[0].lower()}{headline[1:]}" if story.place not in headline else headline
    elif roll < 0.5 and len(headline.split(", ")[0].split()) > 4:
        headline = headline.split(", ")[0]
    return replace(
        story,
        headline=headline,
        paragraphs=tuple(paragraphs),
        slug=slugify(headline),
        published=story.published + delay,
    )


def revise(story: Story, rng: random.Random, *, later: timedelta) -> Story:
    """The same page edited after publication: a figure corrected, a paragraph added, a later date."""
    paragraphs = list(story.paragraphs)
    for _ in range(8):
        i = rng.randrange(1, len(paragraphs))
        match = _NUMBER.search(paragraphs[i])
        if match:
            bumped = str(int(match.group()) + rng.randrange(1, 9))
            paragraphs[i] = paragraphs[i][: match.start()] + bumped + paragraphs[i][match.end() :]
            break
    extra = rng.choice(
        (
            "Officials gave an update on {weekday} afternoon and said the figures above had been revised.",
            "More details were released later in the day by the authorities.",
            "This article was updated with further comment and revised figures.",
            "Later, a spokesperson confirmed the figures and said a further statement would follow.",
        )
    )
    paragraphs.append(extra.format(weekday=rng.choice(W.WEEKDAYS)))
    return replace(story, paragraphs=tuple(paragraphs), updated=story.published + later)
