"""Page furniture: the lines of a news page that are not the article.

Widget labels ("RECOMMENDED", "Most read"), prompts to share, subscribe, follow or accept
cookies, "Advertisement" slots, affiliate and newsletter small print, credit and copyright lines;
and "Read more: <headline>" lines, which are not the body either but links to keep
(:func:`parse_related_link`). Labels and "read also" links are known in English and in German,
Spanish, French, Italian, Portuguese, Polish and Dutch.

Shared by the text-dump and HTML extractors, so the tests here are conservative: a line is
furniture only when it is short and made of furniture vocabulary, never because it merely
mentions a word like "subscribe" inside a real sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_FURNITURE_WORDS = 14  # a longer line is a sentence, whatever words it uses

# A whole line that is one of these (case-insensitive, trailing ':' or '»' ignored) is a widget label.
WIDGET_LABELS = frozenset(
    label.strip()
    for label in """
    recommended, recommended for you, recommended stories, recommended articles, recommended reading,
    most read, most popular, most viewed, most shared, most commented, popular, trending, trending now,
    trending stories, top stories, latest, latest news, latest stories, latest articles, more stories,
    more news, more from, more on this story, related, related stories, related articles, related news,
    related content, related topics, related coverage, you may also like, you might also like,
    you may be interested in, you might be interested in, also read, also see, see also, read next,
    read more, read more stories, explore, explore more, more to explore, editor's picks, editors' picks,
    editors picks, don't miss, must read, must reads, up next, watch next, what to read next,
    advertisement, advertisements, advertising, sponsored, sponsored content, sponsored stories,
    partner content, paid content, promoted, promoted stories, ad, ads, skip advertisement,
    share, share this, share this article, share this story, share on facebook, share on twitter,
    share via email, tweet, email, print, comments, comment, show comments, view comments,
    leave a comment, post a comment, add a comment, join the conversation,
    newsletter, newsletters, sign up, subscribe, subscribe now, sign in, log in, login, register,
    follow us, menu, search, close, skip to content, skip to main content, skip to navigation,
    back to top, top, home, tags, topics, categories, category, filed under, topics in this article,
    listen to this article, listen to article, print this article, save, save article,
    copy link, link copied, copied!, open in app, download the app,
    next article, previous article, next story, previous story, next post, previous post,
    photo gallery, gallery, video, videos, watch, watch video, photos,
    accept, accept all, accept cookies, reject all, manage cookies, cookie settings, privacy settings,
    continue reading, show more, load more, view more, see more, see all, view all,
    pinned, pinned post, key events, key updates, show key events only, live, live updates, load more updates,
    related posts, recent posts, popular posts, post navigation, gift article, gift this article,
    like this, loading..., like loading..., view full site, full site,
    last modified, photo credits, image credits
    """.replace("\n", " ").split(",")
    if label.strip()
) | frozenset(
    # the same labels on pages in other languages: German, Spanish, French, Italian, Portuguese, Polish, Dutch
    label.strip()
    for label in """
    weitere themen, mehr themen, weitere artikel, weitere artikel zum thema, weitere nachrichten,
    kommentierte artikel, keine kommentare, kommentare, kommentar schreiben, teilen, artikel teilen, drucken,
    anzeige, werbung, meistgelesen, meistgelesene artikel, meist gelesen, meist-diskutiert, meistdiskutiert,
    top-themen, top themen, das könnte sie auch interessieren, das könnte sie interessieren, auch interessant,
    mehr zum thema, zum thema, zum weiterlesen, weiterlesen, lesen sie auch, siehe auch, verwandte artikel,
    newsletter abonnieren, jetzt abonnieren, zur startseite, nach oben,
    publicidad, lo más leído, lo más visto, más leídas, más leído, más vistas, noticias relacionadas,
    te puede interesar, le puede interesar, lea también, lee también, vea también, ver también, compartir,
    comentarios, síguenos, últimas noticias, contenido patrocinado,
    publicité, les plus lus, les plus lues, à lire aussi, a lire aussi, lire aussi, à lire également,
    sur le même sujet, voir aussi, partager, commentaires, dernières actualités, contenu sponsorisé,
    pubblicità, i più letti, i più visti, leggi anche, potrebbe interessarti, condividi, commenti,
    ultime notizie, publicidade, mais lidas, leia também, veja também, saiba mais, compartilhe, comentários,
    últimas notícias, reklama, najczęściej czytane, najpopularniejsze, czytaj też, czytaj także, zobacz też,
    zobacz także, udostępnij, komentarze, advertentie, meest gelezen, lees ook, lees meer, delen, reacties,
    leer más, lesen sie mehr, lire la suite, leia mais, przeczytaj też, przeczytaj także
    """.replace("\n", " ").split(",")
    if label.strip()
)
_WIDGET_LABELS = frozenset(" ".join(x.split()) for x in WIDGET_LABELS)


class _AnyOf:
    """Whether a line matches any of ``patterns`` (case-insensitive). Those anchored at the start (``^...``)
    are tried once, at the start, with ``match``; the others are searched. One alternation of both would try
    every anchored pattern at every position of the line too: five times slower on long lines. So a pattern
    must not mix the two at its top level (``"^a|b"`` would anchor ``b`` too): write two patterns."""

    def __init__(self, patterns: list[str]) -> None:
        starts = [p[1:] for p in patterns if p.startswith("^")]
        anywhere = [p for p in patterns if not p.startswith("^")]
        self._starts = re.compile("|".join(f"(?:{p})" for p in starts), re.IGNORECASE) if starts else None
        self._anywhere = re.compile("|".join(f"(?:{p})" for p in anywhere), re.IGNORECASE) if anywhere else None

    def search(self, text: str) -> bool:
        return bool((self._starts and self._starts.match(text)) or (self._anywhere and self._anywhere.search(text)))


_PROMPT_PATTERNS = [
    # sharing and following
    (
        r"^(?:share|tweet|pin|email|like|follow)\b.{0,40}\b(?:facebook|twitter|x|linkedin|whatsapp|telegram|"
        r"pinterest|reddit|instagram|email|e-mail|youtube|tiktok|threads|bluesky)\b[^.!?]{0,30}[.!]?$"
    ),
    r"^(?:follow|like|find) us\b",
    r"^(?:click|tap) (?:here )?to (?:share|tweet|print|email|open|read|subscribe|comment)",
    r"^share (?:this|the) (?:article|story|post|page)\b",
    # newsletters, subscriptions, accounts
    r"^(?:sign up|subscribe|register)\b.{0,60}\b(?:newsletter|updates|alerts|inbox|today|free|now|here)\b",
    r"^(?:get|receive) (?:our|the) .{0,40}\b(?:newsletter|alerts|briefing)\b",
    (
        r"^(?:already (?:a subscriber|have an account)|not a subscriber|create (?:a free )?account|"
        r"log ?in|sign ?in)\b"
    ),
    r"\bnewsletter\b.{0,40}\b(?:sign up|subscribe|inbox)\b",
    r"^subscribe\b",
    r"^(?:thank you|thanks) for (?:subscribing|signing up|reading)\b",
    r"^you(?:'ve| have) (?:reached|read) .{0,30}\b(?:free )?(?:articles?|stories|limit)\b",
    # cookies and consent
    r"\b(?:we|this (?:site|website)) uses? cookies\b",
    r"^by (?:using|continuing to (?:use|browse)) (?:this|our) (?:site|website)\b",
    r"^(?:accept|reject|manage|allow) (?:all )?cookies\b",
    # ads, comments, apps
    r"^advertisement\b",
    r"^(?:story|article) continues (?:below|after)\b",
    r"^(?:scroll|continue) (?:down )?to (?:continue|read)\b",
    r"^(?:comments?|discussion) (?:are|is) (?:closed|disabled|now closed)\b",
    r"^(?:download|get|install) (?:the|our) .{0,30}\bapp\b",
    r"^(?:report|suggest) a correction\b",
    r"^(?:view|see|show|read) (?:all |more )?(?:\d+ )?(?:comments|photos|stories|articles|news|replies)\b",
    r"^(?:about the )?author\s*:\s*\S[^.!?]{0,40}$",
    r"^(?:listen|audio)\b.{0,20}\b(?:article|story|min(?:ute)?s?)\b",
    r"^(?:image|photo|picture|video) \d+ (?:of|/) \d+\b",
    r"^\d{1,3} (?:of|/) \d{1,3}$",  # a slideshow's counter: "12 of 57"
    r"^(?:gallery|photo|image|video|slideshow) credits?\s*:",
    r"^(?:credits?|crédits? photos?|fotos?|bild(?:er)?|quelle|fuente|source)\s*:",
    # last-changed labels with their date: "Aktualisiert am 12.03.2021", "Last modified: 03-10-2004", "Mis à jour le 3"
    (
        r"^(?:aktualisiert|zuletzt aktualisiert|letzte änderung|veröffentlicht|actualizado|mis à jour|aggiornato|"
        r"atualizado|last modified)(?: am| le| el| il| em| on)?\s*:?\s*\d(?:[^.!?]|\.(?=\d)){0,50}\.?$"
    ),
    # following, in other languages
    r"^(?:folgen sie uns|folge uns|síguenos|siguenos|suivez-nous|seguici|siga-nos|obserwuj nas|volg ons)\b",
    r"^\d+ (?:comments?|shares?|views?|kommentare?|comentarios?|commentaires?|commenti|comentários?|komentarzy?|reacties)$",
    r"^\((?:photo |image )?(?:credits?|source|quelle|foto|bild|fuente)\s*:[^()]{1,80}\)$",  # "(Credit: Ana Lee / Grist)"
    r"^(?:all rights reserved|copyright\b|©|\(c\) \d{4})",
    # tip lines and corrections: "Have a news tip? Call ...", "Got a story?", "Spotted an error?"
    r"^(?:have|got) (?:a |any )?(?:news |story |hot )?(?:tips?|story|stories)\b\s*\?",
    r"^(?:(?:securely|confidentially) )?(?:send|submit|share|email) (?:us )?(?:a |your )?(?:news |story )?tips?\b",
    r"^(?:spotted|see|found) an? (?:error|mistake|typo)\b",
    r"^contact (?:the|our) (?:newsroom|news desk|newsdesk)\b",
    # newsletter blurbs: "Local news, weather and sports, delivered to your inbox at 6 a.m."
    r"\b(?:delivered|sent|straight|direct(?:ly)?|right) (?:to|into) your inbox\b|\bin your inbox (?:every|each)\b",
    # liveblog and page widgets
    r"^(?:please )?(?:turn on|enable) javascript\b",
    r"\bplease (?:turn on|enable) javascript\b",
    r"^(?:load|show) (?:more|all|older|newer) (?:updates|posts|entries|comments)\b",
    r"^showing \d+ of \d+ (?:updates|posts|entries|comments|results)\b",
    r"^(?:loading ad|ad failed to load)\b",
    # an embed waiting for consent: "Waiting for your permission to load the Instagram Media."
    r"^waiting for (?:your )?(?:permission|consent) to load\b",
    # credit lines at the foot of a story
    r"^[^.!?]{2,80}\bcontributed (?:to )?this (?:report|story|article)\.?$",
    # "Reporting by Ana Lee in Oslo; Editing by Tom Bell": names (capitalised) after "by", not a sentence
    (
        r"^(?:additional )?(?:reporting|writing|editing) by (?-i:(?:[A-Z][\w'’.-]*|and|in|from|at|by|with|"
        r"Editing|Writing|Additional|reporting|editing|[;,&])[;,]?(?:\s+|$))+\.?$"
    ),
    # comment forms and blog furniture
    r"^(?:leave|post|write) a (?:reply|comment)\b",
    r"^your email address will not be published\b",
    r"^tagged(?:\s+with)?\s*:?\s+\S",
    r"^(?:posted|published) in\s*:?\s+\S[^.!?]{0,60}$",
    r"^[^.!?]{0,80}\ball rights reserved\b",
    r"^(?:tags?|topics?|filed under|categories|related topics)\s*:",
    r"^(?:updated|published|posted|last updated|first published)\b[^.!?]{0,60}$",
]
_PROMPT = _AnyOf(_PROMPT_PATTERNS)
MAX_LONG_PROMPT_WORDS = 45
# appeals for money or sign-ups and comment-form notes: furniture even when they run to a sentence or two
# a person's name: two to four capitalised words, "van"/"de" between them; not an officer's title ("Detective
# Ana Ruiz can be reached at ..." is the story's appeal)
_NAME = (
    r"(?!(?:the|detective|det|officer|sgt|sergeant|chief|police|lt|capt|captain|deputy|inspector|constable|sheriff|"
    r"agent|mayor|mr|mrs|ms|dr|sen|senator|rep|councilo?r|superintendent|spokes(?:wo)?man|spokesperson|judge|gov|"
    r"governor|president|minister|professor|prof)\b)(?-i:[A-ZÀ-ÖØ-Þ][\w.'’-]*)(?: (?:(?:van|von|de|da|del|di|du|la|le) )?"
    r"(?-i:[A-ZÀ-ÖØ-Þ][\w.'’-]*)){1,3}"
)
# "Travis Andersen can be reached at ...@globe.com", "Contact Kayla Jimenez at ...", "Reach Ana Lee: ..."
_CONTACT = (
    rf"(?:{_NAME} (?:can|may) be (?:reached|contacted|emailed)(?: by e-?mail)? at|(?:contact|reach|e-?mail) {_NAME}"
    r"(?: at|:))\s+[^\s@]+@\S+"  # [^\s@]: one way to read an address, so a line of "@"s cannot make it backtrack
    r"(?:,? or (?:at |call )?\+?[\d(][\d() .-]{5,18}\d\.?)?"  # "... or 617-555-0100."
)
_LONG_PROMPT = _AnyOf(
    [
        r"^save my (?:name|details), email\b",
        r"^we will never (?:share|sell) your (?:email|e-mail|details|data)\b",
        r"^(?:(?:free|our) )?(?:(?:daily|weekly|morning|evening) )?newsletter\s*:",
        r"\b(?:please )?consider (?:supporting|subscribing|donating|making a (?:donation|contribution)|becoming a)\b",
        r"\bsupport (?:our|independent|local|quality) (?:journalism|reporting|newsroom)\b",
        r"\b(?:become|becoming) a (?:member|supporter|subscriber|patron)\b.{0,60}\b(?:today|now|from|for)\b",
        r"\bmake a (?:one-off |one-time |monthly |small )?(?:donation|contribution)\b",
        r"\b(?:donate|give|chip in) (?:now|today|from|as little as)\b",
        r"\bsubscribe (?:for|from) (?:just |only )?(?:[$£€]|\d)",
        # affiliate disclosures: "... we may earn an affiliate commission", "Us Weekly has affiliate partnerships. We
        # receive compensation when you click on a link"
        r"\bwe may (?:earn|receive|get|collect) (?:an? |a small )?(?:affiliate )?(?:commissions?|fees?|compensation)\b",
        r"\bwe (?:earn|receive|get) (?:an? |a small )?(?:affiliate )?(?:commissions?|fees?|compensation) (?:when|if) you\b",
        r"\baffiliate commissions?\b",
        r"\bhas affiliate partnerships\b.{0,80}\b(?:compensation|commissions?)\b",
        r"^this (?:post|article|story|page|newsletter) (?:may )?contains? affiliate links\b",
        # newsletter sign-ups and their small print (the reader is addressed: "Subscribe to our ...", "Sign up for ...")
        r"(?:^|[.?!]\s+)subscribe to our (?:\w+ ){0,3}newsletters?\b",
        r"(?:^|[.?!]\s+)sign up (?:for|to) (?:our\b[^.]{0,50}\b(?:newsletters?|brief|briefing)|[^.]{0,50}\bnewsletters?)\b",
        r"\bis an? (?:free )?(?:daily|weekly|monthly|fortnightly) newsletter\b.{0,120}\b(?:get it|sign up|subscribe)\b",
        r"^this (?:article|story|piece) (?:was|is) (?:featured|included) in\b.{0,60}\bnewsletters?\b.{0,40}\b(?:sign up|subscribe)\b",
        # print-edition notes: "A version of this article appears in print on ...", "... in the print edition under the headline"
        r"^a version of this (?:article|story|review|column) (?:appears|appeared) in print\b",
        r"\bprint edition under the headline\b",
        r"\b(?:delivered|sent) (?:right |straight |directly )?to your inbox\b",
        r"\bsubscribing to a newsletter indicates\b",
        # "Scroll through the gallery below to see ...", the reporter's contact line, syndication footers
        r"^(?:scroll|click|swipe) (?:through|down|below)\b.{0,40}\b(?:gallery|slideshow|photos|pictures|images)\b",
        r"\b(?:writer|reporter|editor|correspondent|columnist)\b.{0,60}\bcan be (?:reached|contacted|emailed) at\s+\S+@",
        # the writer's contact line, and nothing else: a name in capitals and an address, maybe a second one and a
        # "Follow her on X" ("Contact Mary Smith at ... to register for the food drive" is the story's)
        (
            rf"^(?:have a (?:news )?tip\?\s+)?{_CONTACT}(?:\s+(?:{_CONTACT}|(?:follow|find) (?:him|her|them|me|us)\b"
            r"[^.]*\.?))*\s*$"
        ),
        r"^follow (?:the |our )?[\w'’ .-]{1,40} on (?:twitter|x|facebook|instagram|linkedin|tiktok|threads|bluesky)\b.{0,60}@\w",
        (
            r"^(?:for (?:the latest|more)\b.{0,60}\b)?download (?:the|our) [\w'’ .-]{1,40}\bapps?\b.{0,30}"
            r"\b(?:ios|android|app store|google play)\b"
        ),
        r"^this (?:article|story|post|piece)\b.{0,200}\b(?:originally appeared|was originally published) (?:on|in) [^.]{1,60}\.?$",
    ]
)
# the buttons of a share bar, which dumps print run together: "Facebook X Email Print Comments (12)",
# "Share Copy link", "Gift ArticleShareSave142 Comments"
_SHARE_WORDS = frozenset(
    (
        "share",
        "shares",
        "sharing",
        "facebook",
        "x",
        "twitter",
        "email",
        "e-mail",
        "mail",
        "print",
        "comments",
        "comment",
        "copy",
        "link",
        "save",
        "saved",
        "gift",
        "article",
        "story",
        "whatsapp",
        "linkedin",
        "reddit",
        "pinterest",
        "telegram",
        "messenger",
        "flipboard",
        "bluesky",
        "threads",
        "sms",
        "on",
        "this",
        "tweet",
        "pin",
        "post",
        "bookmark",
        "f",
        "w",
        "in",
    )
)
# the words above that are a button's own name rather than an ordinary word
_BUTTON_NAMES = frozenset(
    (
        "share",
        "facebook",
        "twitter",
        "email",
        "e-mail",
        "print",
        "whatsapp",
        "linkedin",
        "tweet",
        "copy",
        "comments",
        "save",
        "gift",
        "reddit",
        "pinterest",
        "telegram",
    )
)
_SHARE_TOKEN = re.compile(r"[A-Z]?[a-z]+(?:-[a-z]+)?|[A-Z]+(?![a-z])|\(?\d+\)?|[^\w\s]+")

_RELATED = re.compile(
    r"^\s*(?P<label>read more|read also|also read|also see|see also|related|related story|related article|"
    r"related coverage|related news|related reading|more on this|more on this story|further reading|"
    r"recommended|recommended reading|required reading|read next|read|watch|listen|must read|don't miss|don’t miss|"
    r"more|read the full story|read the latest|click here to read|latest|"
    # other languages
    r"lea también|lee también|le puede interesar|te puede interesar|vea también|ver también|leer más|"
    r"lesen sie auch|lesen sie mehr|auch interessant|mehr zum thema|zum weiterlesen|weiterlesen|siehe auch|"
    r"das könnte sie auch interessieren|lire aussi|à lire aussi|a lire aussi|à lire également|voir aussi|"
    r"lire la suite|leggi anche|potrebbe interessarti|leia também|veja também|leia mais|czytaj też|czytaj także|"
    r"zobacz też|zobacz także|przeczytaj też|przeczytaj także|lees ook|lees meer|saiba mais)"
    r"\s*(?::|»|>>|>|\||—|–|-)\s*(?P<title>\S.*?)\s*$",
    re.IGNORECASE,
)
_RELATED_KINDS = {
    "read more": "read-more",
    "read also": "also-read",
    "also read": "also-read",
    "read": "read-more",
    "also see": "see-also",
    "see also": "see-also",
    "recommended": "recommended",
    "recommended reading": "recommended",
    "read next": "read-next",
    "more": "more",
    "watch": "watch",
    "listen": "listen",
    "must read": "must-read",
    "don't miss": "dont-miss",
    "don’t miss": "dont-miss",
    "required reading": "read-more",
    "lea también": "also-read",
    "lee también": "also-read",
    "lesen sie auch": "also-read",
    "lire aussi": "also-read",
    "à lire aussi": "also-read",
    "a lire aussi": "also-read",
    "à lire également": "also-read",
    "leggi anche": "also-read",
    "leia também": "also-read",
    "czytaj też": "also-read",
    "czytaj także": "also-read",
    "przeczytaj też": "also-read",
    "przeczytaj także": "also-read",
    "lees ook": "also-read",
    "vea también": "see-also",
    "ver también": "see-also",
    "siehe auch": "see-also",
    "voir aussi": "see-also",
    "veja também": "see-also",
    "zobacz też": "see-also",
    "zobacz także": "see-also",
    "mehr zum thema": "related",
    "le puede interesar": "recommended",
    "te puede interesar": "recommended",
    "auch interessant": "recommended",
    "das könnte sie auch interessieren": "recommended",
    "potrebbe interessarti": "recommended",
    "further reading": "further-reading",
    "read the full story": "read-more",
    "read the latest": "read-more",
    "click here to read": "read-more",
    "latest": "latest",
}
# labels that often open a real sentence ("Read: the president's letter..."); their titles must look like one
_WEAK_LABELS = frozenset({"read", "watch", "listen", "more", "latest", "related"})
_MORE_FROM = re.compile(
    r"^(?:(?:more|latest|more stories|more news|most read|more must-reads) (?:from|in|on)|"
    r"top-themen bei|weitere artikel (?:aus|von)) [\w&' -]{2,30}$"
)
_COPYRIGHT = re.compile(r"^(?:copyright|©|\(c\))\s*(?:©\s*)?\d{4}|^©", re.IGNORECASE)


_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")  # invisible: zero-width space, word joiner, BOM


def _norm(line: str) -> str:
    text = " ".join(_ZERO_WIDTH.sub("", line).replace("\u00a0", " ").split()).strip()
    return text.strip(" :»›>|-–—•*#").strip().lower().replace("’", "'")


@lru_cache(maxsize=8192)  # the extractors ask about the same line more than once
def is_widget_label(line: str) -> bool:
    """Whether ``line`` is only a widget's label, like "RECOMMENDED" or "Most read"."""
    norm = _norm(line)
    return norm in _WIDGET_LABELS or bool(_MORE_FROM.match(norm))


