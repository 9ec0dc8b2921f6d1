"""How the crowd reads what the team says: a rubric of what crisis-communication trainers teach.

A statement gains for what a good one has (acknowledgement, an apology, what happened, who and
how many are affected, what people should do, a contact point, when the next update comes) and
loses for what trainers warn against (jargon, minimising, clichés, blame, promises nobody can
keep, contradicting an earlier statement or known facts), and for each expected element it
lacks. Every point keeps the words that earned it, so the debrief can say *why* the mood
turned. The points, their weights and the scenario's ``rubric:`` field are documented in
docs/authoring.md, "How the crowd reads what you say: the rubric".

Pure and deterministic: the same text, language, earlier statements, facts and tuning give the
same :class:`Assessment`. The lexicons are regular expressions compiled once per language (and
once per scenario tuning), so a statement of a thousand characters takes well under a
millisecond.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from crisissim.scenario.model import POINT_TEXT as POINT_TEXT  # declared with the codes; re-exported here
from crisissim.scenario.model import (
    RUBRIC_CODES,
    RUBRIC_EXPECT,
    RUBRIC_FAULTS,
    RUBRIC_MISSING,
    RUBRIC_PHRASE_CODES,
    Rubric,
    phrase_pattern,
)

#: The change of the crowd's mood each point brings (-1 hostile .. +1 supportive). A scenario's
#: ``rubric.weights`` overrides them; 0 switches a point off.
WEIGHTS: Final[Mapping[str, float]] = {
    "acknowledges": 0.06,
    "apologises": 0.10,
    "says-what": 0.05,
    "says-who": 0.04,
    "says-how-many": 0.06,
    "advises": 0.09,
    "gives-contact": 0.09,
    "next-update": 0.06,
    "jargon": -0.06,
    "minimises": -0.12,
    "cliche": -0.10,
    "blames": -0.12,
    "over-promises": -0.10,
    "contradicts-earlier": -0.20,
    "contradicts-facts": -0.25,
    "no-acknowledgement": -0.06,
    "no-apology": -0.05,
    "no-what": -0.05,
    "no-who": -0.03,
    "no-how-many": -0.04,
    "no-advice": -0.06,
    "no-contact": -0.08,
    "no-next-update": -0.04,
}


#: The mood a statement can shift, either way.
MOOD_LIMIT: Final = 0.6
#: The volume is ``2 ** (-mood / MOOD_LIMIT)``: from half the storm's rate (the best statement)
#: to twice it (the worst).
_VOLUME_BASE: Final = 2.0
#: Two counts of the same kind are the same number when they differ by at most this fraction.
COUNT_TOLERANCE: Final = 0.05
#: At most this many different matches make up a point's evidence.
MAX_EVIDENCE: Final = 3


@dataclass(frozen=True, slots=True)
class Point:
    """One reason the crowd's mood moved: a stable ``code``, its ``delta`` and the words that
    earned it (``None`` for an element the statement lacks)."""

    code: str
    delta: float
    evidence: str | None


@dataclass(frozen=True, slots=True)
class Count:
    """A number of people or records a statement gives: ``180.000 patiënten`` is 180000 of kind
    ``patients``."""

    value: float
    kind: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Denial:
    """Something a statement says did not happen or is not involved: ``geen medische gegevens``
    denies the topic ``medical``."""

    topic: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the crowd makes of one statement: its points, the shift of the mood and the factor
    of the storm's volume. ``counts`` and ``denied`` are the claims a later statement is
    compared with."""

    points: tuple[Point, ...]
    mood: float
    volume: float
    counts: tuple[Count, ...] = ()
    denied: tuple[Denial, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.points)

    def point(self, code: str) -> Point | None:
        return next((p for p in self.points if p.code == code), None)


# --- the lexicons -------------------------------------------------------------------------------
#
# Regular expressions, matched case-insensitively, each as whole words (the rubric adds the
# word boundaries). Typographic quotes and non-breaking spaces are read as plain ones.

_NL_HEDGE = r"of|mogelijk|misschien|wellicht|eventueel|eventuele|niet|nog niet"
_EN_HEDGE = r"whether|if|may|might|possibly|potentially|could|not"

_NL_PEOPLE: dict[str, str] = {
    "patients": r"patiënt(?:en)?",
    "clients": r"cliënt(?:en)?",
    "customers": r"klant(?:en)?",
    "staff": r"medewerkers?|werknemers?|personeelsleden|collega'?s",
    "members": r"leden|lid",
    "users": r"gebruikers?",
    "residents": r"inwoners?|bewoners?|burgers?|huurders?",
    "students": r"studenten|student|leerlingen|leerling|ouders",
    "donors": r"donateurs?",
    "subscribers": r"abonnees?",
    "travellers": r"reizigers?",
    "participants": r"deelnemers?",
    "people": r"mensen|personen|persoon|betrokkenen|slachtoffers|huishoudens|kinderen|bezoekers|sollicitanten",
    "professionals": r"artsen|verpleegkundigen|zorgverleners|huisartsen",
    "account-holders": r"rekeninghouders|polishouders|verzekerden|accounthouders",
}
_NL_RECORDS: dict[str, str] = {
    "records": r"dossiers?|records?|bestanden|documenten|uitslagen|verwijsbrieven",
    "accounts": r"accounts?",
    "addresses": r"e-?mailadressen|adressen",
    "passwords": r"wachtwoorden",
    "national-ids": r"burgerservicenummers|bsn'?s|bsn-nummers",
    "bank-accounts": r"rekeningnummers|iban'?s",
}
_EN_PEOPLE: dict[str, str] = {
    "patients": r"patients?",
    "clients": r"clients?",
    "customers": r"customers?|shoppers?",
    "staff": r"staff|employees?|colleagues|members\s+of\s+staff",
    "members": r"members?",
    "users": r"users?",
    "residents": r"residents?|citizens|tenants?",
    "students": r"students?|pupils|parents",
    "donors": r"donors?",
    "subscribers": r"subscribers?",
    "travellers": r"passengers?|travell?ers?",
    "participants": r"participants?",
    "people": r"people|persons|individuals|victims|households|children|visitors|applicants",
    "professionals": r"doctors|nurses|clinicians|gps",
    "account-holders": r"account\s*holders|policy\s*holders|cardholders",
}
_EN_RECORDS: dict[str, str] = {
    "records": r"records?|files|documents|letters|rows|entries",
    "accounts": r"accounts?",
    "addresses": r"e-?mail\s+addresses|addresses",
    "passwords": r"passwords",
    "national-ids": r"national\s+insurance\s+numbers|social\s+security\s+numbers",
    "bank-accounts": r"(?:bank\s+)?account\s+numbers|card\s+numbers",
}

#: What a statement may deny or admit, by category: a fact of the scenario names one of these
#: (``gezondheidsgegevens``, ``medical data``) or is matched as its own words.
#: Data, in the compounds Dutch makes of it.
_NL_DATA = (
    r"(?:patiënt(?:en)?|klant(?:en)?|persoons|naw-|contact|inlog|bank|gezondheids|betaal|adres|cliënt(?:en)?"
    r"|personeels|medewerkers?|burger|zorg|identiteits|paspoort|verzekerings|medische\s+|financiële\s+"
    r"|gevoelige\s+|persoonlijke\s+)gegevens"
)
_EN_DATA = (
    r"(?:customer|patient|personal|account|payment|card|bank|medical|health|staff|employee|user|client|member"
    r"|contact|login)\s+(?:data|details|records|information)"
)

