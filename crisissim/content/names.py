"""Names people in a crowd really have, and handles that belong to one person each.

Faker's nl_NL surnames include archaic and made-up ones ("Hunerik", "Unruoch"); a storm of
thousands of accounts shows every oddity. These lists are curated instead: per language, groups
of first names and surnames that are common in the country, in roughly the shares one meets them
(in the Netherlands: Dutch names with their tussenvoegsels, and Turkish-, Moroccan-,
Surinamese-, Moluccan/Indonesian- and Polish-Dutch names; in Britain: English, Scottish, Welsh
and Irish names, and British South Asian, Black British and Polish-British names). A person's
first name and surname usually come from the same group, and sometimes not, as in life.

A :class:`HandleBook` keeps handles unique over an exercise: the first account to take
``sanne_dejong`` keeps it, a later one with another name becomes ``sanne_dejong84``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from crisissim.content.streams import stream

MAX_HANDLE: Final = 20
#: How often a first name comes from another group than the surname.
MIXED: Final = 0.1


@dataclass(frozen=True, slots=True)
class NameGroup:
    """First names and surnames that go together; ``Kowalski/Kowalska`` is a surname with a
    form for men and one for women."""

    label: str
    weight: float
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]


def _t(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(",") if w.strip())


NL: Final = (
    NameGroup(
        "Dutch",
        76,
        _t(
            "Anna, Emma, Sophie, Julia, Lotte, Sanne, Femke, Anouk, Fleur, Eva, Lisa, Iris, Noor, Lieke, "
            "Marieke, Esther, Linda, Sandra, Monique, Ingrid, Petra, Wendy, Kim, Manon, Mirjam, Karin, "
            "Annemarie, Ria, Joke, Ans, Wilma, Marian, Gerda, Truus, Els, Annelies, Hanneke, Judith, "
            "Sabine, Charlotte, Roos, Maud, Tess, Sara, Noa, Mila, Yvonne, Ellen, Carla, Margreet, "
            "Anke, Froukje, Jolanda, Miranda, Debby, Chantal, Danielle, Marloes, Ilse, Nienke, Saskia"
        ),
        _t(
            "Jan, Kees, Henk, Gerrit, Piet, Wim, Hans, Peter, Mark, Dennis, Patrick, Marco, Erik, Sander, "
            "Jeroen, Martijn, Bas, Tim, Niels, Thijs, Daan, Bram, Lucas, Sem, Luuk, Jesse, Stijn, Ruben, "
            "Jasper, Wouter, Ruud, Frank, Rob, Arjen, Joost, Koen, Maarten, Pieter, Sjoerd, Jelle, Gert, "
            "Harm, Bert, Ton, Cor, Theo, Richard, Vincent, Roel, Rick, Kevin, Mike, Tom, Gijs, Job, Floris"
        ),
        _t(
            "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, "
            "de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, "
            "Dijkstra, Smits, de Graaf, van der Meer, van der Linden, Kok, Jacobs, de Haan, Vermeulen, "
            "van den Heuvel, van der Veen, van den Broek, de Bruijn, de Bruin, van der Heijden, Schouten, "
            "van Beek, Willems, van Vliet, van de Ven, Hoekstra, Maas, Verhoeven, Koster, van Dam, "
            "van der Wal, Prins, Blom, Huisman, Peeters, de Jonge, Kuipers, van Veen, Post, Kuiper, "
            "Veenstra, Kramer, van den Brink, Scholten, van Wijk, Postma, Martens, Vink, de Ruiter, "
            "Timmermans, Groen, Gerritsen, Jonker, van Loon, Boer, van der Velde, Willemsen, Smeets, "
            "de Lange, de Vos, Bosch, van Dongen, Schipper, de Koning, van der Laan, Koning, Driessen, "
            "van Doorn, Hermans, Evers, van den Bosch, van der Meulen, Hofman, Bosman, Wolters, Sanders, "
            "van der Horst, Mol, Kuijpers, Molenaar, van de Pol, de Leeuw, Verbeek, Jager, Bouwman, "
            "van Rijn, Wijnands, Huijbregts, Zwart, Sloot, Hoogendoorn, Wiersma, Boersma, van Es"
        ),
    ),
    NameGroup(
        "Turkish-Dutch",
        6,
        _t("Ayşe, Fatma, Elif, Zeynep, Esra, Merve, Büşra, Derya, Hatice, Emine, Selin, Özlem, Sibel, Hülya"),
        _t("Mehmet, Mustafa, Ahmet, Emre, Hakan, Yusuf, Murat, Ali, Burak, Kemal, Serkan, Orhan, Cem, Ibrahim"),
        _t(
            "Yılmaz, Kaya, Demir, Çelik, Şahin, Yıldız, Öztürk, Aydın, Arslan, Doğan, Koç, Kılıç, Kurt, "
            "Özdemir, Aksoy, Polat, Erdoğan, Güler, Korkmaz, Türk"
        ),
    ),
    NameGroup(
        "Moroccan-Dutch",
        6,
        _t("Fatima, Khadija, Samira, Naima, Nadia, Souad, Hanan, Loubna, Salma, Imane, Yasmina, Malika, Sanae, Hafsa"),
        _t("Mohamed, Yassine, Nordin, Bilal, Karim, Said, Hamza, Anouar, Youssef, Soufiane, Rachid, Mourad, Adil"),
        _t(
            "El Amrani, Bouzid, Benali, El Idrissi, Tahiri, Azzouzi, El Ouali, Ziani, Bakkali, Chakir, "
            "Amrani, El Khattabi, Haddou, Belhaj, Boukhari, Ouahabi, El Hamdaoui, Aarab, Bouhali, Achahbar"
        ),
    ),
    NameGroup(
        "Surinamese-Dutch",
        5,
        _t(
            "Sharmila, Shanti, Anjali, Priya, Sherida, Ingrid, Jeanette, Marcia, Germaine, Jennifer, Shirley, "
            "Romana, Sarita, Natasha"
        ),
        _t(
            "Ravi, Rajesh, Sunil, Anand, Dinesh, Glenn, Romano, Jerrel, Clifton, Ricardo, Marvin, Orlando, "
            "Humphrey, Stanley, Sylvano"
        ),
        _t(
            "Ramdin, Jagessar, Mahabier, Ramsaran, Baldew, Bhagwandin, Ramlal, Kalloe, Soekhlal, Sital, "
            "Pinas, Vrede, Pengel, Sedney, Wijngaarde, Linger, Esajas, Karijo, Kartosen, Tjon A Joe"
        ),
    ),
    NameGroup(
        "Moluccan- and Indonesian-Dutch",
        4,
        _t("Maria, Yvonne, Angelique, Natasja, Patricia, Melanie, Desiree, Wendy, Josephine, Rosita"),
        _t("Johnny, Ronald, Frans, Eddy, Robert, Jopie, Benny, Rudy, Melvin, Ferry"),
        _t(
            "Latumahina, Pattiasina, Tuhumury, Sahetapy, Manuhutu, Lekatompessy, Wattimena, Pelupessy, "
            "Matulessy, Rehatta, Sopacua, Tan, Liem, Oei, Tjoa, Lim, Soeters, Tielman"
        ),
    ),
    NameGroup(
        "Polish-Dutch",
        3,
        _t("Agnieszka, Katarzyna, Magdalena, Anna, Joanna, Monika, Ewa, Marta, Aleksandra, Justyna"),
        _t("Marek, Piotr, Tomasz, Paweł, Krzysztof, Michał, Łukasz, Jakub, Adam, Kamil"),
        _t(
            "Kowalski/Kowalska, Nowak, Wiśniewski/Wiśniewska, Lewandowski/Lewandowska, Wójcik, "
            "Kamiński/Kamińska, Zieliński/Zielińska, Szymański/Szymańska, Woźniak, Kaczmarek, Mazur, "
            "Krawczyk"
        ),
    ),
)

EN: Final = (
    NameGroup(
        "English",
        70,
        _t(
            "Sarah, Emma, Claire, Rachel, Laura, Hannah, Charlotte, Sophie, Lucy, Amy, Jessica, Rebecca, "
            "Katie, Gemma, Emily, Olivia, Amelia, Grace, Ellie, Chloe, Jade, Kelly, Lisa, Michelle, Karen, "
            "Susan, Julie, Helen, Tracey, Debbie, Jackie, Carol, Margaret, Pauline, Janet, Lynne, Wendy, "
            "Nicola, Joanne, Vicky, Becky, Harriet, Poppy, Freya, Isla, Megan, Zoe, Beth, Abbie, Lauren"
        ),
        _t(
            "James, John, David, Michael, Paul, Mark, Andrew, Richard, Steven, Chris, Matt, Tom, Dan, "
            "Ben, Sam, Jack, Harry, Oliver, George, Charlie, Alfie, Josh, Luke, Adam, Ryan, Liam, Jamie, "
            "Gary, Darren, Wayne, Lee, Craig, Dean, Neil, Ian, Keith, Colin, Graham, Trevor, Barry, Nigel, "
            "Pete, Rob, Stuart, Simon, Martin, Phil, Kev, Dave, Ollie, Alex, Will, Joe, Nathan"
        ),
        _t(
            "Smith, Jones, Williams, Taylor, Brown, Davies, Evans, Wilson, Thomas, Johnson, Roberts, "
            "Robinson, Thompson, Wright, Walker, White, Edwards, Hughes, Green, Hall, Lewis, Harris, Clarke, "
            "Jackson, Wood, Turner, Martin, Cooper, Hill, Ward, Morris, Moore, Clark, King, Baker, "
            "Harrison, Morgan, Allen, James, Scott, Phillips, Watson, Davis, Parker, Price, Bennett, Young, "
            "Griffiths, Mitchell, Cook, Carter, Richardson, Bailey, Collins, Bell, Shaw, Miller, Cox, "
            "Richards, Marshall, Simpson, Ellis, Adams, Wilkinson, Foster, Chapman, Powell, Webb, Rogers, "
            "Gray, Mason, Hunt, Matthews, Owen, Palmer, Holmes, Mills, Barnes, Knight, Lloyd, Butler, "
            "Russell, Barker, Fisher, Stevens, Jenkins, Dixon, Harvey, Pearson, Fletcher, Gibson, Howard, "
            "Andrews, Elliott, Reynolds, Saunders, Payne, Fox, Ford, Pearce, Day, Brooks, West, Lawrence, "
            "Cole, Atkinson, Bradley, Spencer, Dawson, Ball, Burton, Watts, Rose, Booth, Perry, Wells, "
            "Armstrong, Francis, Hayes, Hart, Hudson, Newman, Barrett, Webster, Hunter, Gregory, Carr, "
            "Lowe, Page, Marsh, Riley, Dunn, Woods, Parsons, Berry, Stone, Holland, Hawkins, Harding, "
            "Porter, Newton, Oliver, Reed, Bird, Gardner, Dean, Lane, Cooke, Bates, Burgess, Bishop"
        ),
    ),
    NameGroup(
        "Scottish, Welsh and Irish",
        12,
        _t("Eilidh, Kirsty, Fiona, Morag, Ailsa, Rhiannon, Angharad, Cerys, Bethan, Siobhan, Niamh, Aoife, Ciara"),
        _t("Callum, Euan, Fraser, Hamish, Alasdair, Rhys, Gethin, Dylan, Iwan, Sean, Declan, Ciaran, Niall"),
        _t(
            "Campbell, Stewart, Robertson, Murray, Reid, MacDonald, Ross, Fraser, Henderson, Hamilton, "
            "Paterson, McKenzie, Griffiths, Rees, Lloyd, Pritchard, Jenkins, Powell, Llewellyn, Murphy, "
            "Kelly, O'Brien, Walsh, Byrne, Ryan, O'Connor, O'Neill, Doyle, McCarthy, Gallagher, Quinn"
        ),
    ),
    NameGroup(
        "British South Asian",
        9,
        _t("Priya, Aisha, Sana, Fatima, Amira, Harpreet, Gurpreet, Nadia, Anjali, Shabana, Zara, Ayesha, Simran"),
        _t("Raj, Amir, Imran, Sunil, Ravi, Arjun, Vikram, Hassan, Bilal, Mohammed, Kamal, Jaswinder, Faisal"),
        _t(
            "Patel, Khan, Singh, Ahmed, Ali, Hussain, Shah, Begum, Kaur, Mistry, Sharma, Chowdhury, "
            "Rahman, Iqbal, Malik, Gill, Sandhu, Parmar, Mahmood, Akhtar, Bibi, Choudhury"
        ),
    ),
    NameGroup(
        "Black British",
        6,
        _t("Abena, Kemi, Chioma, Adaeze, Ama, Funmi, Marcia, Sharon, Janelle, Shanice, Tanisha, Yetunde"),
        _t("Kwame, Chidi, Tunde, Ade, Kofi, Emeka, Delroy, Winston, Marcus, Tyrone, Jermaine, Femi"),
        _t(
            "Okafor, Adeyemi, Mensah, Owusu, Boateng, Okoro, Adebayo, Asante, Nwosu, Campbell, Francis, "
            "Brown, Williams, Thomas, Grant, Johnson, Clarke, Robinson"
        ),
    ),
    NameGroup(
        "Polish-British",
        3,
        _t("Agnieszka, Katarzyna, Magdalena, Joanna, Monika, Ewa, Marta, Kasia, Ola"),
        _t("Marek, Piotr, Tomasz, Paweł, Krzysztof, Michał, Łukasz, Jakub, Kuba"),
        _t(
            "Kowalski/Kowalska, Nowak, Wiśniewski/Wiśniewska, Lewandowski/Lewandowska, Wójcik, "
            "Kamiński/Kamińska, Zieliński/Zielińska, Woźniak, Mazur"
        ),
    ),
)

GROUPS: Final[dict[str, tuple[NameGroup, ...]]] = {"nl": NL, "en": EN}


def _pick(roll: float, groups: tuple[NameGroup, ...]) -> NameGroup:
    """The group that ``roll`` (0 to 1) falls in, by the groups' weights."""
    roll *= sum(g.weight for g in groups)
    for group in groups:
        roll -= group.weight
        if roll < 0:
            return group
    return groups[-1]


