"""Name variants across transliterations, and the corpus-wide spelling table."""

from __future__ import annotations

import pytest
from helpers import change_kinds

from provenance import Document, ScanResult
from provenance.pipeline import prepare, scan
from provenance.text.names import (
    consonant_outline,
    is_name_part_variant,
    is_name_variant,
    phonetic_key,
    readings,
    skeleton,
)
from provenance.verdict.spellings import spelling_table


def _apart(a: str, b: str) -> bool:
    """The changed words between ``a`` and ``b`` are found, and none is a name variant."""
    kinds = change_kinds(a, b)
    return bool(kinds) and all(kind != "name-variant" for kind, _, _ in kinds)


VARIANTS = [
    ("Araqchi", "Araghchi"),
    ("Rouhani", "Rowhani"),
    ("Shoygu", "Shoigu"),
    ("Tehran", "Teheran"),
    ("Mohammed", "Muhammad"),
    ("Naqdi", "Naghdi"),
    ("Qolam", "Gholam"),
    ("Heydar", "Heidar"),
    ("Timchenko", "Timtchenko"),
    ("Yelena", "Elena"),
    ("Gennady", "Guennadi"),
    ("Hawatmeh", "Hawatmah"),
    ("Erdoğan", "Erdogan"),
    ("Kyiv", "Kiev"),
    ("Al-Assad", "Al Assad"),
    # Latin letters with no decomposition (not dropped, written as English writes them)
    ("Djokovic", "Đoković"),
    ("Strauss", "Strauß"),
    ("Kilicdaroglu", "Kılıçdaroğlu"),
    ("Walesa", "Wałęsa"),
    ("Gudmundsson", "Guðmundsson"),
    # Russian -ov / -ev written as German and French write it
    ("Lavrov", "Lavrow"),
    ("Smirnov", "Smirnoff"),
    ("Medvedev", "Medvedew"),
]
DIFFERENT = [
    ("Putin", "Lavrov"),
    ("Iran", "Iraq"),
    ("Austria", "Australia"),
    ("Niger", "Nigeria"),
    ("Sudan", "Sweden"),
    ("Slovakia", "Slovenia"),
    ("Hassan", "Hussein"),
    ("Mali", "Malawi"),
    ("George", "Georgia"),
    ("Gaza", "Giza"),
    ("Bush", "Bash"),
    ("Biden", "Baden"),
    ("Minister", "Ministry"),
    ("Russia", "Russian"),
    ("The", "Thee"),
]


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_transliteration_variants(a: str, b: str) -> None:
    assert is_name_variant(a, b) and is_name_variant(b, a)
    assert consonant_outline(a) == consonant_outline(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_and_look_alikes(a: str, b: str) -> None:
    assert not is_name_variant(a, b) and not is_name_variant(b, a)


def test_not_a_variant_of_itself_or_lower_case() -> None:
    assert not is_name_variant("Araqchi", "Araqchi")
    assert not is_name_variant("Araqchi", "ARAQCHI")
    assert not is_name_variant("araqchi", "araghchi")
    assert skeleton("Ḥusayn") == skeleton("Husayn")


def test_spelling_table_on_the_seeds(seed_scan: ScanResult) -> None:
    by_name = {n.name: n for n in seed_scan.spellings}
    araghchi = next(n for n in seed_scan.spellings if {"Araqchi", "Araghchi"} <= {s.spelling for s in n.spellings})
    spellings = {s.spelling: dict(s.documents) for s in araghchi.spellings}
    assert set(spellings["Araqchi"]) == {"000_c4d69d43826d85bd"}
    assert set(spellings["Araghchi"]) == {"001_d11848f0d9787346"}
    texts = {d.id: d.text for d in seed_scan.documents}
    for name in seed_scan.spellings:
        assert len(name.spellings) >= 2 and name.name == name.spellings[0].spelling
        for s in name.spellings:
            for doc, count in s.documents:
                assert count >= 1 and s.spelling in texts[doc]
    assert "Minister" not in by_name


def test_spelling_table_merges_case_and_possessive_and_skips_sentence_starts() -> None:
    docs = [
        prepare(Document("a", "a", "Talks with Rouhani began. Later Rouhani's aides left. Reading is fun.")),
        prepare(Document("b", "b", "Talks with Rowhani ended. Readings are fun.")),
        prepare(Document("c", "c", "Nothing about him. Meet ROWHANI now.")),
    ]
    (name,) = spelling_table(docs)
    assert [(s.spelling, s.documents) for s in name.spellings] == [
        ("Rouhani", (("a", 2),)),
        ("Rowhani", (("b", 1),)),
    ]
    assert name.name == "Rouhani" and name.spellings[0].count == 2


def test_spelling_table_empty_when_one_spelling() -> None:
    docs = [prepare(Document(i, i, "Talks with Rouhani began in Geneva.")) for i in "ab"]
    assert spelling_table(docs) == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Gaddafi", "Qadhafi"),
        ("Moussa", "Musa"),
        ("Yelena", "Elena"),
        ("Jassem", "Jassim"),
        ("Timchenko", "Timtchenko"),
    ],
)
def test_phonetic_key_merges_romanisations(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


def test_name_part_variant_is_looser_but_keeps_different_names_apart() -> None:
    assert is_name_part_variant("Nazar", "Nizar", min_similarity=0.7)
    assert is_name_part_variant("Aleksandr", "Oleksandr", min_similarity=0.7)
    assert is_name_part_variant("Al", "El", min_similarity=0.7)
    assert not is_name_part_variant("Putin", "Lavrov", min_similarity=0.7)
    assert not is_name_part_variant("Nazar", "nizar", min_similarity=0.7)
    assert not is_name_part_variant("Nazar", "Nizar", min_similarity=0.9)


# One part of a multi-word name read another way (provenance.text.names.readings).
READ_AS_ONE_NAME = [
    ("Helena", "Elena"),  # a silent initial h
    ("Hildemaro", "Ildemaro"),
    ("Haroun", "Aroun"),
    ("Joseph", "Yosef"),  # j for y
    ("Janeth", "Yaneth"),
    ("Gibran", "Jibran"),  # a soft g
    ("Geovanny", "Jeovanny"),
    ("Alchwiki", "Alshwiki"),  # French ch for Arabic sh
    ("P'il", "Phil"),  # an aspirated ph
    ("Phuangphet", "Puangpetch"),
    ("Aws", "Aous"),  # w / u after a vowel
    ("Uladzimirauna", "Vladimirovna"),  # Belarusian ў
    ("Uladzimiravich", "Vladimirovich"),
    ("Alexander", "Oleksandr"),  # "Al" of Alexander is no article
    ("Aleksey", "Oleksiy"),
    ("Elkaddafi", "Qadhafi"),  # the joined article still dropped
    ("Guillen", "Tuillen"),  # one slip in a word of six letters or more
    ("Burbano", "Urbano"),
    ("Rubina", "Urbina"),
    ("Achmad", "Ahmad"),  # Dutch-era Indonesian ch for h / kh
    ("Rachim", "Rahim"),
    ("Mochtar", "Mukhtar"),
    ("Djordjevic", "Dordevic"),  # đ written without its stroke
    ("Đorđević", "Dordevic"),
    ("Đặng", "Dang"),
]
STAY_APART = [
    ("Ahmed", "Hamed"),  # Hamed without its h is not Ahmed
    ("Hassim", "Jassem"),  # two readings at once
    ("Houthi", "Judith"),
    ("Chi", "Shi"),  # a Chinese ch and sh at the start
    ("Cha", "Shah"),
    ("Alqahtani", "Alzahrani"),  # both with the article: compared without it
    ("Julia", "Olga"),
    ("Samer", "Amer"),
    ("Hassan", "Hussein"),
    ("Rafiq", "Wafiq"),  # a slip in a short word
    ("Gilboa", "Gilbert"),  # two slips
    ("Malherbe", "Qalharbe"),
]


@pytest.mark.parametrize(("a", "b"), READ_AS_ONE_NAME)
def test_name_part_read_another_way(a: str, b: str) -> None:
    assert is_name_part_variant(a, b, min_similarity=0.7) and is_name_part_variant(b, a, min_similarity=0.7)


@pytest.mark.parametrize(("a", "b"), STAY_APART)
def test_name_part_readings_keep_other_names_apart(a: str, b: str) -> None:
    assert not is_name_part_variant(a, b, min_similarity=0.7)
    assert not is_name_part_variant(b, a, min_similarity=0.7)


def test_readings_only_where_the_letters_allow_them() -> None:
    assert readings("Helena") == (("elena", False),)
    assert readings("Uladzimirauna") == (("vladzimiravna", True),)
    assert readings("Putin") == ()
    assert readings("Chen") == ()  # no French ch at the start of a word
    # Indonesian ch after a vowel, read h or kh (besides the French sh); đ without its stroke.
    assert readings("Achmad") == (("ashmad", False), ("ahmad", False), ("akhmad", False))
    assert readings("Djordjevic") == (("dordevic", False),)


def test_belarusian_ukrainian_and_russian_forms_of_one_name_in_text() -> None:
    assert change_kinds("Aliaksandr Lukashenka said so.", "Aleksandr Lukashenko said so.") == [
        ("name-variant", "Aliaksandr", "Aleksandr"),
        ("name-variant", "Lukashenka", "Lukashenko"),
    ]
    assert change_kinds("Natallia Uladzimirauna Piatkevich said so.", "Natallia Vladimirovna Piatkevich said so.") == [
        ("name-variant", "Uladzimirauna", "Vladimirovna")
    ]
    assert change_kinds("Alexander Dubinsky said so.", "Oleksandr Dubinsky said so.") == [
        ("name-variant", "Alexander", "Oleksandr")
    ]
    assert change_kinds("Maria Helena Trujillo left.", "Maria Elena Trujillo left.") == [
        ("name-variant", "Helena", "Elena")
    ]


def test_readings_do_not_make_other_people_one_name_in_text() -> None:
    assert _apart("Ahmed Ali said so.", "Hamed Ali said so.")
    assert _apart("Chi Wei said so.", "Shi Wei said so.")
    # A name standing alone keeps the strict rule: Gaza / Giza, Bush / Bash stay apart.
    assert _apart("Gaza was hit.", "Giza was hit.")
    assert _apart("Bush spoke.", "Bash spoke.")


def test_one_letter_slip_in_a_long_part_of_a_matching_name() -> None:
    # A letter typed wrong, dropped or swapped in a word of six letters or more, the
    # rest of the name the same: one name (the word pairs: READ_AS_ONE_NAME / STAY_APART).
    assert change_kinds("Osiel Cardenas Guillen was held.", "Osiel Cardenas Tuillen was held.") == [
        ("name-variant", "Guillen", "Tuillen")
    ]
    # A word standing alone keeps the strict rule.
    assert _apart("Guillen was held.", "Tuillen was held.")


def test_a_title_that_closes_a_name_is_a_given_name() -> None:
    # "Sultan" after a surname is a given name (English puts a title before the name).
    assert change_kinds("Zabin Sultan was held.", "Zaben Sultan was held.") == [("name-variant", "Zabin", "Zaben")]
    assert change_kinds("Katrangi Amir was held.", "Katranji Amir was held.") == [
        ("name-variant", "Katrangi", "Katranji")
    ]
    # Before a name it stays a title and backs up nothing; office titles never count.
    assert _apart("Sultan Zabin was held.", "Sultan Zaben was held.")
    assert _apart("The Kremlin Spokesman said so.", "The Kremlin Spokeswoman said so.")


def test_letters_without_a_decomposition_in_running_text() -> None:
    # Đ, ß and the dotless ı were dropped as non-letters: "Djokovic" / "Đoković" read as
    # different words, and a speaker's name respelled read as another speaker.
    assert change_kinds("Novak Djokovic won the final.", "Novak Đoković won the final.") == [
        ("name-variant", "Djokovic", "Đoković")
    ]
    assert change_kinds("Strauss said it.", "Strauß said it.") == [("name-variant", "Strauss", "Strauß")]
    assert change_kinds("Kilicdaroglu said it.", "Kılıçdaroğlu said it.") == [
        ("name-variant", "Kilicdaroglu", "Kılıçdaroğlu")
    ]
    assert _apart("Djokovic left.", "Dokovic left.")


def test_spelling_table_does_not_depend_on_runs_or_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    import provenance.verdict.spellings as spellings

    texts = [
        "Talks with Rouhani began. Later Rouhani's aides left.",
        "Talks with Rowhani ended in Teheran.",
        "Rowhani spoke in Tehran, then Araqchi's deputy.",
        "The minister Araghchi and Mr Rouhani met in Tehran.",
        "Meet ROWHANI now. Reading is fun; Araqchi agreed.",
    ]
    docs = [Document(str(i), str(i), text) for i, text in enumerate(texts * 3)]
    whole = spelling_table(docs)
    assert {n.name for n in whole} == {"Rouhani", "Araqchi"}
    monkeypatch.setattr(spellings, "_CHUNK", 2)  # runs of two documents, merged
    assert spelling_table(docs) == whole
    assert spelling_table(docs, jobs=2) == whole
    # Censuses of parts (Spark counts one per partition) add up, in any order, to the same table.
    census = spellings.WordCensus()
    for part in (docs[7:], docs[:3], docs[3:7]):
        census.add(spellings.word_census(part))
    assert spellings.spellings_from_census(census) == whole
    variants = [("Tehran", "Teheran")]
    assert spellings.spellings_from_census(census, variants=variants) == spelling_table(docs, variants=variants)


def test_east_slavic_given_names_and_patronymics_in_three_languages() -> None:
    from provenance.text.names import east_slavic_name

    assert east_slavic_name("Volodymyr") == east_slavic_name("Vladimir") == east_slavic_name("Uladzimir")
    assert east_slavic_name("Mykolayovych") == east_slavic_name("Nikolaevich") == east_slavic_name("Mikalayevich")
    assert east_slavic_name("Mykolaivna") == east_slavic_name("Mikalaeuna") != east_slavic_name("Nikolaevich")
    assert east_slavic_name("Nikolai") != east_slavic_name("Mikhail")
    assert east_slavic_name("Putin") is None and east_slavic_name("Ivanovich") is None
    assert change_kinds("Volodymyr Zelensky said so.", "Vladimir Zelensky said so.") == [
        ("name-variant", "Volodymyr", "Vladimir")
    ]
    assert change_kinds("Igor Nikolayevich Bezler left.", "Igor Mykolaiovych Bezler left.") == [
        ("name-variant", "Nikolayevich", "Mykolaiovych")
    ]
    # Another given name, or a son's patronymic for a daughter's, is not the same name.
    assert _apart("Nikolai Petrov left.", "Mikhail Petrov left.")
    assert _apart("Anna Nikolaevich Petrova left.", "Anna Nikolaevna Petrova left.")


def test_a_weekday_before_a_name_does_not_back_up_a_looser_match() -> None:
    # "Monday Bush" is no two-word name: Bush / Bash keep the strict rule that stands alone.
    for day in ("On Monday", "Yesterday", "This morning"):
        assert _apart(f"{day} Bush spoke again.", f"{day} Bash spoke again.")
    assert change_kinds("On Monday Muammar Gadhafi spoke.", "On Monday Muammar Qaddafi spoke.") == [
        ("name-variant", "Gadhafi", "Qaddafi")
    ]


@pytest.mark.parametrize(
    ("a", "b"), [("Kharkov", "Kharkiv"), ("Lugansk", "Luhansk"), ("Lvov", "Lviv"), ("Zaporozhye", "Zaporizhzhia")]
)
def test_ukrainian_and_russian_forms_of_a_listed_place(a: str, b: str) -> None:
    assert is_name_variant(a, b) and is_name_variant(b, a)
    # At a sentence start too, where short capitalised words need more evidence.
    assert change_kinds(f"{a} was shelled.", f"{b} was shelled.") == [("name-variant", a, b)]
    assert change_kinds(f"Talks in {a}'s centre ended.", f"Talks in {b}'s centre ended.") == [
        ("name-variant", f"{a}'s", f"{b}'s")
    ]


def test_listed_places_do_not_join_other_places() -> None:
    assert not is_name_variant("Lviv", "Kyiv") and not is_name_variant("Kharkiv", "Kherson")


def test_censuses_of_the_same_documents_add_their_counts() -> None:
    # Parts of a corpus name different documents (their counts are copied); parts that share a document
    # (the same document id counted twice) add its counts up.
    import provenance.verdict.spellings as spellings

    one = spellings.word_census([Document("a", "a", "Talks with Rouhani began, and Rouhani left.")])
    two = spellings.word_census([Document("a", "a", "Later Rouhani spoke."), Document("b", "b", "Then Rouhani.")])
    census = spellings.WordCensus()
    census.add(one)
    census.add(two)
    assert dict(census.uses["Rouhani"]) == {"a": 3, "b": 1}
    assert dict(one.uses["Rouhani"]) == {"a": 2}  # the parts added are left as they were


def test_the_compiled_tally_counts_as_the_plain_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    import provenance.verdict.spellings as spellings

    if spellings._core is None:
        pytest.skip("compiled core not built")
    texts = ["Rouhani's aides and Rouhani met Araqchi.", "Araqchi, Araqchi's and ARAQCHI left with Zarif."]
    docs = [Document(str(i), str(i), text) for i, text in enumerate(texts * 2)]
    fast = spellings.word_census(docs)
    monkeypatch.setattr(spellings, "_core", None)
    plain = spellings.word_census(docs)
    assert fast == plain and dict(fast.uses["Araqchi"]) == {"0": 1, "1": 2, "2": 1, "3": 2}


_TALIBAN = (
    "Two United States service members have been killed in a helicopter crash in Afghanistan, the US military "
    "said on Wednesday. The Afghan Taliban, however, claimed responsibility for shooting down the helicopter, "
    "which it said crashed in Logar province. {lead}It was not possible to independently verify the group's "
    "claim, and the military gave no further details. Roughly 13,000 US troops remain in Afghanistan, 18 years "
    "after Washington invaded the country."
)


@pytest.mark.parametrize(
    ("one", "other"), [("Zabihullah", "Zabiullah"), ("Pochettino", "Pocchettino"), ("Araqchi", "Araghchi")]
)
@pytest.mark.parametrize(
    "lead",
    [
        '"The helicopter was shot down," Taliban spokesman {name} Mujahid said in a tweet. ',
        # a name that only ever starts a sentence: the aligned position is the evidence
        "{name} Mujahid, a Taliban spokesman, said in a tweet that the helicopter was shot down. ",
    ],
)
def test_every_name_variant_of_aligned_sentences_is_in_the_spelling_table(one: str, other: str, lead: str) -> None:
    """A silent h or a doubled consonant changes the consonant outline the table groups spellings by, and a
    name only starting sentences was no name to it: the scan reported Zabihullah / Zabiullah and Pochettino /
    Pocchettino as name variants of aligned sentences, and its spelling table left them out."""
    docs = [Document(i, i, _TALIBAN.format(lead=lead.format(name=name))) for i, name in (("a", one), ("b", other))]
    result = scan(docs)
    variants = {(c.a, c.b) for p in result.pairs for al in p.alignments for c in al.changes if c.kind == "name-variant"}
    assert variants == {(one, other)}
    assert [sorted(s.spelling for s in n.spellings) for n in result.spellings] == [sorted((one, other))]


def test_a_known_pair_joins_only_its_own_spellings() -> None:
    docs = [
        prepare(Document("a", "a", "Talks with Zabihullah began near Pochettino's home.")),
        prepare(Document("b", "b", "Talks with Zabiullah ended near Pocchettino's home.")),
    ]
    assert spelling_table(docs) == ()
    (name,) = spelling_table(docs, variants=[("Zabihullah", "Zabiullah")])
    assert [s.spelling for s in name.spellings] == ["Zabihullah", "Zabiullah"]


def test_a_known_pair_joins_the_spellings_as_the_table_writes_them() -> None:
    """The aligned sentences wrote "Mackenzie" / "McKenzie", but the corpus mostly writes "MacKenzie": the
    table lists the form most used, and the known pair must join that form too (the strict skeletons differ,
    makenzi / mkenzi, so only the pair says they are one name)."""
    docs = [
        prepare(Document("a", "a", "Talks with Mackenzie began.")),
        prepare(Document("b", "b", "Talks with McKenzie began.")),
        prepare(Document("c", "c", "A letter from MacKenzie came. Later MacKenzie left.")),
    ]
    (name,) = spelling_table(docs, variants=[("Mackenzie", "McKenzie")])
    assert [(s.spelling, s.count) for s in name.spellings] == [("MacKenzie", 3), ("McKenzie", 1)]


def test_a_possessive_facing_itself_without_its_apostrophe_is_no_name_variant() -> None:
    """ "Bachelor's" made "Bachelors" is one spelling (an apostrophe dropped), not Bachelor / Bachelors."""
    docs = [
        prepare(Document("a", "a", "She earned a Bachelor's degree in law.")),
        prepare(Document("b", "b", "She earned a Bachelors degree in law.")),
    ]
    assert spelling_table(docs, variants=[("Bachelor's", "Bachelors")]) == ()