_NL_TOPICS: dict[str, str] = {
    "medical": r"medische\s+(?:gegevens|dossiers?|informatie|data)|gezondheidsgegevens|patiënt(?:en)?dossiers?"
    r"|diagnoses?|medische\s+(?:uitslagen|geschiedenis)|hiv-status(?:sen)?",
    "financial": r"bankgegevens|(?:bank)?rekeningnummers?|iban(?:-nummers?|'s)?|financiële\s+gegevens"
    r"|betaalgegevens|creditcard(?:gegevens|nummers?)?|pincodes?",
    "passwords": r"wachtwoorden|wachtwoord|inloggegevens",
    "national-id": r"bsn(?:'s|-nummers?)?|burgerservicenummers?",
    "ransomware": r"ransomware|gijzelsoftware|losgeldsoftware",
    "attack": r"cyber-?aanval(?:len)?|hack|aanval|inbraak",
    "breach": r"datalek|lek",
    "theft": rf"(?:{_NL_DATA}|gegevens|data|bestanden)\s+(?:(?:zijn|is|werden|werd)\s+)?"
    r"(?:gestolen|buitgemaakt|gekopieerd|gelekt|weggesluisd|uitgelekt|ontvreemd)"
    r"|datadiefstal|diefstal\s+van\s+(?:[\w-]+\s+)?gegevens",
}
_EN_TOPICS: dict[str, str] = {
    "medical": r"(?:medical|health)\s+(?:data|records?|information|details|histor(?:y|ies))|diagnoses"
    r"|hiv\s+status(?:es)?",
    "financial": r"bank\s+(?:details|account\s+(?:details|numbers?))|(?:payment|card|credit\s+card)\s+"
    r"(?:details|data|numbers?|information)|financial\s+(?:data|details|information)|pins?",
    "passwords": r"passwords?|login\s+details|credentials",
    "national-id": r"national\s+insurance\s+numbers?|social\s+security\s+numbers?",
    "ransomware": r"ransomware",
    "attack": r"cyber[\s-]?attacks?|hack|attack|break-in",
    "breach": r"(?:data\s+)?breach|(?:data\s+)?leak",
    "theft": r"(?:data|records|files|information|details)\s+(?:(?:was|were|has\s+been|have\s+been)\s+)?"
    r"(?:stolen|taken|copied|exfiltrated|leaked)|data\s+theft",
}
#: A fact of one topic is also one of these (ransomware is an attack).
_IMPLIES: dict[str, tuple[str, ...]] = {"ransomware": ("attack",), "theft": ("breach",)}

_NL_TIME = r"\d{1,2}[:.]\d{2}(?:\s*uur)?|\d{1,2}\s+uur"
_EN_TIME = r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}|noon|midday"
_NL_DAYS = r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
_EN_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NL_FUTURE = (
    r"zal|zullen|volgt|volgen|komt|komen|geven|geeft|informeren|houden|publiceren|staat|staan|verschijnt"
    r"|hoort|horen|krijgt|krijgen|sturen|delen|vindt|plaatsen|update|persconferentie|persmoment"
)
_EN_FUTURE = r"will|we'll|shall|next|update|briefing|conference|expect|plan"
_SUPPLIER_NL = r"(?:externe\s+)?[\w-]*(?:leverancier|dienstverlener|partner|onderaannemer|verwerker)"
_SUPPLIER_EN = r"(?:third[\s-]party\s+|external\s+)?(?:supplier|vendor|provider|partner|contractor|processor)"

_PHONE = (
    r"(?:\+\d{2}[\s-]?(?:\(0\)[\s-]?)?\d(?:[\s-]?\d){7,9}"
    r"|0\d{3}[\s-]?\d{4}(?:[\s-]?\d{3})?"
    r"|0\d(?:[\s-]?\d){8,9})(?!\d)"
)
_URL = r"(?:https?://|www\.)[^\s<>\"]*[\w/]"
#: E-mail addresses and bare domains are found from their ``@`` or their ``.nl``, then read back
#: to the start of the word: quicker than trying every word as the start of an address.
_ADDRESS_TAIL = re.compile(
    r"@[\w-]+(?:\.[\w-]+)+|\.(?:nl|com|org|net|eu|be|uk|example|info|gov|nhs|co\.uk|org\.uk)(?:/[^\s<>\"]*[\w/])?(?!\w)"
)

#: "Gegevens van patiënten zijn gestolen": both an acknowledgement and what happened.
_NL_TAKEN = (
    rf"(?:{_NL_DATA}|gegevens|bestanden|data)\s+(?:van\s+(?:[\w.-]+\s+){{1,3}})?(?:zijn|is|werden|werd)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:gestolen|buitgemaakt|ingezien|gekopieerd|gelekt|versleuteld|gepubliceerd)"
    # and inverted: "daarbij zijn gegevens van 180.000 patiënten buitgemaakt"
    r"|(?:zijn|is|werden|werd)\s+(?:(?!mogelijk|misschien|wellicht|niet|geen)[\w.,-]+\s+){0,4}?"
    rf"(?:{_NL_DATA}|gegevens|bestanden|data|dossiers)\s+(?:(?!niet|nooit)[\w.,-]+\s+){{0,5}}?"
    r"(?:gestolen|buitgemaakt|ingezien|gekopieerd|gelekt|versleuteld|gepubliceerd)"
)
_EN_TAKEN = (
    rf"(?:{_EN_DATA}|data|records|details|information|files)\s+(?:of\s+(?:[\w.,-]+\s+){{1,3}})?"
    r"(?:was|were|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:stolen|accessed|copied|exposed|leaked|taken|published"
    r"|encrypted)"
)

_LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "nl": {
        "acknowledges": (
            r"(?:is|zijn|werd|werden)\s+(?:(?!mogelijk|misschien|wellicht|niet|geen)[\w-]+\s+){0,2}?getroffen"
            r"(?:\s+door)?",
            r"slachtoffer\s+(?:geworden\s+)?van",
            r"er\s+is\s+(?:sprake\s+van\s+)?een\s+(?:[\w-]+\s+)?(?:datalek|hack|cyberaanval|aanval|inbraak"
            r"|[\w-]*incident|lek)",
            r"(?:wij|we)\s+(?:bevestigen|erkennen)",
            r"het\s+klopt\s+dat",
            r"(?:wij|we)\s+(?:zijn|werden)\s+gehackt",
            r"(?:wij|we)\s+hebben\s+(?:een\s+)?(?:grote\s+|ernstige\s+)?fout(?:en)?\s+gemaakt",
            r"(?:wij|we)\s+hebben\s+(?:[\w-]+\s+)?(?:vastgesteld|ontdekt|geconstateerd)\s+dat",
            _NL_TAKEN,
        ),
        "apologises": (
            r"excuses",
            r"verontschuldigingen",
            r"(?:het\s+)?spijt\s+(?:ons|me|mij)",
            r"(?:wij|we)\s+hebben\s+(?:een\s+)?(?:grote\s+|ernstige\s+)?fout(?:en)?\s+gemaakt",
            r"dat\s+had\s+(?:nooit\s+|niet\s+)mogen\s+gebeuren",
            r"sorry",
            r"(?:wij|we)\s+betreuren\s+(?:het\s+)?(?:ten\s+zeerste\s+|zeer\s+)?(?:dat|wat)",
            r"(?:wij|we)\s+schamen\s+ons",
            r"onze\s+(?:fout|schuld)",
        ),
        "says-what": (
            r"cyber-?aanval(?:len)?",
            r"aanval",
            r"hack|gehackt",
            r"ransomware(?:-?aanval)?|gijzelsoftware",
            r"datalek|lek",
            r"inbraak",
            r"(?:beveiligings|cyber|privacy)incident",
            r"(?:ver)?storing",
            _NL_TAKEN,
            r"namen|(?:woon|e-?mail)?adressen|geboortedata|geboortedatums|telefoonnummers",
            r"bsn(?:'s)?|burgerservicenummers?|wachtwoorden|diagnoses|rekeningnummers|iban",
            _NL_DATA,
        ),
        "says-who": tuple(_NL_PEOPLE.values()),
        "says-how-many": (),
        "advises": (
            r"wees\s+(?:extra\s+)?(?:alert|waakzaam|voorzichtig|bedacht)",
            r"blijf\s+(?:extra\s+)?(?:alert|waakzaam)",
            r"let\s+(?:extra\s+|goed\s+)?op",
            r"(?:wijzig|verander|vernieuw)\s+(?:direct\s+|zo\s+snel\s+mogelijk\s+)?(?:uw|je)\s+(?:[\w-]+\s+)?wachtwoord",
            r"klik\s+niet\s+op",
            r"open\s+(?:geen|niet)",
            r"(?:deel|geef)\s+(?:nooit|geen|niet)",
            r"neem\s+contact\s+op\s+met\s+(?:uw|je)\s+[\w-]+",
            r"(?:bel|waarschuw)\s+(?:uw|je)\s+(?:bank|huisarts|verzekeraar)",
            r"controleer\s+(?:uw|je|regelmatig)",
            r"houd\s+(?:uw|je)\s+[\w-]+\s+(?:goed\s+)?in\s+de\s+gaten",
            r"meld\s+(?:verdachte|het|dit)",
            r"doe\s+aangifte",
            r"(?:u\s+|je\s+)?hoeft\s+(?:nu\s+)?(?:zelf\s+)?niets\s+te\s+doen",
            r"(?:zet|schakel)\s+(?:[\w-]+\s+)?(?:tweestapsverificatie|twee-?factor-?authenticatie)",
            r"blokkeer\s+(?:uw|je)",
            r"(?:uw\s+|de\s+)?afspraa?k(?:en)?\s+(?:gaat|gaan)\s+(?:gewoon\s+)?door",
            r"kom(?:t)?\s+(?:gewoon\s+)?naar\s+(?:uw|je)\s+afspraak",
            r"(?:spoedzorg|spoedeisende\s+hulp|de\s+seh)\s+(?:gaat|blijft|is)\s+(?:gewoon\s+)?"
            r"(?:door|open|bereikbaar)",
            r"(?:wij|we)\s+(?:raden|adviseren)\s+(?:u|iedereen|patiënten|klanten)",
            r"(?:ons|het)\s+advies\s+(?:is|luidt|aan)",
        ),
        "gives-contact": (
            _PHONE,
            _URL,
            r"bel(?:t\s+u)?\s+(?:ons|onze|met|naar)",
            r"(?:kunt|kan)\s+(?:u|je)\s+(?:ons\s+)?(?:bellen|mailen|terecht|bereiken)",
            r"(?:u|je)\s+(?:kunt|kan)\s+(?:ons\s+)?(?:[\w-]+\s+){0,3}?(?:bellen|mailen|terecht|bereiken)",
            r"neem\s+contact\s+met\s+ons\s+op",
            r"(?:mail|e-mail)\s+(?:ons|naar)",
            r"(?:speciale\s+|gratis\s+|aparte\s+)?(?:telefoonlijn|hulplijn|informatielijn|infolijn|telefoonnummer"
            r"|servicenummer|meldpunt|callcenter|klantenservice|patiëntenservice|servicedesk|contactformulier|helpdesk)",
            r"is\s+(?:dag\s+en\s+nacht\s+|24\s+uur\s+per\s+dag\s+|vanaf\s+nu\s+)?bereikbaar",
        ),
        "next-update": (
            r"vanavond|vanmiddag|later\s+vandaag|morgen(?:ochtend|middag|avond|vroeg)?|overmorgen",
            rf"(?:komende|aanstaande)\s+(?:{_NL_DAYS})|(?:op\s+)?(?:{_NL_DAYS})(?:ochtend|middag|avond)",
            rf"(?:uiterlijk|rond|voor)\s+(?:{_NL_TIME})",
            rf"(?:{_NL_FUTURE})\b[^.!?\n]{{0,60}}?\bom\s+(?:{_NL_TIME})",
            rf"om\s+(?:{_NL_TIME})\s+(?:[\w-]+\s+){{0,3}}?(?:{_NL_FUTURE})",
            r"binnen\s+(?:\d+|een|één|twee|drie|vier|vijf)\s+(?:uur|dagen|dag|minuten|werkdagen|week|weken)",
            r"(?:elke|iedere)\s+(?:dag|ochtend|avond|middag|\d+\s+uur|uur)|dagelijks",
            r"(?:volgende|nieuwe|eerstvolgende)\s+(?:update|persconferentie|bericht|informatie)",
            r"(?:houden|hou|houdt)\s+(?:u|je|jullie|iedereen|patiënten|klanten)\s+(?:[\w-]+\s+){0,2}?"
            r"op\s+de\s+hoogte\s+(?:via|op|met)",
            r"(?:updates?|informatie)\s+(?:volgt|volgen|komt|verschijnt|vindt\s+u|staat|plaatsen)\s+"
            r"(?:op|via|om|vanavond|morgen)",
        ),
        "jargon": (
            r"exfiltr(?:atie|eerd|eren|eerden)|geëxfiltreerd",
            r"threat\s+actors?|ioc'?s?|indicators?\s+of\s+compromise",
            r"ransomware-?varian?t(?:en)?|ransomware-?stam",
            r"lateral\s+movement|laterale\s+beweging",
            r"c2(?:-servers?)?|command[\s-]and[\s-]control",
            r"ttp'?s|tactieken,?\s+technieken\s+en\s+procedures",
            r"zero[\s-]?days?|cve-\d{4}-\d+",
            r"payloads?|edr|siem|apt(?:-groep)?|beaconing|encryptor",
            r"privilege\s+escalation|credential\s+stuffing|brute[\s-]?force(?:-aanval)?",
            r"incident\s+response(?:-team)?|containment|threat\s+intelligence",
            r"onbevoegde\s+derden?",
        ),
        "minimises": (
            r"(?:er\s+zijn\s+)?geen\s+(?:enkele\s+)?(?:aanwijzingen|aanwijzing|indicaties?|signalen|bewijs)\s+"
            r"(?:dat|voor|van)(?:\s+(?:[\w-]+\s+){0,6}?(?:misbruikt|misbruik|gebruikt|verspreid|ingezien"
            r"|gepubliceerd))?",
            r"een\s+(?:zeer\s+)?(?:beperkt|klein|gering)\s+aantal",
            r"een\s+kleine\s+groep",
            r"slechts",
            r"maar\s+(?:een\s+)?(?:paar|enkele|klein)",
            r"beperkte\s+(?:impact|gevolgen|schade|omvang)",
            r"(?:kleine|kortstondige|tijdelijke)\s+(?:storing|verstoring|onderbreking|incident)",
            r"(?:een\s+)?technisch(?:e)?\s+(?:probleem|storing|mankement)",
            r"(?:er\s+is\s+)?geen\s+(?:reden|aanleiding)\s+(?:tot|voor)\s+(?:zorg|zorgen|ongerustheid|paniek|onrust)",
            r"(?:u\s+)?hoeft\s+zich\s+geen\s+zorgen\s+te\s+maken",
            r"(?:het\s+)?risico\s+is\s+(?:zeer\s+|erg\s+)?(?:klein|beperkt|gering|laag|minimaal)",
            r"(?:niet|weinig)\s+gevoelige\s+gegevens",
            r"(?:alleen|slechts)\s+(?:maar\s+)?(?:namen|e-mailadressen|contactgegevens)",
            r"(?:valt|viel)\s+(?:erg\s+|wel\s+)?mee",
        ),
        "cliche": (
            r"(?:wij|we)\s+nemen\s+(?:de\s+|uw\s+)?(?:bescherming\s+van\s+(?:uw\s+)?(?:persoons)?gegevens|privacy"
            r"|veiligheid|beveiliging|informatiebeveiliging|gegevensbescherming|dit)\s+(?:zeer\s+|heel\s+|uiterst\s+"
            r"|bijzonder\s+|altijd\s+)?serieus",
            # "Ziekenhuis X neemt de privacy van patiënten zeer serieus", "wij nemen uw zorgen serieus"
            r"(?:neemt|nemen)\s+(?:[\w'’-]+\s+){1,6}?(?:zeer|heel|uiterst|bijzonder|altijd)\s+serieus",
            r"(?:uw\s+)?privacy\s+(?:staat|heeft)\s+(?:bij\s+ons\s+)?(?:altijd\s+)?(?:voorop|prioriteit|centraal)",
            r"hoog\s+in\s+het\s+vaandel",
            r"(?:de\s+)?hoogste\s+prioriteit",
            r"(?:excuses|verontschuldigingen)\s+voor\s+(?:het|eventueel|eventuele|dit|elk)\s+ongemak",
            r"(?:betreuren|spijt\s+ons)\s+(?:het|eventueel|eventuele)\s+ongemak",
            r"(?:wij|we)\s+doen\s+(?:er\s+)?alles\s+aan",
            r"alles\s+in\s+het\s+werk",
            r"met\s+man\s+en\s+macht",
            r"(?:uw\s+)?vertrouwen\s+is\s+(?:ons\s+)?(?:veel\s+)?waard",
            r"(?:een\s+)?(?:zeer\s+|uiterst\s+|hoogst\s+)?geavanceerde\s+(?:cyber-?)?aanval",
            r"geen\s+middel\s+onbeproefd",
        ),
        "blames": (
            rf"(?:een\s+)?medewerker\s+van\s+(?:onze|een|de|het)\s+{_SUPPLIER_NL}",
            rf"(?:ontstaan|ontstond|begon|begonnen|lag|ligt|zat|zit|gebeurd|gebeurde|veroorzaakt)\s+"
            rf"(?:[\w-]+\s+){{0,2}}?(?:bij|door)\s+(?:onze|een|de)\s+{_SUPPLIER_NL}",
            rf"(?:bij|door)\s+(?:onze|een|de)\s+{_SUPPLIER_NL}\s+(?:[\w-]+\s+)?(?:ontstaan|veroorzaakt|gemaakt)",
            rf"(?:fout|nalatigheid|blunder|onzorgvuldigheid|vergissing)\s+(?:van|bij)\s+(?:onze|een|de)\s+"
            rf"(?:{_SUPPLIER_NL}|medewerker)",
            r"(?:door|vanwege)\s+(?:een\s+)?(?:menselijke\s+)?(?:fout|nalatigheid|blunder)\s+van",
            r"menselijke\s+fout",
            r"(?:een|één)\s+(?:enkele\s+)?medewerker\s+(?:heeft|had|die)",
            r"(?:de\s+)?schuld\s+(?:ligt|lag)\s+bij",
            r"(?:de\s+oorzaak|het\s+probleem|de\s+fout|het\s+lek)\s+(?:ligt|lag|zit|zat)\s+bij",
            r"niet\s+aan\s+ons\s+te\s+wijten|buiten\s+onze\s+schuld|niet\s+onze\s+(?:schuld|fout)",
            r"ons\s+(?:valt|treft)\s+geen\s+(?:blaam|schuld)",
            r"(?:door|bij)\s+een\s+derde\s+partij",
        ),
        "over-promises": (
            r"(?<!niet\s)(?<!geen\s)garande(?:er|ren|ert|erd)|(?<!niet\s)(?<!geen\s)garantie",
            r"(?:dit|zoiets|het)\s+(?:zal|gaat|kan)\s+(?:nooit\s+meer|niet\s+(?:meer|nog\s+eens|opnieuw))\s+"
            r"(?:gebeuren|voorkomen)",
            r"nooit\s+meer",
            r"(?:volledig|100\s*%|honderd\s+procent|absoluut|helemaal)\s+(?:veilig|beveiligd|uitgesloten|zeker)",
            r"(?:het\s+is\s+)?uitgesloten\s+dat",
            r"met\s+(?:100\s*%\s+|absolute\s+)?zekerheid",
            r"er\s+is\s+geen\s+(?:enkel\s+)?risico",
            r"(?:alle|al\s+uw|uw)\s+gegevens\s+zijn\s+(?:nu\s+)?(?:weer\s+)?veilig",
        ),
    },
    "en": {
        "acknowledges": (
            r"(?:has|have|was|were)\s+(?:been\s+)?(?:(?!possibly|potentially|not|never)\w+\s+)?(?:hit|affected"
            r"|targeted)(?:\s+by)?",
            r"(?:we|i)\s+(?:can\s+)?confirm",
            r"we\s+acknowledge",
            r"(?:are|were|was|has\s+been|have\s+been)\s+(?:the\s+)?victims?\s+of",
            r"there\s+(?:has|have)\s+been\s+an?\s+(?:[\w-]+\s+)?(?:breach|attack|incident|leak|hack)",
            r"we\s+(?:were|have\s+been|got)\s+hacked",
            r"we\s+(?:made|have\s+made)\s+an?\s+(?:\w+\s+)?mistake",
            r"we\s+(?:have\s+)?(?:discovered|found|established|identified)\s+that",
            _EN_TAKEN,
        ),
        "apologises": (
            r"apolog(?:y|ies|ise|ize|ised|ized|ising|izing)",
            r"(?:we\s+are|we're|i\s+am|i'm)\s+(?:so\s+|truly\s+|deeply\s+|very\s+|sincerely\s+)?sorry",
            r"sorry",
            r"we\s+(?:made|have\s+made)\s+an?\s+(?:\w+\s+)?mistake",
            r"(?:this|that|it)\s+should\s+(?:never|not)\s+have\s+happened",
            r"we\s+(?:deeply\s+|sincerely\s+)?regret\s+(?:that|what)",
            r"our\s+(?:fault|mistake)",
            r"we\s+(?:got|have\s+got)\s+this\s+wrong",
        ),
        "says-what": (
            r"cyber[\s-]?attacks?|attack",
            r"hack(?:ed)?",
            r"ransomware(?:\s+attack)?",
            r"(?:data\s+)?breach|leak(?:ed)?|break-in",
            r"(?:security|cyber)\s+incident",
            r"outage",
            _EN_TAKEN,
            r"(?:data\s+)?theft",
            r"names|(?:e-?mail\s+|home\s+|postal\s+)?addresses|dates\s+of\s+birth|phone\s+numbers|passwords",
            r"(?:medical|health)\s+(?:data|records|information|details)|diagnoses",
            r"bank\s+(?:details|account\s+numbers)|(?:payment|card|credit\s+card)\s+(?:details|data|numbers)",
            r"national\s+insurance\s+numbers|order\s+histor(?:y|ies)",
            r"personal\s+(?:data|details|information)|(?:customer|patient|account)\s+(?:data|details|records"
            r"|information)",
        ),
        "says-who": tuple(_EN_PEOPLE.values()),
        "says-how-many": (),
        "advises": (
            r"be\s+(?:extra\s+)?(?:alert|vigilant|careful|wary|suspicious)",
            r"stay\s+(?:alert|vigilant)",
            r"(?:watch|look)\s+out\s+for",
            r"(?:change|reset|update)\s+(?:your|the)\s+(?:[\w-]+\s+)?passwords?",
            r"(?:do\s+not|don't|never)\s+(?:click|open|share|give|reply|respond|enter)",
            r"(?:contact|call|tell|phone)\s+your\s+(?:bank|card\s+issuer|gp|doctor)",
            r"check\s+your|monitor\s+your|keep\s+an\s+eye\s+on",
            r"report\s+(?:any\s+)?(?:suspicious|it|this)",
            r"we\s+(?:strongly\s+)?(?:advise|recommend|urge|ask)\s+(?:you|customers|patients|all|everyone)",
            r"our\s+advice\s+is",
            r"(?:turn\s+on|enable|set\s+up)\s+(?:two|2)[\s-]?(?:factor|step)",
            r"you\s+(?:do\s+not|don't)\s+need\s+to\s+(?:do\s+anything|take\s+any\s+action)",
            r"no\s+action\s+is\s+(?:needed|required)",
            r"(?:appointments?|services?)\s+(?:will\s+)?(?:go(?:es)?\s+ahead|continue|run\s+as\s+normal)",
            r"keep\s+your\s+appointment",
            r"if\s+you\s+(?:receive|get|notice|see)",
            r"freeze\s+your|cancel\s+your\s+card",
        ),
        "gives-contact": (
            _PHONE,
            _URL,
            r"call\s+(?:us|our|the)",
            r"ring\s+us",
            r"(?:phone|call)\s+(?:us\s+)?on",
            r"(?:dedicated\s+|free\s+)?(?:helpline|hotline|phone\s*line|freephone|call\s+cent(?:re|er)"
            r"|contact\s+cent(?:re|er)|customer\s+service|support\s+line|information\s+line)",
            r"contact\s+us|e-?mail\s+us|reach\s+us|get\s+in\s+touch\s+with\s+us|contact\s+form",
            r"(?:dedicated|special)\s+(?:page|web\s*page|team)",
        ),
        "next-update": (
            r"tonight|this\s+(?:evening|afternoon)|later\s+(?:today|this\s+(?:morning|afternoon|evening))",
            r"tomorrow(?:\s+(?:morning|afternoon|evening))?",
            rf"(?:on|by|next)\s+(?:{_EN_DAYS})",
            rf"(?:by|before|around)\s+(?:{_EN_TIME})",
            rf"(?:{_EN_FUTURE})\b[^.!?\n]{{0,60}}?\bat\s+(?:{_EN_TIME})",
            r"within\s+(?:\d+|one|two|three|four|five|twenty-four|forty-eight)\s+(?:hours?|days?|minutes|working"
            r"\s+days|weeks?)",
            r"every\s+(?:\d+\s+hours|hour|day|morning|evening)|daily\s+updates?",
            r"(?:next|further|another|regular)\s+updates?",
            r"keep\s+(?:you|customers|patients|everyone)\s+(?:\w+\s+)?(?:informed|updated|posted)\s+"
            r"(?:via|on|at|through)",
            r"updates?\s+(?:will\s+be\s+)?(?:posted|published|available)\s+(?:on|at|via)",
        ),
        "jargon": (
            r"exfiltrat(?:ion|ed|e)",
            r"threat\s+actors?|iocs?|indicators?\s+of\s+compromise",
            r"(?:ransomware|malware)\s+(?:variant|strain)s?",
            r"lateral\s+movement",
            r"c2(?:\s+servers?)?|command[\s-]and[\s-]control",
            r"ttps|tactics,?\s+techniques,?\s+and\s+procedures",
            r"zero[\s-]?days?|cve-\d{4}-\d+",
            r"payloads?|edr|siem|apt|beaconing|encryptor",
            r"privilege\s+escalation|credential\s+stuffing|brute[\s-]?force",
            r"incident\s+response|containment|threat\s+intelligence|remediation",
            r"threat\s+vectors?|attack\s+surface",
            r"data\s+subjects|pii|personally\s+identifiable\s+information",
            r"unauthori[sz]ed\s+third\s+part(?:y|ies)",
        ),
        "minimises": (
            r"(?:there\s+is\s+)?no\s+(?:evidence|indication|sign|suggestion)s?\s+(?:that|of)(?:\s+(?:[\w-]+\s+){0,6}?"
            r"(?:misused|misuse|used|shared|published|accessed|exploited))?",
            r"(?:seen|found)\s+no\s+evidence",
            r"a\s+(?:very\s+)?(?:small|limited)\s+(?:number|subset|group|proportion)",
            r"(?:only|just)\s+a\s+(?:few|handful|small)",
            r"merely",
            r"(?:limited|minimal)\s+(?:impact|exposure|risk)",
            r"(?:minor|brief|isolated)\s+(?:incident|issue|outage|disruption)",
            r"(?:a\s+)?technical\s+(?:issue|problem|glitch|fault)",
            r"no\s+(?:need|reason)\s+(?:to|for)\s+(?:worry|concern|alarm|panic)",
            r"nothing\s+to\s+worry\s+about",
            r"(?:the\s+)?risk\s+is\s+(?:very\s+)?(?:low|small|minimal)|low[\s-]risk",
            r"non-sensitive|not\s+(?:particularly\s+)?sensitive",
            r"(?:only|just)\s+(?:names|email\s+addresses|contact\s+details)",
        ),
        "cliche": (
            r"we\s+take\s+(?:the\s+)?(?:your\s+)?(?:privacy|security|data\s+protection|protection\s+of\s+(?:your\s+)?"
            r"(?:personal\s+)?data|this\s+matter|this)\s+(?:very\s+|extremely\s+|incredibly\s+|most\s+)?seriously",
            # "Northwind takes the privacy of its customers very seriously"
            r"(?:takes|take)\s+(?:[\w'’-]+\s+){1,6}?(?:very|extremely|incredibly|most)\s+seriously",
            r"(?:your\s+)?(?:privacy|security)\s+is\s+(?:our\s+)?(?:top|highest|number\s+one|first)\s+priority",
            r"(?:top|highest)\s+priority",
            r"(?:apologi[sz]e|sorry)\s+for\s+(?:any|the)\s+inconvenience",
            r"regret\s+(?:any|the)\s+inconvenience",
            r"doing\s+everything\s+(?:we\s+can|in\s+our\s+power|possible)",
            r"no\s+stone\s+unturned",
            r"committed\s+to\s+protecting",
            r"(?:highly\s+)?sophisticated\s+(?:cyber[\s-]?)?attack",
            r"out\s+of\s+an\s+abundance\s+of\s+caution",
            r"value\s+your\s+(?:trust|privacy)",
            r"trust\s+of\s+our\s+\w+\s+is\s+paramount",
            r"working\s+around\s+the\s+clock",
        ),
        "blames": (
            rf"an?\s+(?:employee|member\s+of\s+staff|staff\s+member|engineer|worker)\s+(?:of|at|from)\s+"
            rf"(?:our|a|the)\s+{_SUPPLIER_EN}",
            rf"(?:caused|introduced|originated|happened|occurred|started)\s+(?:\w+\s+){{0,2}}?(?:by|at|with)\s+"
            rf"(?:our|a|the)\s+{_SUPPLIER_EN}",
            r"(?:supplier|vendor|provider|partner|contractor)(?:'s)?\s+(?:error|mistake|failure|negligence|fault)",
            rf"(?:error|mistake|failure)\s+(?:by|of|at)\s+(?:our|a|the)\s+{_SUPPLIER_EN}",
            r"human\s+error",
            r"(?:a|one)\s+(?:single\s+|rogue\s+)?(?:employee|member\s+of\s+staff)\s+(?:who|had|has|clicked|made)",
            r"through\s+no\s+fault\s+of\s+(?:our|its)\s+own|not\s+our\s+fault",
            r"(?:the\s+)?(?:fault|blame|responsibility)\s+lies\s+with",
            rf"{_SUPPLIER_EN}\s+(?:left|exposed|failed|misconfigured|made)",
        ),
        "over-promises": (
            r"(?<!not\s)(?<!cannot\s)(?<!can't\s)guarantee[ds]?",
            r"(?:this|it)\s+will\s+never\s+happen\s+again|never\s+(?:happen\s+)?again",
            r"(?:completely|fully|totally|100\s*%|entirely|absolutely)\s+(?:safe|secure|protected)",
            r"there\s+is\s+no\s+risk",
            r"rest\s+assured",
            r"(?:we\s+can\s+)?assure\s+you",
            r"with\s+(?:absolute\s+)?certainty",
            r"(?:make\s+sure|ensure)\s+(?:that\s+)?(?:this|it)\s+(?:will\s+)?(?:never|cannot|can\s+never)",
            r"your\s+(?:data|details|information)\s+(?:is|are)\s+(?:now\s+)?safe",
        ),
    },
}

