"""Screen labels in English and Dutch, following the scenario's language (``--lang`` overrides)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "running": "RUNNING",
        "paused": "PAUSED",
        "ended": "ENDEX",
        "speed": "speed",
        "left": "left",
        "over": "over",
        "met": "met",
        "breached": "BREACHED",
        "idle": "not started",
        "msel": "Scenario events (MSEL)",
        "next": "Next",
        "due_in": "in",
        "none_due": "nothing else is due by time",
        "feed": "Social media",
        "news": "News",
        "no_posts": "quiet, for now",
        "inbox_empty": "No messages yet",
        "new": "new",
        "deadline": "deadline",
        "deadline_passed": "deadline passed",
        "answered": "answered",
        "options": "Options",
        "sender": "From",
        "to": "To",
        "composer": "Reply… (enter sends)",
        "keys_pane": "r reply  c choose  s statement  p post  g regulator  a data subjects  d decision  o note",
        "mood": "mood",
        "hostile": "hostile",
        "supportive": "supportive",
        "neutral": "mixed",
        "posts_per_min": "posts/min",
        "send": "Send",
        "cancel": "Cancel",
        "required": "Fill in",
        "not_a_number": "is not a number",
        "sent": "Sent",
        "refused": "Not sent",
        "reply_title": "Reply",
        "choose_title": "Decision",
        "statement_title": "Public statement",
        "post_title": "Social-media post",
        "regulator_title": "Notification to the regulator (GDPR Art. 33)",
        "subjects_title": "Notification to the people affected (GDPR Art. 34)",
        "decision_title": "Decision log",
        "note_title": "Note",
        "inject_title": "Ad-hoc inject",
        "rate_title": "Rate an expectation (HSEEP)",
        "flag_title": "Set or clear a flag",
        "end_title": "End the exercise (EndEx)?",
        "end_text": "The exercise ends now for every role; the hot wash follows.",
        "startex": "StartEx",
        "startex_hint": "Read the summary aloud, then press space to start the clock.",
        "hotwash": "Hot wash",
        "hotwash_hint": "Answers per role; save each role's answers, then finish.",
        "save_role": "Save answers for this role",
        "finish": "Finish and write the debrief",
        "debrief_written": "Debrief written",
        "help": "Keys",
        "no_message": "Select a message first",
        "no_options": "This message asks for no decision",
        "delay_hint": "owed now: the notification is past the clock's limit",
        "msel_first": "Select the event in the MSEL first (tab)",
        "key_pause": "Pause",
        "key_faster": "Faster",
        "key_slower": "Slower",
        "key_next": "Next event",
        "key_endex": "EndEx",
        "key_help": "Help",
        "key_quit": "Quit",
    },
    "nl": {
        "running": "LOOPT",
        "paused": "GEPAUZEERD",
        "ended": "ENDEX",
        "speed": "tempo",
        "left": "over",
        "over": "voorbij",
        "met": "gehaald",
        "breached": "OVERSCHREDEN",
        "idle": "niet gestart",
        "msel": "Scenario-events (MSEL)",
        "next": "Volgende",
        "due_in": "over",
        "none_due": "niets meer gepland op tijd",
        "feed": "Sociale media",
        "news": "Nieuws",
        "no_posts": "nog rustig",
        "inbox_empty": "Nog geen berichten",
        "new": "nieuw",
        "deadline": "deadline",
        "deadline_passed": "deadline verstreken",
        "answered": "beantwoord",
        "options": "Opties",
        "sender": "Van",
        "to": "Aan",
        "composer": "Antwoord… (enter verstuurt)",
        "keys_pane": "r antwoord  c kiezen  s statement  p post  g AP-melding  a betrokkenen  d besluit  o notitie",
        "mood": "stemming",
        "hostile": "vijandig",
        "supportive": "steunend",
        "neutral": "gemengd",
        "posts_per_min": "posts/min",
        "send": "Versturen",
        "cancel": "Annuleren",
        "required": "Vul in",
        "not_a_number": "is geen getal",
        "sent": "Verstuurd",
        "refused": "Niet verstuurd",
        "reply_title": "Antwoord",
        "choose_title": "Besluit",
        "statement_title": "Publieke verklaring",
        "post_title": "Bericht op sociale media",
        "regulator_title": "Melding aan de Autoriteit Persoonsgegevens (AVG art. 33)",
        "subjects_title": "Kennisgeving aan betrokkenen (AVG art. 34)",
        "decision_title": "Besluitenlog",
        "note_title": "Notitie",
        "inject_title": "Ad-hoc inject",
        "rate_title": "Verwachting beoordelen (HSEEP)",
        "flag_title": "Vlag zetten of wissen",
        "end_title": "Oefening beëindigen (EndEx)?",
        "end_text": "De oefening stopt nu voor alle rollen; daarna volgt de hot wash.",
        "startex": "StartEx",
        "startex_hint": "Lees de samenvatting voor en druk op spatie om de klok te starten.",
        "hotwash": "Hot wash",
        "hotwash_hint": "Antwoorden per rol; sla ze per rol op en rond dan af.",
        "save_role": "Antwoorden van deze rol opslaan",
        "finish": "Afronden en debrief schrijven",
        "debrief_written": "Debrief geschreven",
        "help": "Toetsen",
        "no_message": "Kies eerst een bericht",
        "no_options": "Dit bericht vraagt geen besluit",
        "delay_hint": "nu verplicht: de melding komt na de termijn van de klok",
        "msel_first": "Kies eerst het event in de MSEL (tab)",
        "key_pause": "Pauze",
        "key_faster": "Sneller",
        "key_slower": "Langzamer",
        "key_next": "Volgende",
        "key_endex": "EndEx",
        "key_help": "Hulp",
        "key_quit": "Stoppen",
    },
}

#: One cell wide each: emoji take two cells in some terminals and one in others.
CHANNEL_ICONS = {
    "email": "✉",
    "phone": "☎",
    "chat": "»",
    "sms": "✆",
    "social": "#",
    "news": "▤",
    "tv": "▭",
    "letter": "✉",
    "internal": "▣",
    "regulator": "§",
}


DAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "nl": ("ma", "di", "wo", "do", "vr", "za", "zo")}
MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of a YAML block into paragraphs, so that narrow panes wrap
    them cleanly. A line counts as wrapped when it runs close to the block's longest line;
    short lines (a letterhead, "Van: ...") and list items keep their breaks."""
    lines = text.splitlines()
    longest = max((len(line.rstrip()) for line in lines), default=0)
    out: list[str] = []
    joinable = False
    for line in lines:
        stripped = line.strip()
        starts_block = not stripped or stripped[:1] in "-*•>|" or stripped[:2].rstrip(".)").isdigit()
        if out and joinable and not starts_block:
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(line.rstrip())
        joinable = bool(stripped) and len(line.rstrip()) >= longest - 20 and longest >= 50
    return "\n".join(out)


class Labels:
    """``labels.running`` reads the label in the chosen language (falls back to English)."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LABELS else "en"
        self._table = LABELS[self.language]

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._table.get(name) or LABELS["en"][name]

    def moment(self, when) -> str:
        """``ma 2 mrt 06:30`` / ``Mon 2 Mar 06:30``, whatever the machine's locale."""
        day = DAYS[self.language][when.weekday()]
        return f"{day} {when.day} {MONTHS[self.language][when.month - 1]} {when:%H:%M}"
