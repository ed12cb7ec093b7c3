from __future__ import annotations

import pytest

from newsdesk.extraction.furniture import is_furniture, is_widget_label, parse_related_link


@pytest.mark.parametrize(
    "line",
    [
        "RECOMMENDED",
        "Most read",
        "Explore",
        "Editor’s Picks",
        "More from Cycling",
        "Advertisement",
        "Share on Facebook",
        "Follow us on Twitter",
        "Sign up for our morning newsletter today",
        "We use cookies to improve your experience on our site.",
        "Accept all cookies",
        "© 2024 Example Media. All rights reserved.",
        "Copyright 2023 The Courier",
        "Story continues below advertisement",
        "Tags: Elections, Europe",
        "Skip to main content",
        # tip lines and corrections
        "Have a news tip? Email tips@example.org or call 555-0100.",
        "Got a story tip? Message us on WhatsApp",
        "Securely send us a tip",
        "Spotted an error? Tell us.",
        # liveblog labels and widgets
        "Pinned post",
        "Key events",
        "Load more updates",
        "Showing 12 of 40 updates",
        "Please turn on JavaScript to use this feature",
        # share bars as dumps print them
        "Facebook X Email Print Comments (7)",
        "Share Copy link",
        "Gift ArticleShareSave38 Comments",
        # newsletter blurbs, appeals, comment forms
        "Regional news and weather, delivered to your inbox every morning.",
        "The Examiner is free to read. If you value what we do, please consider supporting us from $2 a month.",
        "Subscribe for $1 a week for your first year. Cancel anytime.",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Tagged Harbour, ferries, council",
        "View 38 Comments",
        "Author: Jo Lander",
        # slideshows, affiliate small print, newsletter boxes, contact and syndication lines
        "12 of 57",
        "Gallery Credit: Ona Reyes",
        "Scroll through the gallery below to see the lanterns on the quay!",
        "The Harbour Post has affiliate partnerships. We receive compensation when you click on a link and buy.",
        "Every product here is chosen by our editors, but when you buy through our links we may earn an affiliate commission.",
        "Want to keep up with the harbour? Subscribe to our free email newsletter.",
        "Sign up for our Weekend Boats Brief for the week's sailing news, tips and more, delivered right to your inbox.",
        "Staff writer Ines Varga can be reached at ines.varga@example.org. Follow her on X @ivarga.",
        "Ines Varga can be reached at ines.varga@example.org. Ona Reyes can be reached at ona.reyes@example.org.",
        "Contact Ines Varga at ivarga@example.org. Follow her on X, formerly Twitter, at @ivarga.",
        "Have a tip? Ines Varga may be reached at ivarga@example.org. Follow her on Twitter @ivarga.",
        "Élodie Martin can be reached by email at emartin@example.org.",
        "Reach Ines van Dijk at ivandijk@example.org",
        "Ines Varga can be reached at ivarga@example.org or 555-0100.",
        "This story originally appeared on Harbour Weekly and is republished with permission.",
        "Install the Harbour Post app for free",
        "Waiting for your permission to load the Instagram Media.",
        "Harbour Post's Ines Varga contributed to this report.",
        "Reporting by Ana Lee in Oslo; Editing by Tom Bell",
        "This piece originally appeared in Harbour Weekly",
        # the same furniture on pages in other languages
        "Weitere Artikel zum Thema",
        "Keine Kommentare",
        "Lo más leído",
        "Les plus lus",
        "Top-Themen bei Hafenblatt",
        "Crédits photos : Agence Port",
        "Quelle: Hafenamt",
        "Aktualisiert am 12.03.2021, 14:05 Uhr",
        "Last Modified:",
        "Folgen Sie uns auf Instagram",
        "Follow The Harbour Post on Twitter and Instagram @harbourpost",
        "For the latest stories download the Harbour Post apps for iOS and Android",
        "Reporting by The Associated Press.",
        "Last modified: 03-10-2004 2:20pm",
        "\u200bCredit: Ona Reyes",
        "Want more ferry news? Sign up for Harbour Weekly's free newsletter to get the timetables first.",
        "The Tideline is a weekly newsletter for sailors from our marine editor. Get it every Friday.",
        "This article was featured in the Harbour Post's One Story to Read Today newsletter. Sign up for it here.",
        "A version of this article appears in print on March 2, 2024, Section A, Page 4 with the headline: Ferry.",
        "0 Kommentare",
        "(Credit: Ana Lee / Harbour Post)",
        'This article appeared in the Islands section of the print edition under the headline "Late boat"',
    ],
)
def test_furniture_lines(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "The company said it would follow us regulators' advice and subscribe to the new code of practice.",
        "Readers who share the photos online have been asked to credit the photographer.",
        "Most read the report as a rebuke to the government.",
        "Explore the coastline by bike, the tourist board suggests, and stay in the old lighthouse.",
        "The advertisement, which ran for six weeks, was banned by the regulator on Tuesday.",
        'She said: "We use cookies as a reward for the children who finish their homework." The school agreed.',
        "Have a look at the map: the fire has crossed the ridge.",
        "Email the council before Friday, the campaigners urged residents.",
        "Comments on the plan closed on Friday.",
        "The charity asked donors to consider the long term, and the board agreed to publish its accounts quarterly.",
        "Save the date",
        "Live music returns to the old mill this summer.",
        "The company said it would earn fees from the deal, and the regulator approved it on Monday.",
        "Only 12 of 57 boats passed the inspection.",
        "The gallery's director can be reached at her office most afternoons, staff said.",
        "The mayor, who contributed to the report on flooding, resigned on Monday.",
        "Reporting by phone was allowed for the first time this year, the council said, and 40 people did so.",
        "Stand der Technik",
        "(The credit union, which lends to fishermen: it has 400 members.)",
        "Veröffentlicht wurde der Bericht am Montag. Er zeigt, wie viele Fähren ausfielen.",
        "Follow the river on foot from the old mill and you reach the harbour in an hour, the guide says.",
        # real sentences that use the words of disclosures, sign-ups and credits (found in review)
        "“We make fees on every trade,” the chief executive said on Tuesday.",
        "Harbour Digest, which Ona Reyes founded in 2019, is a daily newsletter about the islands' politics.",
        "More than 2,000 islanders subscribe to the Harbour Post newsletter, according to the company.",
        "The story was featured in a newsletter to 2,000 readers, who were asked to sign up for a ferry survey.",
        "Parents can sign up for the district's text alert briefing to learn about closures.",
        "Anyone with information is asked to contact Detective Ana Ruiz, who can be reached at aruiz@example.org.",
        "Police can be reached at tips@example.org, the chief said.",
        "The police department can be reached at tips@example.org.",
        "Detective Ana Ruiz can be reached at aruiz@example.org or 555-0100.",
        "Detective Ana Ruiz can be reached at aruiz@example.org.",
        "The Harbour Food Bank can be reached at help@example.org.",
        "Spokeswoman Ana Ruiz can be reached at aruiz@example.org.",
        "Police Chief Jon Berg can be reached at jberg@example.org, the statement said.",
        "Contact Mary Smith at mary@example.org to register for the Saturday food drive.",
        "Contact tracers at the clinic said on Monday that 40 people had been reached at work.",
        "Researchers found that users who download the Ferrylink app on Android phones saw more ads.",
        "The company has affiliate partnerships with dozens of retailers, according to court filings.",
        "Follow the instructions on X to appeal a suspension, the company said.",
        "This story first appeared in the Harbour Post in 1979 and led to an inquiry.",
        "Veröffentlicht wurde die Studie im Fachjournal Nature.",
        "Aktualisiert wird die Liste jeden Montag.",
        "Actualizado el balance: 12 muertos y 30 heridos",
        "Release date",
        "Reporting by the Associated Press found that 40 schools closed",
        "Writing by candlelight, the students finished their exams",
        "More than 200 scientists contributed to the report.",
        "Mehr aus Angst als aus Überzeugung",
    ],
)
def test_body_sentences_are_not_furniture(line):
    assert not is_furniture(line)