@lru_cache(maxsize=8192)  # the extractors ask about the same line more than once
def is_furniture(line: str) -> bool:
    """Whether ``line`` is page furniture rather than article text: a widget label, a prompt to
    share, follow, subscribe or accept cookies, an ad slot, a copyright line. Conservative: long
    lines and ordinary sentences are never furniture."""
    text = " ".join(_ZERO_WIDTH.sub("", line).split())
    if not text:
        return False
    if is_widget_label(text):
        return True
    words = len(text.split())
    if words <= MAX_LONG_PROMPT_WORDS and _LONG_PROMPT.search(text):
        return True
    if words > MAX_FURNITURE_WORDS:
        return bool(_COPYRIGHT.match(text)) and len(text) < 200
    return bool(_PROMPT.search(text)) or is_share_bar(text)


def is_share_bar(line: str) -> bool:
    """Whether ``line`` is only a row of share, print, save and comment buttons ("Facebook X Email Print",
    "Share Copy link", "Gift ArticleShareSave142 Comments")."""
    tokens = [t for t in _SHARE_TOKEN.findall(line) if t.strip("()").strip() and not re.fullmatch(r"[^\w]+", t)]
    words = [t.lower() for t in tokens if not t.strip("()").isdigit()]
    if len(tokens) < 2 or len(words) < 2 or len(tokens) > 16:
        return False
    if not all(w in _SHARE_WORDS for w in words):
        return False
    return any(w in _BUTTON_NAMES for w in words)