_CORRECTION: dict[str, str] = {
    "nl": r"eerder\s+(?:meldden|zeiden|noemden|gaven|berichtten|communiceerden|schreven|spraken)"
    r"|(?:wij|we)\s+(?:meldden|zeiden|noemden|schreven)\s+eerder|in\s+(?:ons\s+)?(?:eerdere|vorige)\s+"
    r"(?:bericht|verklaring|statement|update)|bijgesteld|correctie|rectificatie|corrigeren|herzien"
    r"|inmiddels\s+(?:weten|blijkt|is\s+(?:duidelijk|gebleken|bekend))|nu\s+blijkt"
    r"|(?:hoger|groter|meer|lager|kleiner|minder)\s+dan\s+(?:we\s+)?eerder"
    r"|dan\s+(?:eerst|aanvankelijk)\s+(?:gedacht|gemeld|aangenomen)|aanvankelijk|(?:is|zijn)\s+(?:gestegen|opgelopen)",
    "en": r"(?:previously|earlier|initially|first)\s+(?:said|stated|reported|announced|believed|thought)"
    r"|(?:earlier|previous)\s+(?:statement|update|figure|estimate)|correct(?:ion|ing)|revis(?:e|ed|ing)"
    r"|updated?\s+(?:figure|number|estimate|count)"
    r"|(?:higher|larger|more|lower|fewer|smaller)\s+than\s+(?:we\s+)?(?:first|previously|initially|earlier)"
    r"|we\s+now\s+know|has\s+(?:since\s+)?(?:risen|grown|increased)|contrary\s+to\s+(?:what\s+)?(?:we|our)",
}