def test_widget_labels_are_whole_lines_only():
    assert is_widget_label("MOST POPULAR")
    assert is_widget_label("  Related stories: ")
    assert not is_widget_label("Related stories about the flood appeared in four papers.")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("READ MORE: Kazakhstan: Situation stabilises", ("read-more", "Kazakhstan: Situation stabilises")),
        ("READ MORE:\u00a0Floods close the coast road", ("read-more", "Floods close the coast road")),
        ("Also read: Harbour dredging to start in June", ("also-read", "Harbour dredging to start in June")),
        ("Related: Council tax to rise", ("related", "Council tax to rise")),
        ("See also: The history of the line", ("see-also", "The history of the line")),
        ("REQUIRED READING: Ferry fares to rise in March", ("read-more", "Ferry fares to rise in March")),
        ("MORE: Harbour board timeline", ("more", "Harbour board timeline")),
        ("Lea también: Suben las tarifas del ferri", ("also-read", "Suben las tarifas del ferri")),
        ("LE PUEDE INTERESAR: El nuevo muelle abre en marzo", ("recommended", "El nuevo muelle abre en marzo")),
        ("Lesen Sie auch: Fähre fährt wieder", ("also-read", "Fähre fährt wieder")),
        ("À lire aussi : Le port rouvre", ("also-read", "Le port rouvre")),
        ("[Related: Harbour board names new chair]", ("related", "Harbour board names new chair")),
    ],
)
def test_parse_related_link(line, expected):
    assert parse_related_link(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Read: the letter, he said, was never sent. Nobody knows why.",
        "Read more about it in our archive of the town's history, which goes back to 1850 and more.",
        "The minister said more: there will be cuts.",
        "Related to the case, three men were charged.",
        "More: The council said it would act on the report.",
        "Read: The council voted to raise taxes.",
    ],
)
def test_sentences_are_not_related_links(line):
    assert parse_related_link(line) is None
