"""Closed word lists the change classifier reads: English function words,
attribution verbs, number words, calendar words.  Data only, no logic.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The words of a list written out as text, one or more a line.

    >>> sorted(word_set("of in\\n    on"))
    ['in', 'of', 'on']
    """
    return frozenset(text.split())


__all__ = [
    "ATTRIBUTION_PHRASES",
    "ATTRIBUTION_VERBS",
    "CALENDAR_WORDS",
    "EAST_SLAVIC_MEN",
    "EAST_SLAVIC_WOMEN",
    "FUNCTION_WORDS",
    "MONTHS",
    "MULTIPLIERS",
    "NAME_PARTICLES",
    "NEGATIONS",
    "NUMBER_WORDS",
    "OBJECT_VERBS",
    "OPPOSITES",
    "ORDINAL_ONES",
    "ORDINAL_WORDS",
    "PLACE_NAMES",
    "SPEAKER_OBJECT_VERBS",
    "TITLE_NAMES",
    "TITLE_WORDS",
    "word_set",
]

FUNCTION_WORDS = word_set(
    """
    a an the this that these those such some any each every all both either neither no none
    of in on at to for by with from into onto over under about as than then so too very
    and or but nor yet if while whereas because since though although
    is are was were be been being am do does did done has have had having will would shall should
    can could may might must it its it's they them their theirs he him his she her hers we us our
    you your i me my who whom whose which what where when why how there here also not only just
    even still more most much many other another same own per via out up down off
    across through against between among after before during without within around upon toward towards
    """
)
"""Words that carry grammar rather than content (never a synonym on their own)."""

ATTRIBUTION_VERBS = word_set(
    """
    said says saying stated stating added adds adding noted noting told tells telling
    emphasized emphasised emphasizes emphasises emphasizing emphasising stressed stresses stressing
    explained explains explaining remarked declared declares announced announces claimed insisted insists
    argued argues asserted asserts wrote writes reported reporting according quoted quoting cited citing
    commented pointed underlined underscored mentioned acknowledged warned urged affirmed
    """
)
"""Verbs that credit a statement to a speaker or a source (forms that are also common
nouns or infinitives, "note", "state", "report", "say", are left out)."""

ATTRIBUTION_PHRASES = (
    ("according", "to"),
    ("published", "by"),
    ("published", "on"),
    ("published", "in"),
    ("reported", "by"),
    ("quoted", "by"),
    ("cited", "by"),
    ("in", "an", "article"),
    ("in", "an", "interview"),
)
"""Multi-word credits: "according to", "published by", "in an interview"..."""

OBJECT_VERBS = word_set(
    """
    urged urges urging warned warns warning mentioned mentions acknowledged acknowledges underlined
    underscored stressed stresses stressing emphasized emphasised emphasizes emphasises emphasizing
    emphasising pointed
    """
)
"""Attribution verbs whose next name is what is spoken of, not who speaks ("urged Vietnam", "warned Iran"),
unlike "said Lavrov" or "added Smith"."""

SPEAKER_OBJECT_VERBS = frozenset(["told", "tells", "tell", "according", "by", "to", "on"])
"""Words right after which the next words name a source ("told Reuters", "according to X")."""

NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    # German, French, Spanish, Portuguese, Italian: the words that are no English word, name particle
    # ("dos Santos") or name ("Otto"), so a reprint in those languages changing "zwei" to "drei" is a
    # changed figure, not a synonym
    **dict.fromkeys(["zwei", "deux", "dois", "duas"], 2),
    **dict.fromkeys(["drei", "trois", "tres", "três", "tre"], 3),
    **dict.fromkeys(["vier", "quatre", "cuatro", "quatro", "quattro"], 4),
    **dict.fromkeys(["fünf", "fuenf", "cinq", "cinco", "cinque"], 5),
    **dict.fromkeys(["sechs", "seis"], 6),
    **dict.fromkeys(["sieben", "siete", "sete", "sette"], 7),
    **dict.fromkeys(["acht", "huit", "ocho", "oito"], 8),
    **dict.fromkeys(["neun", "neuf", "nueve", "nove"], 9),
    **dict.fromkeys(["zehn", "dix", "diez", "dez", "dieci"], 10),
    **dict.fromkeys(["zwanzig", "vingt", "veinte", "vinte", "venti"], 20),
    **dict.fromkeys(["hundert", "cien", "cem", "cento"], 100),
}
"""Number words read as figures ("five" = 5, "drei" = 3)."""