_APPROX: dict[str, str] = {
    "nl": r"(?:ongeveer|circa|ca\.|zo'n|ruim|bijna|naar\s+schatting|meer\s+dan|minder\s+dan|tot|ruwweg|rond)\s+",
    "en": r"(?:about|around|approximately|roughly|some|more\s+than|over|nearly|almost|up\s+to|an\s+estimated"
    r"|fewer\s+than|less\s+than)\s+",
}
_SCALES: dict[str, dict[str, float]] = {
    "nl": {"miljoen": 1e6, "mln": 1e6, "mln.": 1e6, "duizend": 1e3, "k": 1e3, "miljard": 1e9},
    "en": {"million": 1e6, "m": 1e6, "mln": 1e6, "thousand": 1e3, "k": 1e3, "billion": 1e9, "bn": 1e9},
}
_NUMBER: dict[str, str] = {
    # Dutch writes 180.000 and 1,2 miljoen; English 180,000 and 1.2 million. Either may use spaces.
    "nl": r"\d{1,3}(?:[. \u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
    "en": r"\d{1,3}(?:[, \u202f]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
}
#: Words that say a number is not a count of people or records ("40 GB aan bestanden", "2 maart").
_NOT_BETWEEN = (
    r"(?:gb|mb|tb|kb|gigabyte|terabyte|procent|percent|%|uur|uren|minuten|dagen|dag|weken|jaar|jaren|euro|eur"
    r"|bitcoin|btc|keer|hours?|minutes|days?|weeks?|years?|pounds?|times|januari|februari|maart|april|mei|juni"
    r"|juli|augustus|september|oktober|november|december|january|february|march|may|june|july|august|october)"
)
_DENIAL: dict[str, tuple[str, ...]] = {
    # ``{T}`` is the alternation of topics; words between the negation and the topic must not
    # turn it into doubt ("geen aanwijzingen dat", "no evidence that": that is minimising).
    "nl": (
        r"(?<!\w)geen\s+(?:(?!(?:dat|of|aanwijzingen?|signalen|bewijs|indicaties?|reden|idee|zicht|uw|je|jouw|deel|geef|stuur)\b)[\w-]+\s+)"
        r"{0,3}?(?:{T})",
        r"(?:{T})\s+(?:zijn|is|werden|werd|waren|was)\s+(?:[\w-]+\s+){0,2}?(?:niet|nooit)(?!\w)",
        r"(?<!\w)(?:niet|nooit)\s+(?:(?!(?:dat|of|uit|bekend|duidelijk|zeker|weten|uitsluiten|uw|je|jouw|deel|geef|stuur|delen|geven)\b)[\w-]+\s+)"
        r"{0,3}?(?:{T})",
    ),
    "en": (
        r"(?<!\w)no\s+(?:(?!(?:evidence|indication|sign|signs|suggestion|that|whether|reason|idea|your)\b)[\w-]+\s+)"
        r"{0,3}?(?:{T})",
        r"(?:{T})\s+(?:was|were|has|have|is|are)\s+(?:[\w-]+\s+){0,2}?(?:not|never)(?!\w)",
        r"(?<!\w)(?:not|never|n't)\s+(?:(?!(?:yet|sure|know|clear|whether|if|that|rule|ruled|your|share|give|send|enter|reveal|use|reuse|tell)\b)[\w-]+\s+)"
        r"{0,3}?(?:{T})",
        r"(?<!\w)none\s+of\s+(?:[\w-]+\s+){0,3}?(?:{T})",
    ),
}