def person(language: str, rng: random.Random) -> tuple[str, str]:
    """A first name and a surname that a person in this country may have."""
    return person_from(language, (rng.random(), rng.random(), rng.random(), rng.random(), rng.random()))


#: How many numbers :func:`person_from` reads.
PERSON_DRAWS: Final = 5


def person_from(language: str, u: Sequence[float]) -> tuple[str, str]:
    """:func:`person` from five numbers in [0, 1) that are drawn already: the family's group,
    woman or man, whether the first name comes from another group (and which), the first name,
    the surname. One number each, so a storm's accounts can take them from one digest."""
    groups = GROUPS.get(language, EN)
    family = _pick(u[0], groups)
    woman = u[1] < 0.52
    mixed = u[2] < MIXED
    given = _pick(u[2] / MIXED, groups) if mixed else family
    firsts = given.women if woman else given.men
    first = firsts[int(u[3] * len(firsts))]
    surnames = family.surnames
    at = int(u[4] * len(surnames))
    last = surnames[at]
    if last.split("/")[0] == first:  # "Fraser Fraser": a name people would notice; the next one
        last = surnames[(at + 1) % len(surnames)]
    if "/" in last:
        man_form, woman_form = last.split("/")
        last = woman_form if woman else man_form
    return first, last


class HandleBook:
    """The handles taken in one exercise, each by one account.

    ``claim`` gives an account its handle when that is free (or already its own), and otherwise
    the handle with digits appended, the same digits for the same account in every run.
    """

    __slots__ = ("_owners",)

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._owners)

    def __contains__(self, handle: object) -> bool:
        return isinstance(handle, str) and handle.lower() in self._owners

    def owner(self, handle: str) -> str | None:
        return self._owners.get(handle.lower())

    def claim(self, handle: str, owner: str) -> str:
        """``handle`` for ``owner``, made unique when another account already has it."""
        current = self._owners.get(handle.lower())
        if current is None or current == owner:
            self._owners[handle.lower()] = owner
            return handle
        rng = stream(0, f"handle:{handle.lower()}:{owner}")
        for attempt in range(1000):
            digits = str(rng.randint(1, 99) if attempt < 8 else rng.randint(100, 99999))
            candidate = handle[: MAX_HANDLE - len(digits)] + digits
            if candidate.lower() not in self._owners:
                self._owners[candidate.lower()] = owner
                return candidate
        raise RuntimeError("no free handle")  # pragma: no cover: 1000 draws all taken