ORDINAL_WORDS = {
    **{"third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10},
    **{"eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16},
    **{"seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40},
    **{"fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100},
}
"""Ordinal words read as figures, as "7th" is ("seventh straight session" made "ninth" is a changed figure).
"first" and "second" are not: "at first", "a second" are no ordinals, and "first" dropped from "first
published" would be a figure gone; they are ordinals after a tens word ("twenty-first": ORDINAL_ONES)."""

ORDINAL_ONES = {"first": 1, "second": 2, **{w: n for w, n in ORDINAL_WORDS.items() if n < 10}}
"""The ordinal words that end a compound ordinal after a tens word ("twenty-first", "ninety-ninth")."""

MULTIPLIERS = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "mln": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bln": 1_000_000_000,
    "bn": 1_000_000_000,
    "trillion": 10**12,
    "tn": 10**12,
}
"""Words that scale the figure before them ("1.5 million" = "1.5mn" = 1500000; news
abbreviations "bn", "mn", "mln", "tn" included, "m" and "k" left out as too ambiguous)."""

MONTHS = word_set(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
"""Month names and their abbreviations ("may" and "march" only count next to a day number)."""

CALENDAR_WORDS = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday tues thurs
    montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
    lundi mardi mercredi jeudi vendredi samedi dimanche
    lunes martes miércoles miercoles jueves viernes sábado sabado
    segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira
    lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi domenica
    yesterday today tomorrow tonight morning afternoon evening midnight noon
    a.m p.m gmt utc weekend
    """
)
"""Days (English, German, French, Spanish, Portuguese, Italian; "domingo" left out, a name too), times of
day and clock words."""

TITLE_WORDS = word_set(
    """
    mr mrs ms miss dr sir dame lord lady president vice prime premier minister secretary
    senator sen representative rep congressman congresswoman governor gov mayor chancellor
    king queen prince princess crown emperor sheikh shaikh sheik emir amir sultan caliph
    general gen colonel col major maj captain capt lieutenant lt sergeant sgt admiral commander
    marshal chief judge justice ayatollah imam mullah cardinal pope bishop archbishop rabbi
    reverend rev father saint st chairman chairwoman chair ambassador envoy spokesman
    spokeswoman speaker deputy director professor prof officer defence defense foreign interior
    finance state national federal
    """
)
"""Titles and office words written with a capital before a name ("Senator", "Defence
Secretary"): they are not part of the name, so they never back up a name variant."""

TITLE_NAMES = word_set("amir emir sultan king prince major")
"""Titles that are also given names: a name when they close one ("ZABIN Sultan", "KATRANGI Amir")."""

NAME_PARTICLES = word_set(
    """
    al el bin ibn bint ben abu abd de del della da di dos das du van von der den la le
    """
)
"""Lower-case particles inside personal names ("Abd al Rahman", "Olmes de Jesus")."""


def _classes(text: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(line.split()) for line in text.strip().splitlines())


EAST_SLAVIC_MEN = _classes(
    """
    aleksandr alexandr alexander aleksander oleksandr olexandr aliaksandr alyaksandr
    aleksei aleksey alexei alexey oleksiy oleksii olexiy aliaksei alyaksei
    anatoly anatoliy anatolii anatoli anatol
    andrei andrey andriy andrii andrej
    arkady arkadiy arkadii arkadi arkadz
    artem artyom artiom artsiom
    boris borys barys
    denis denys dzianis
    dmitry dmitri dmitriy dmitrii dmytro dzmitry dzmitryi dzmitri
    fyodor fedor fiodor fedir fiodar fyodar
    gennady gennadiy gennadii gennadi hennadiy hennadii henadz genadz
    georgy georgiy georgii georgi heorhiy heorhii
    gleb hlib hleb
    grigory grigoriy grigorii grigori hryhoriy hryhorii hryhory ryhor
    igor ihor ihar
    ilya illia illya ilia ilja
    kirill kyrylo kiryl
    konstantin kostiantyn kostyantyn kanstantsin
    leonid leanid
    maksim maxim maksym
    mikhail mikhael mykhailo mykhaylo michail
    nikita mykyta mikita
    nikolai nikolay nikolaj mykola mikalai mikalay
    oleg oleh aleh
    pavel pavlo paval pavl
    pyotr petr petro piotr piatro pyatro
    semyon semen semion symon siamion
    sergei sergey sergiy sergii serhiy serhii siarhei siarhey
    stepan stiapan stsiapan styapan
    timofei timofey tymofiy tymofii tsimafei
    vadim vadym vadzim
    valery valeriy valerii valeri
    vasily vasiliy vasilii vasili vasyl vasil
    viktor victor viktar
    vitaly vitaliy vitalii vitali vital
    vladimir volodymyr uladzimir
    vyacheslav viacheslav viachaslau vyachaslau
    yakov iakov yakiv yakau
    yaroslav iaroslav jaroslav
    yegor egor yehor iahor
    yevgeny yevgeniy evgeny evgeniy evgenii yevhen yevhenii ievgen yauhen
    yury yuri yuriy yurii iurii jurij
    """
)
"""Men's given names: see :data:`EAST_SLAVIC_WOMEN`."""

EAST_SLAVIC_WOMEN = _classes(
    """
    alena elena yelena olena
    anastasia anastasiya anastasiia nastassia
    anna hanna ganna
    ekaterina yekaterina katerina kateryna katsiaryna
    galina halyna halina
    irina iryna
    larisa larysa
    lidiya lidia lydia lidya lidziya
    lyudmila liudmila ludmila lyudmyla liudmyla
    lyubov liubov liubou
    maria mariya mariia maryia
    marina maryna
    nadezhda nadiya nadzeya
    natalia natalya nataliya natallia
    oksana aksana
    olga olha volha
    svetlana svitlana sviatlana
    tatiana tatyana tetiana tetyana tatsiana
    valentina valentyna valiantsina
    vera vira viera
    yevgenia yevgeniya evgenia evgeniya yevheniya yauheniya
    yulia yuliya iuliia yuliia
    zoya zoia
    """
)
"""Russian, Ukrainian and Belarusian forms of common East Slavic given names, men's
and women's, a name a line (Nikolai / Mykola / Mikalai, Vladimir / Volodymyr /
Uladzimir, Elena / Olena / Alena): one person's name in the three languages, which
no spelling rule maps onto each other.  Men's names also start patronymics
(Mykolayovych)."""

PLACE_NAMES = _classes(
    """
    kharkiv kharkov
    luhansk lugansk
    lviv lvov lwow
    mykolaiv nikolaev nikolayev
    dnipro dnepr dnieper dnepropetrovsk dnipropetrovsk
    chernihiv chernigov
    zaporizhzhia zaporizhia zaporozhye zaporozhe zaporizhzhya
    rivne rovno
    ternopil ternopol
    vinnytsia vinnitsa vinnytsya
    zhytomyr zhitomir
    khmelnytskyi khmelnitsky khmelnytsky khmelnitskiy
    sloviansk slavyansk slovyansk
    horlivka gorlovka
    makiivka makeyevka makiyivka
    sievierodonetsk severodonetsk siverodonetsk
    lysychansk lisichansk
    kremenchuk kremenchug
    cherkasy cherkassy
    chernivtsi chernovtsy
    uzhhorod uzhgorod
    berdiansk berdyansk
    enerhodar energodar
    izium izyum
    kupiansk kupyansk
    avdiivka avdeyevka avdeevka
    vuhledar ugledar
    kostiantynivka konstantinovka kostyantynivka
    chornobyl chernobyl
    prypiat pripyat
    hrodna grodno
    homiel gomel homel
    mahiliou mogilev mahilyow
    viciebsk vitebsk vitsebsk
    """
)
"""Ukrainian and Belarusian places in their Ukrainian (Belarusian) and Russian
romanisations, a place a line (Kharkiv / Kharkov, Lviv / Lvov, Hrodna / Grodno):
forms no spelling rule maps onto each other, common in news of the region."""


NEGATIONS = word_set("not no never nor neither none nobody nothing nowhere without")
"""Words that negate what follows ("n't" is read as "not" once contractions are written out)."""

_OPPOSITE_FORMS = (
    ("increase increases increased increasing", "decrease decreases decreased decreasing"),
    ("increase increases increased increasing", "reduce reduces reduced reducing"),
    ("increase increases increased increasing", "cut cuts cutting"),
    ("rise rises rose risen rising", "fall falls fell fallen falling"),
    ("rise rises rose risen rising", "drop drops dropped dropping"),
    ("raise raises raised raising", "lower lowers lowered lowering"),
    ("raise raises raised raising", "reduce reduces reduced reducing"),
    ("raise raises raised raising", "cut cuts cutting"),
    ("gain gains gained gaining", "lose loses lost losing"),
    ("win wins won winning", "lose loses lost losing"),
    ("approve approves approved approving", "reject rejects rejected rejecting"),
    ("accept accepts accepted accepting", "reject rejects rejected rejecting"),
    ("support supports supported supporting", "oppose opposes opposed opposing"),
    ("confirm confirms confirmed confirming", "deny denies denied denying"),
    ("agree agrees agreed agreeing", "disagree disagrees disagreed disagreeing"),
    ("arrest arrests arrested arresting", "release releases released releasing"),
    ("allow allows allowed allowing", "ban bans banned banning"),
    ("allow allows allowed allowing", "forbid forbids forbade forbidden forbidding"),
    ("open opens opened opening", "close closes closed closing"),
    ("higher", "lower"),
    ("highest", "lowest"),
    ("more", "less fewer"),
    ("most", "least fewest"),
    ("above", "below"),
    ("up", "down"),
    ("guilty", "innocent"),
    ("legal", "illegal"),
    ("true", "false"),
    ("success successful successfully", "failure failed unsuccessful"),
)


def _opposites(pairs: tuple[tuple[str, str], ...]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for one, other in pairs:
        for words, against in ((one.split(), other.split()), (other.split(), one.split())):
            for word in words:
                found.setdefault(word, set()).update(against)
    return {word: frozenset(against) for word, against in found.items()}


OPPOSITES = _opposites(_OPPOSITE_FORMS)
"""Each word with the words of opposite sense (every listed form): "rose" and "fell", "approved" and
"rejected".  A short list of the reversals news copy makes to figures and outcomes, not a thesaurus."""