#: Advice is not denial: "geef nooit uw pincode", "do not share passwords".
_ADVICE_VERBS: dict[str, tuple[str, ...]] = {
    "nl": ("deel", "geef", "stuur", "vul", "noem", "klik", "open", "typ", "gebruik"),
    "en": ("share", "give", "send", "enter", "click", "open", "type", "reveal", "use", "reuse", "tell"),
}
_PLAIN_CHARS: Final = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2011": "-"}


def _plain(text: str) -> str:
    """Typographic quotes and non-breaking spaces as plain ones, every character in its place."""
    for fancy, simple in _PLAIN_CHARS.items():
        if fancy in text:
            text = text.replace(fancy, simple)
    return text


_SPACES = re.compile(r"\s+")
_EMAIL_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.+-")
_DOMAIN_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")
#: A match of more words than this is read again inside.
_INNER_WORDS: Final = 3
_GROUP_NAME = re.compile(r"\(\?P<\w+>")
#: The order in which points claim words that several could (a cliché's "excuses voor het
#: ongemak" is no apology; "180.000 patiënten" is a count before it is a "who").
_PRIORITY: Final = (
    "minimises",
    "cliche",
    "over-promises",
    "blames",
    "jargon",
    "apologises",
    "acknowledges",
    "says-what",
    "advises",
    "gives-contact",
    "next-update",
    "says-who",
)
_ELEMENT_OF: Final = {missing: element for element, missing in RUBRIC_MISSING.items()}

# sre's own parser tells which characters a pattern can start with, so that the combined
# pattern tries at each word only the alternatives that can start there.
_sre_parser: Any = importlib.import_module("re._parser")


def _first(items: Sequence[tuple[Any, Any]]) -> tuple[frozenset[str] | None, bool]:
    """The characters a parsed pattern can start with (``None``: any) and whether it can be empty."""
    out: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return frozenset(out | {chr(av)}), False
        if name == "IN":
            members = _in_chars(av)
            return (None if members is None else frozenset(out | members)), False
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name == "BRANCH":
            alternatives = [_first(list(alt)) for alt in av[1]]
        elif name == "SUBPATTERN":
            alternatives = [_first(list(av[3]))]
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            inner, inner_empty = _first(list(av[2]))
            alternatives = [(inner, inner_empty or av[0] == 0)]
        else:
            return None, False
        nullable = False
        for chars, empty in alternatives:
            if chars is None:
                return None, False
            out |= chars
            nullable = nullable or empty
        if not nullable:
            return frozenset(out), False
    return frozenset(out), True