@lru_cache(maxsize=8192)  # the extractors ask about the same line more than once
def parse_related_link(line: str) -> tuple[str, str] | None:
    """("read-more", "Title") for "READ MORE: Title"; ("also-read", ...) for "Also read: ...",
    and so on; None when the line is not a labelled link to another story."""
    line = " ".join(line.replace("\u00a0", " ").split())
    if line.startswith("[") and line.endswith("]"):
        line = line[1:-1]  # "[Related: Title]"
    m = _RELATED.match(line)
    if not m:
        return None
    label = " ".join(m.group("label").lower().split()).replace("’", "'")
    title = m.group("title").strip().strip("\"'“”‘’").strip()
    if not title or len(title.split()) > 30 or not re.search(r"\w", title):
        return None
    if label in _WEAK_LABELS:
        # "Read: ..." and friends: only when the rest is a headline (capitalised, no sentence end mid-way,
        # no full stop at the end); "MORE: ..." and "LATEST: ..." only when the label is set in capitals
        if not title[0].isupper() or re.search(r"[.!?]\s+\S", title) or title.endswith("."):
            return None
        if label in ("latest", "more") and not m.group("label").isupper():
            return None
    default = "related" if label.startswith(("related", "more on")) else "read-more"
    kind = _RELATED_KINDS.get(label, default)
    return kind, title