def _in_chars(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE" and av[1] - av[0] < 64:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif name == "CATEGORY" and str(av) == "CATEGORY_DIGIT":
            chars.update("0123456789")
        else:
            return None
    return chars


def _first_chars(pattern: str) -> frozenset[str] | None:
    try:
        chars, empty = _first(list(_sre_parser.parse(pattern)))
    except Exception:  # another Python's parser: try the alternative everywhere
        return None
    return None if empty or not chars else chars


def _lower(text: str) -> str:
    """Lower case with every character in its place, so that spans point into the original."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True)
class _Lexicon:
    """One language's compiled rubric, with a scenario's extra phrases and facts."""

    language: str
    #: every lexicon entry in one pattern
    master: _Combined
    #: the scenario's own phrases, each on its own (they were checked one by one)
    extra: tuple[tuple[str, re.Pattern[str]], ...]
    hedge: re.Pattern[str]
    count: re.Pattern[str]
    kinds: tuple[str, ...]
    people: frozenset[str]
    scales: Mapping[str, float]
    topic: re.Pattern[str]
    topics: tuple[str, ...]
    denials: tuple[re.Pattern[str], ...]
    correction: re.Pattern[str]


def _lexicon_language(language: str) -> str:
    return language if language in _LEXICON else "en"


@dataclass(frozen=True)
class _Combined:
    """Every entry of a lexicon in one pattern without groups, for the one pass over the text.

    Denials and counts come first, each guarded by the characters it can start with; then the
    words of the points, dispatched on their first character. Where the pattern matched, the
    entries that start with that character are tried once more, each in a group, to tell which
    it was (groups make a pattern this size several times slower, so the pass has none)."""

    pattern: re.Pattern[str]
    which: Mapping[str, re.Pattern[str]]
    anywhere: re.Pattern[str]
    codes: Mapping[str, tuple[str, ...]]


def _guarded(pattern: str) -> str:
    chars = _first_chars(pattern)
    if chars is None:
        return f"(?:{pattern})"
    return f"(?=[{''.join(re.escape(c) for c in sorted(chars))}])(?:{pattern})"


def _combined(entries: list[tuple[str, tuple[str, ...]]], first: Sequence[str]) -> _Combined:
    buckets: dict[str, list[int]] = {}
    anywhere: list[int] = []
    for i, (pattern, _) in enumerate(entries):
        chars = _first_chars(pattern)
        if chars is None:
            anywhere.append(i)
        for c in sorted(chars or ()):
            buckets.setdefault(c, []).append(i)
    codes = {f"g{i}": entry[1] for i, entry in enumerate(entries)}

    def grouped(ids: list[int]) -> re.Pattern[str]:
        return re.compile(rf"(?:{'|'.join(f'(?P<g{i}>{entries[i][0]})' for i in ids)})(?!\w)")

    # the only groups of the pass: which of ``first`` matched (f0, f1, ...), if one did
    parts = [f"(?P<f{i}>{_guarded(_GROUP_NAME.sub('(?:', p))})" for i, p in enumerate(first)]
    parts += [
        f"(?={re.escape(c)})(?:{'|'.join(f'(?:{entries[i][0]})' for i in ids)})" for c, ids in sorted(buckets.items())
    ]
    parts += [f"(?:{entries[i][0]})" for i in anywhere]
    return _Combined(
        pattern=re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)"),
        which={c: grouped(ids + anywhere) for c, ids in buckets.items()},
        anywhere=grouped(anywhere) if anywhere else re.compile(r"(?!)"),
        codes=codes,
    )


@lru_cache(maxsize=64)
def _lexicon(language: str, phrases: tuple[tuple[str, tuple[str, ...]], ...], facts: tuple[str, ...]) -> _Lexicon:
    lang = _lexicon_language(language)
    words = _LEXICON[lang]
    extra = dict(phrases)
    people = _NL_PEOPLE if lang == "nl" else _EN_PEOPLE
    records = _NL_RECORDS if lang == "nl" else _EN_RECORDS

    nouns = [*people.items(), *records.items()]
    nouns += [("people", phrase_pattern(p)) for p in extra.get("says-who", ()) if not p.startswith("/")]
    noun_groups = "|".join(f"(?P<n{i}>{p})" for i, (_, p) in enumerate(nouns))
    scales = _SCALES[lang]
    scale_words = "|".join(re.escape(s) for s in sorted(scales, key=len, reverse=True))
    count = (
        rf"(?<![\w.,])(?:{_APPROX[lang]})?(?P<num>{_NUMBER[lang]})(?:\s*(?P<scale>{scale_words})(?!\w))?"
        rf"\s+(?:(?!{_NOT_BETWEEN}(?!\w)|\d)[\w'-]+\s+){{0,3}}?[\w-]*?(?:{noun_groups})(?!\w)"
    )

    topic_words = dict(_NL_TOPICS if lang == "nl" else _EN_TOPICS)
    for fact in facts:
        if fact.strip() and _fact_topics(fact) == ():
            topic_words[f"fact:{_normal(fact)}"] = r"\s+".join(re.escape(w) for w in _lower(fact).split())
    topic_groups = "|".join(f"(?P<t{i}>{p})" for i, p in enumerate(topic_words.values()))
    advice = "".join(rf"(?<!{verb}\s)" for verb in _ADVICE_VERBS[lang])
    denials = [advice + p.replace("{T}", rf"(?<!\w)(?:{topic_groups})(?!\w)") for p in _DENIAL[lang]]

    entries: dict[str, list[str]] = {}
    for code in _PRIORITY:
        for pattern in words[code]:
            entries.setdefault(pattern, []).append(code)
    master = _combined([(p, tuple(codes)) for p, codes in entries.items()], ["|".join(denials), count])

    hedge = _NL_HEDGE if lang == "nl" else _EN_HEDGE
    return _Lexicon(
        language=lang,
        master=master,
        extra=tuple(
            (code, re.compile(phrase_pattern(p), re.IGNORECASE))
            for code in RUBRIC_PHRASE_CODES
            for p in extra.get(code, ())
        ),
        hedge=re.compile(rf"(?<!\w)(?:{hedge})(?:\W+[\w-]+){{0,2}}\W*$"),
        count=re.compile(count),
        kinds=tuple(kind for kind, _ in nouns),
        people=frozenset(people) | {"people"},
        scales=scales,
        topic=re.compile(rf"(?<!\w)(?:{topic_groups})(?!\w)"),
        topics=tuple(topic_words),
        denials=tuple(re.compile(p) for p in denials),
        correction=re.compile(rf"(?<!\w)(?:{_CORRECTION[lang]})(?!\w)"),
    )


_ALL_TOPICS: Final = tuple(
    (name, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"))
    for table in (_NL_TOPICS, _EN_TOPICS)
    for name, pattern in table.items()
)


@lru_cache(maxsize=256)
def _fact_topics(fact: str) -> tuple[str, ...]:
    """The topics a fact of the scenario names, in either language (and what they imply)."""
    found: list[str] = []
    low = _lower(_plain(fact))
    for name, pattern in _ALL_TOPICS:
        if name not in found and pattern.search(low):
            found += [name, *(t for t in _IMPLIES.get(name, ()) if t not in found)]
    return tuple(found)


def _normal(text: str) -> str:
    return _SPACES.sub(" ", _lower(_plain(text))).strip()


def _evidence(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())


def _topic_of(match: re.Match[str], lex: _Lexicon) -> str:
    if match.lastgroup is not None and match.lastgroup.startswith("t"):  # the topic closes last
        return lex.topics[int(match.lastgroup[1:])]
    for i, topic in enumerate(lex.topics):
        if match.group(f"t{i}") is not None:
            return topic
    raise AssertionError("a topic pattern matched without a topic")  # pragma: no cover


def _number(raw: str, scale: str | None, lex: _Lexicon) -> float:
    """``180.000`` or ``180,000`` is 180000 in either language (people come whole); with a scale
    the language's decimal sign counts: ``1,2 miljoen``, ``1.2 million``."""
    digits = raw.replace(" ", "").replace("\u202f", "")
    if not scale:
        return float(digits.replace(".", "").replace(",", ""))
    thousands, decimal = (".", ",") if lex.language == "nl" else (",", ".")
    return float(digits.replace(thousands, "").replace(decimal, ".")) * lex.scales.get(scale, 1.0)


def _count(original: str, detail: re.Match[str], lex: _Lexicon) -> Count:
    noun = detail.lastgroup  # the noun closes last
    if noun is not None and noun.startswith("n"):
        kind = lex.kinds[int(noun[1:])]
    else:  # pragma: no cover
        kind = next(lex.kinds[i] for i in range(len(lex.kinds)) if detail.group(f"n{i}") is not None)
    value = _number(detail.group("num"), detail.group("scale"), lex)
    return Count(value, kind, _evidence(original, *detail.span()))


@dataclass(slots=True)
class _Reading:
    """What one pass over a statement found."""

    spans: dict[str, list[tuple[int, int]]]
    counts: list[Count]
    denied: dict[str, Denial]
    denial_spans: list[tuple[int, int]]
    count_spans: list[tuple[int, int]]


def _read(original: str, low: str, lex: _Lexicon, *, extra: bool = True) -> _Reading:
    reading = _Reading({}, [], {}, [], [])
    _scan(original, low, lex, reading, 0, len(low))
    if "@" in low or "." in low:
        for m in _ADDRESS_TAIL.finditer(low):
            head = m.start()
            allowed = _EMAIL_CHARS if low[head] == "@" else _DOMAIN_CHARS
            while head > 0 and low[head - 1] in allowed:
                head -= 1
            if head < m.start() and (low[head].isalnum() or low[head] == "_"):
                reading.spans.setdefault("gives-contact", []).append((head, m.end()))
    if extra:
        for code, pattern in lex.extra:
            for m in pattern.finditer(low):
                if m.end() > m.start():
                    reading.spans.setdefault(code, []).append(m.span())
    return reading


def _scan(
    original: str, low: str, lex: _Lexicon, reading: _Reading, pos: int, endpos: int, *, outer: tuple[str, ...] = ()
) -> None:
    """One pass of the combined pattern; the words inside a long match are read once more
    ("zijn gegevens van 180.000 patiënten buitgemaakt" also says who and how many)."""
    combined = lex.master
    for found in combined.pattern.finditer(low, pos, endpos):
        start, end = found.span()
        if found.lastgroup is not None:
            _special(original, low, lex, reading, found.lastgroup, start, end, endpos)
            continue
        which = combined.which.get(low[start], combined.anywhere).match(low, start, endpos)
        if which is None or which.lastgroup is None:  # pragma: no cover - the same alternatives matched
            continue
        codes = combined.codes[which.lastgroup]
        for code in codes:
            if code not in outer:
                reading.spans.setdefault(code, []).append((start, end))
        if not outer and low.count(" ", start, end) >= _INNER_WORDS:
            _scan(original, low, lex, reading, low.find(" ", start, end) + 1, end, outer=codes)


def _special(
    original: str, low: str, lex: _Lexicon, reading: _Reading, which: str, start: int, end: int, endpos: int
) -> None:
    """A denial (``f0``) or a count (``f1``): read it again for its topic or its number."""
    if which == "f0":
        for pattern in lex.denials:
            detail = pattern.match(low, start, endpos)
            if detail is not None:
                topic = _topic_of(detail, lex)
                reading.denied.setdefault(topic, Denial(topic, _evidence(original, start, end)))
                reading.denial_spans.append((start, end))
                return
    else:
        detail = lex.count.match(low, start, endpos)
        if detail is not None:
            reading.counts.append(_count(original, detail, lex))
            reading.count_spans.append(detail.span())


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= COUNT_TOLERANCE * max(abs(a), abs(b))


def _earlier_claims(item: str | Assessment, lex: _Lexicon) -> tuple[tuple[Count, ...], tuple[Denial, ...]]:
    if isinstance(item, Assessment):
        return item.counts, item.denied
    reading = _read(item, _lower(_plain(item)), lex, extra=False)
    return tuple(reading.counts), tuple(reading.denied[t] for t in sorted(reading.denied))


def _tuned(language: str, facts: Iterable[str], tuning: Rubric | None) -> tuple[_Lexicon, tuple[str, ...]]:
    all_facts = tuple(dict.fromkeys(f for f in (*(tuning.facts if tuning else ()), *facts) if f.strip()))
    phrases = tuple(sorted((code, tuple(p)) for code, p in tuning.phrases.items())) if tuning else ()
    return _lexicon(language, phrases, all_facts), all_facts


def prepare(language: str, *, facts: Iterable[str] = (), tuning: Rubric | None = None) -> None:
    """Compile the rubric for a scenario ahead of its first statement (a tenth of a second or
    so, once per language and tuning); :func:`assess` does it itself when needed."""
    _tuned(language, facts, tuning)


def assess(
    text: str,
    language: str,
    *,
    earlier: Sequence[str | Assessment] = (),
    facts: Iterable[str] = (),
    tuning: Rubric | None = None,
) -> Assessment:
    """How the crowd reads one statement of the team.

    ``earlier`` are the team's previous statements, oldest first (their texts, or their
    assessments, which is quicker); ``facts`` what the scenario says is true, besides
    ``tuning.facts``; ``tuning`` a scenario's ``rubric:`` field. A language without a lexicon
    is read as English.
    """
    lex, all_facts = _tuned(language, facts, tuning)
    weights = {**WEIGHTS, **(tuning.weights if tuning else {})}
    expected = tuning.expected if tuning else RUBRIC_EXPECT
    low = _lower(_plain(text))  # every character in its place: the evidence is the original's words
    reading = _read(text, low, lex)

    spans = reading.spans
    if "acknowledges" in spans:  # "we onderzoeken of gegevens zijn ingezien" acknowledges nothing
        spans["acknowledges"] = [
            (s, e) for s, e in spans["acknowledges"] if not lex.hedge.search(low, max(0, s - 40), s)
        ]
    covered = [span for code in RUBRIC_FAULTS for span in spans.get(code, ())] + reading.denial_spans
    evidence: dict[str, str] = {}
    for code, found in spans.items():
        if code not in RUBRIC_FAULTS:  # the words of a cliché or a denial do not count for the statement
            found = [(s, e) for s, e in found if not any(cs <= s and e <= ce for cs, ce in covered)]
        if code == "says-who":  # "180.000 patiënten" says who once, as the count
            found = [(s, e) for s, e in found if not any(cs <= s and e <= ce for cs, ce in reading.count_spans)]
        if found:
            evidence[code] = _join(_evidence(text, s, e) for s, e in sorted(found))
    if reading.counts:
        evidence["says-how-many"] = _join([c.evidence for c in reading.counts] + [evidence.get("says-how-many", "")])
        if any(c.kind in lex.people for c in reading.counts):
            who = [c.evidence for c in reading.counts if c.kind in lex.people]
            evidence["says-who"] = _join([*who, evidence.get("says-who", "")])

    fact_topics = {t for fact in all_facts for t in (_fact_topics(fact) or (f"fact:{_normal(fact)}",))}
    against_facts = [d.evidence for topic, d in reading.denied.items() if topic in fact_topics]
    if against_facts:
        evidence["contradicts-facts"] = _join(against_facts)
    if earlier:
        clash = _contradiction(reading, [_earlier_claims(item, lex) for item in earlier], text, low, lex)
        if clash:
            evidence["contradicts-earlier"] = clash

    points: list[Point] = []
    for code in RUBRIC_CODES:
        delta = weights.get(code, 0.0)
        if not delta:
            continue
        if code in evidence:
            points.append(Point(code, delta, evidence[code]))
        elif code in _ELEMENT_OF and _ELEMENT_OF[code] in expected and _ELEMENT_OF[code] not in evidence:
            points.append(Point(code, delta, None))
    mood = round(max(-MOOD_LIMIT, min(MOOD_LIMIT, sum(p.delta for p in points))), 4)
    volume = round(_VOLUME_BASE ** (-mood / MOOD_LIMIT), 4)
    return Assessment(
        points=tuple(points),
        mood=mood,
        volume=volume,
        counts=tuple(reading.counts),
        denied=tuple(reading.denied[t] for t in sorted(reading.denied)),
    )


def _join(parts: Iterable[str]) -> str:
    """The first few different evidences, in order (``parts`` may be lazy: the rest are not made)."""
    seen: dict[str, str] = {}
    for part in parts:
        if part:
            seen.setdefault(part.lower(), part)
            if len(seen) == MAX_EVIDENCE:
                break
    return "; ".join(seen.values())


def _contradiction(
    now: _Reading,
    earlier: list[tuple[tuple[Count, ...], tuple[Denial, ...]]],
    original: str,
    low: str,
    lex: _Lexicon,
) -> str | None:
    """This statement's words that an earlier one contradicts, each with what that one said
    (``180.000 patiënten ≠ 4.000 patiënten``); none when the statement says it corrects."""
    clashes: list[str] = []
    for kind in dict.fromkeys(c.kind for c in now.counts):
        mine = [c for c in now.counts if c.kind == kind]
        # the latest earlier statement that counted this kind is the one the crowd remembers
        theirs = next(
            (
                [c for c in counts if c.kind == kind]
                for counts, _ in reversed(earlier)
                if any(c.kind == kind for c in counts)
            ),
            [],
        )
        if theirs and not any(_same(a.value, b.value) for a in mine for b in theirs):
            clashes.append(f"{mine[0].evidence} ≠ {theirs[0].evidence}")
    denied_before = {d.topic: d for _, denials in earlier for d in denials}
    if denied_before:
        for m in lex.topic.finditer(low):
            topic = _topic_of(m, lex)
            inside = any(s <= m.start() and m.end() <= e for s, e in now.denial_spans)
            if topic in denied_before and not inside:
                clashes.append(f"{_evidence(original, *m.span())} ≠ {denied_before.pop(topic).evidence}")
    if not clashes or lex.correction.search(low):
        return None
    return _join(clashes)
