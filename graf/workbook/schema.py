"""What a planner's workbook holds: its sheets, their columns and the closed vocabularies, in one table.

Everything else reads this module: the template (headers, header comments, drop-down lists, the
"Read me" sheet), the reader (which header is which column, in either language), the import (what
each value means) and the export (which columns to fill). Each sheet and column has a Danish and an
English name; a workbook may use either (or mix them). Vocabulary words are the Danish and English
labels of the ontology's terms (``ontology/graf.ttl``; ``tests/test_workbook.py`` checks they agree)
and are matched without regard to case.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from graf.namespaces import FOAF, GRAF, GRAFC, ORG, PROV

LANGS = ("da", "en")


@dataclass(frozen=True)
class Term:
    """One word of a closed vocabulary: its key, its Danish and English words and what it means in RDF."""

    key: str
    da: str
    en: str
    iri: str = ""

    def word(self, lang: str) -> str:
        return self.da if lang == "da" else self.en


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of words (a drop-down list in the template)."""

    name: str
    terms: tuple[Term, ...]
    #: besides the words: values the column also takes (e.g. a datatype), shown as "or ..." in messages
    open_hint: str = ""

    def words(self, lang: str) -> list[str]:
        return [t.word(lang) for t in self.terms]

    def find(self, value: str) -> Term | None:
        """The term ``value`` names (its key, Danish or English word; any case), or None."""
        index = self.__dict__.get("_index")
        if index is None:
            index = {w.casefold(): t for t in reversed(self.terms) for w in (t.en, t.da, t.key)}
            object.__setattr__(self, "_index", index)
        return index.get(value.strip().casefold())

    def by_iri(self, iri: str) -> Term | None:
        for t in self.terms:
            if t.iri == iri:
                return t
        return None

    def suggest(self, value: str) -> str | None:
        """The closest word (either language) to a value that is not one, if any is close."""
        words = {w.casefold(): w for t in self.terms for w in (t.da, t.en, t.key)}
        close = difflib.get_close_matches(value.strip().casefold(), list(words), n=1, cutoff=0.6)
        return words[close[0]] if close else None


def _kinds(*rows: tuple[str, str, str]) -> tuple[Term, ...]:
    return tuple(Term(iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1], da, en, iri) for iri, da, en in rows)


#: what an actor (or another thing the model names) is: the ontology's classes, by their labels
ACTOR_KINDS = Vocabulary("kind", _kinds(
    (str(GRAF.Municipality), "kommune", "municipality"),
    (str(GRAF.Administration), "forvaltning", "administration"),
    (str(GRAF.AdministrativeCentre), "center", "administrative centre"),
    (str(GRAF.PoliticalBody), "politisk organ", "political body"),
    (str(GRAF.CityCouncil), "kommunalbestyrelse", "city council"),
    (str(GRAF.Committee), "udvalg", "committee"),
    (str(GRAF.FinanceCommittee), "økonomiudvalg", "finance committee"),
    (str(GRAF.StandingCommittee), "stående udvalg", "standing committee"),
    (str(GRAF.LocalCommittee), "lokaludvalg", "local committee"),
    (str(GRAF.ManagementBoard), "direktørkreds", "directors' circle"),
    (str(GRAF.Forum), "forum", "forum"),
    (str(GRAF.CoChairedForum), "forum med delt formandskab", "co-chaired forum"),
    (str(GRAF.HousingOrganisation), "almen boligorganisation", "social housing organisation"),
    (str(GRAF.InterestOrganisation), "interesseorganisation", "interest organisation"),
    (str(GRAF.InterestOrganisationDistrict), "kreds", "district of an interest organisation"),
    (str(GRAF.Estate), "boligafdeling", "housing estate"),
    (str(GRAF.OrganisationGroup), "gruppe af organisationer", "group of organisations"),
    (str(GRAF.HousingOrganisationGroup), "gruppe af almene boligorganisationer",
     "group of social housing organisations"),
    (str(GRAF.AdministrationCompany), "forretningsførerorganisation", "administration company"),
    (str(GRAF.EntryPoint), "indgang til kommunen", "entry point"),
    (str(GRAF.MayorPost), "borgmesterpost", "mayor's post"),
    (str(GRAF.LordMayorPost), "overborgmesterpost", "lord mayor's post"),
    (str(GRAF.ChairSeat), "formandspost", "chair seat"),
    (str(FOAF.Person), "person", "person"),
    (str(ORG.Organization), "organisation", "organisation"),
    (str(ORG.Post), "post", "post"),
    (str(GRAF.Document), "dokument", "document"),
    (str(GRAF.SuccessCriterion), "succeskriterium", "success criterion"),
    (str(GRAF.AreaBasedInitiative), "områdebaseret indsats", "area-based initiative"),
    (str(GRAF.Position), "tilkendegivelse", "stated position"),
    (str(GRAF.Agreement), "aftale", "agreement"),
))

FORUM_KINDS = Vocabulary("forum kind", tuple(t for t in ACTOR_KINDS.terms if t.key in ("Forum", "CoChairedForum")))

EVENT_KINDS = Vocabulary("event kind", _kinds(
    (str(GRAF.Meeting), "møde", "meeting"),
    (str(GRAF.Decision), "beslutning", "decision"),
    (str(PROV.Activity), "aktivitet", "activity"),
))

LAYERS = Vocabulary("layer", (Term("formal", "formel", "formal", str(GRAFC.formal)),
                              Term("operational", "driftsmæssig", "operational", str(GRAFC.operational))))

STATUSES = Vocabulary("status", (Term("open", "åben", "open", str(GRAFC.open)),
                                 Term("closed", "lukket", "closed", str(GRAFC.closed)),
                                 Term("planned", "planlagt", "planned", str(GRAFC.planned)),
                                 Term("unknown", "ukendt", "unknown", str(GRAFC.unknown))))

ROLES = Vocabulary("role", (Term("chair", "formand", "chair", str(GRAFC.chair)),
                            Term("mayor", "borgmester", "mayor", str(GRAFC.mayor)),
                            Term("lord_mayor", "overborgmester", "lord mayor", str(GRAFC.lord_mayor)),
                            Term("director", "direktør", "director", str(GRAFC.director)),
                            Term("member", "medlem", "member", str(GRAFC.member))))

#: how a row rests on its source (graf's confidence concepts, grafc:memo / external / derived)
CONFIDENCE = Vocabulary("confidence", (Term("memo", "notatet", "memo", str(GRAFC.memo)),
                                       Term("external", "ekstern kilde", "external", str(GRAFC.external)),
                                       Term("derived", "udledt", "derived", str(GRAFC.derived))))

#: what a source is to the model: its own document (its quotes are "memo") or another public one
SOURCE_KINDS = Vocabulary("source kind", (Term("memo", "modellens eget dokument", "the model's own document"),
                                          Term("external", "anden offentlig kilde", "another public source")))

GRAPH_KINDS = Vocabulary("scenario kind", (Term("scenario", "scenarie", "scenario"),
                                           Term("part", "fælles del", "shared part")))

YES_NO = Vocabulary("yes/no", (Term("yes", "ja", "yes"), Term("no", "nej", "no")))

LANGUAGES = Vocabulary("language", (Term("da", "da", "da"), Term("en", "en", "en")))

OBJECT_TYPES = Vocabulary("object type", (Term("id", "id", "id"), Term("text", "tekst", "text")),
                          open_hint="or a datatype such as xsd:date, xsd:integer, xsd:boolean")


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    ``type``: ``text``, ``id`` (an id, a prefixed name or an IRI), ``ids`` (several, separated by
    ``;``), ``date`` (YYYY, YYYY-MM or YYYY-MM-DD), ``dates`` (several), ``key``/``keys`` (citation
    keys), ``word`` (a word of ``vocab``), ``words`` (several). ``required``: a row must fill it.
    ``optional``: the column may be left out of the sheet altogether (advanced columns).
    """

    key: str
    en: str
    da: str
    help_en: str
    help_da: str
    type: str = "text"
    vocab: Vocabulary | None = None
    required: bool = False
    optional: bool = False

    def name(self, lang: str) -> str:
        return self.da if lang == "da" else self.en

    def help(self, lang: str) -> str:
        return self.help_da if lang == "da" else self.help_en

    @property
    def many(self) -> bool:
        return self.type in ("ids", "dates", "keys", "words")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its key, names, purpose and columns."""

    key: str
    en: str
    da: str
    about_en: str
    about_da: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    #: a sheet of (setting, value) rows instead of records
    settings: bool = False

    def name(self, lang: str) -> str:
        return self.da if lang == "da" else self.en

    def about(self, lang: str) -> str:
        return self.about_da if lang == "da" else self.about_en

    def column(self, key: str) -> Column:
        index: dict[str, Column] | None = self.__dict__.get("_index")
        if index is None:
            index = {c.key: c for c in self.columns}
            object.__setattr__(self, "_index", index)
        return index[key]


def _c(key: str, en: str, da: str, help_en: str, help_da: str, type: str = "text", vocab: Vocabulary | None = None,
       required: bool = False, optional: bool = False) -> Column:
    return Column(key, en, da, help_en, help_da, type, vocab, required, optional)


def _scenario_column() -> Column:
    return _c("scenario", "scenario", "scenarie",
              "Id of the scenario (or shared part) this row belongs to, from the Scenarios sheet. Empty: the "
              "shared part every scenario builds on (Model sheet, 'shared graph').",
              "Id på det scenarie (eller den fælles del) rækken hører til, fra arket Scenarier. Tom: den fælles "
              "del alle scenarier bygger på (arket Model, 'fælles graf').", "id")


#: the provenance columns every fact row has
PROVENANCE = (
    _c("citation", "citation", "kildehenvisning",
       "Optional. Key(s) of citations in the Citations sheet, separated by ';'. Or leave it empty and fill "
       "source, quote and confidence; or give one new key together with them to reuse that citation on other "
       "rows by its key alone.",
       "Valgfri. Nøgle(r) til kildehenvisninger i arket Kildehenvisninger, adskilt af ';'. Eller lad den stå "
       "tom og udfyld kilde, citat og sikkerhed; eller giv én ny nøgle sammen med dem for at genbruge "
       "henvisningen i andre rækker med nøglen alene.", "keys"),
    _c("source", "source", "kilde",
       "Id of the document (Sources sheet) the quote is taken from.",
       "Id på dokumentet (arket Kilder) citatet er taget fra.", "id"),
    _c("quote", "quote", "citat",
       "The sentence of the source that states what this row says, copied exactly: graf audit checks it "
       "against the source's text.",
       "Den sætning i kilden der siger det rækken siger, kopieret ordret: graf audit tjekker den mod "
       "kildens tekst."),
    _c("confidence", "confidence", "sikkerhed",
       "memo: stated in the model's own document (the memo or minutes the model is built from); external: "
       "stated in another public document; derived: your reading or inference (say how under reasoning). "
       "Empty: the source's kind.",
       "notatet: står i modellens eget dokument (det notat eller referat modellen bygger på); ekstern kilde: "
       "står i et andet offentligt dokument; udledt: jeres læsning eller slutning (skriv hvordan under "
       "begrundelse). Tom: kildens art.", "word", CONFIDENCE),
    _c("reasoning", "reasoning", "begrundelse",
       "For a derived row (required there): how you reached it from the sources.",
       "For en udledt række (påkrævet der): hvordan I nåede frem til den ud fra kilderne."),
)

SHEETS: tuple[Sheet, ...] = (
    Sheet("model", "Model", "Model",
          "Settings of the whole model: where its ids live on the web. The defaults fit a new model; change "
          "'base' to an address your organisation controls.",
          "Indstillinger for hele modellen: hvor dens id'er bor på nettet. Standardværdierne passer til en ny "
          "model; ret 'base' til en adresse jeres organisation råder over.",
          (_c("setting", "setting", "indstilling", "The name of the setting (do not change).",
              "Indstillingens navn (ret den ikke).", required=True),
           _c("value", "value", "værdi", "Its value; empty: the default.", "Dens værdi; tom: standardværdien."),
           _c("about", "about", "forklaring", "What the setting means (not read by graf).",
              "Hvad indstillingen betyder (læses ikke af graf).", optional=True)),
          settings=True),
    Sheet("scenarios", "Scenarios", "Scenarier",
          "The organisation models you compare (e.g. before and after a reform) and the shared parts they build "
          "on. Every other row names the scenario it belongs to.",
          "De organiseringsmodeller I sammenligner (fx før og efter en reform) og de fælles dele de bygger på. "
          "Alle andre rækker angiver det scenarie de hører til.",
          (_c("id", "id", "id", "A short id without spaces, e.g. 'before'.", "Et kort id uden mellemrum, fx 'foer'.",
              "id", required=True),
           _c("kind", "kind", "art", "scenario: a model you validate and map; shared part: rows several scenarios "
              "build on.", "scenarie: en model I validerer og tegner; fælles del: rækker flere scenarier bygger "
              "på.", "word", GRAPH_KINDS, required=True),
           _c("name", "name", "navn", "The scenario's name in commands (graf validate --scenario NAME). Empty: the "
              "id.", "Scenariets navn i kommandoer (graf validate --scenario NAVN). Tom: id'et."),
           _c("label_da", "label (Danish)", "navn (dansk)", "Danish name shown on maps and reports.",
              "Dansk navn på kort og rapporter."),
           _c("label_en", "label (English)", "navn (engelsk)", "English name.", "Engelsk navn."),
           _c("description_da", "description (Danish)", "beskrivelse (dansk)", "What the scenario is.",
              "Hvad scenariet er."),
           _c("description_en", "description (English)", "beskrivelse (engelsk)", "The same in English.",
              "Det samme på engelsk."),
           _c("extends", "extends", "bygger på", "Ids of the shared parts (or scenarios) it builds on, separated "
              "by ';'. Empty: the shared graph. '-': none.", "Id'er på de fælles dele (eller scenarier) det "
              "bygger på, adskilt af ';'. Tom: den fælles graf. '-': ingen.", "ids"),
           _c("preceded_by", "preceded by", "afløser", "Id of the earlier scenario it is compared with (diff maps, "
              "the direct-contacts rule).", "Id på det tidligere scenarie det sammenlignes med (forskelskort, "
              "reglen om direkte kontakt).", "id"),
           _c("revision_of", "revision of", "revision af", "Id of a scenario this one revises.",
              "Id på et scenarie dette reviderer.", "id"),
           _c("fictional", "fictional", "fiktiv", "yes: made-up data that describes no real actor (no sources "
              "needed).", "ja: opdigtede data der ikke beskriver virkelige aktører (kræver ingen kilder).",
              "word", YES_NO),
           _c("valid_from", "valid from", "gælder fra", "When the scenario begins (YYYY, YYYY-MM or YYYY-MM-DD, as "
              "precise as the source).", "Hvornår scenariet begynder (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, så præcist "
              "som kilden).", "date"),
           _c("valid_to", "valid to", "gælder til", "When it ends.", "Hvornår det slutter.", "date"),
           _c("holds_on", "holds on", "gælder på", "Dates it is known to hold on, separated by ';'.",
              "Datoer hvor det vides at gælde, adskilt af ';'.", "dates"),
           _c("generated_by", "decided at", "besluttet ved", "Id of the event (Events sheet) that made it.",
              "Id på den begivenhed (arket Begivenheder) der skabte det.", "id", optional=True),
           _c("derived_from", "based on", "bygger på kilde", "Ids of the sources it is drawn from.",
              "Id'er på de kilder det er hentet fra.", "ids", optional=True),
           *PROVENANCE)),
    Sheet("sources", "Sources", "Kilder",
          "The documents the model rests on: your own (the memo, the minutes) and other public ones.",
          "De dokumenter modellen bygger på: jeres egne (notatet, referatet) og andre offentlige.",
          (_c("id", "id", "id", "A short id, e.g. 'minutes-2024-01-15'.", "Et kort id, fx 'referat-2024-01-15'.",
              "id", required=True),
           _c("kind", "kind", "art", "The model's own document (its quotes are 'memo') or another public source "
              "('external').", "Modellens eget dokument (dets citater er 'notatet') eller en anden offentlig kilde "
              "('ekstern kilde').", "word", SOURCE_KINDS),
           _c("title_da", "title (Danish)", "titel (dansk)", "The document's title in Danish.",
              "Dokumentets titel på dansk."),
           _c("title_en", "title (English)", "titel (engelsk)", "Its title in English.", "Titlen på engelsk."),
           _c("address", "address", "adresse", "Its public web address (https://...).",
              "Dets offentlige webadresse (https://...)."),
           _c("file", "file", "fil", "A text file with its words, relative to the workbook's folder (e.g. "
              "sources/minutes.txt): graf audit checks every quote against it.", "En tekstfil med dets ord, "
              "relativt til arbejdsbogens mappe (fx kilder/referat.txt): graf audit tjekker hvert citat mod den."),
           _c("date", "date", "dato", "Its date (YYYY, YYYY-MM or YYYY-MM-DD).", "Dets dato (ÅÅÅÅ, ÅÅÅÅ-MM eller "
              "ÅÅÅÅ-MM-DD).", "date"))),
    Sheet("citations", "Citations", "Kildehenvisninger",
          "Citations you want to reuse by key, or that need more than one row's columns (several quotes, "
          "addresses, derivations). A further quote of the same citation: a row with the same key and only quote "
          "and language.",
          "Kildehenvisninger I vil genbruge med en nøgle, eller som kræver mere end én rækkes kolonner (flere "
          "citater, adresser, udledninger). Endnu et citat til samme henvisning: en række med samme nøgle og kun "
          "citat og sprog.",
          (_c("key", "key", "nøgle", "A short key, e.g. 'minutes-p2'; rows cite it in their citation column.",
              "En kort nøgle, fx 'referat-s2'; rækker henviser til den i kolonnen kildehenvisning.", "key",
              required=True),
           _c("source", "source", "kilde", "Id of the document (Sources sheet) quoted.",
              "Id på det citerede dokument (arket Kilder).", "id"),
           _c("quote", "quote", "citat", "A sentence of the source, copied exactly.",
              "En sætning fra kilden, kopieret ordret."),
           _c("quote_lang", "language", "sprog", "The language of the quote: da or en (empty: da).",
              "Citatets sprog: da eller en (tom: da).", "word", LANGUAGES),
           _c("confidence", "confidence", "sikkerhed", PROVENANCE[3].help_en, PROVENANCE[3].help_da, "word",
              CONFIDENCE),
           _c("reasoning", "reasoning", "begrundelse", PROVENANCE[4].help_en, PROVENANCE[4].help_da),
           _c("derived_from", "derived from", "udledt af", "Keys of the citations a derived one rests on, separated "
              "by ';'.", "Nøgler på de henvisninger en udledt bygger på, adskilt af ';'.", "keys"),
           _c("addresses", "addresses", "adresser", "Public web addresses behind it, separated by ';'.",
              "Offentlige webadresser bag den, adskilt af ';'.", "ids"),
           _c("iri", "IRI", "IRI", "Advanced: the citation's full IRI when it is not the citations base + key.",
              "Avanceret: henvisningens fulde IRI når den ikke er henvisningsbasen + nøglen.", "id",
              optional=True))),
    Sheet("actors", "Actors", "Aktører",
          "Everyone and everything that acts in the model: the municipality, its administrations and committees, "
          "housing organisations, groups a source names as one actor, persons, posts, fora ...",
          "Alle der handler i modellen: kommunen, forvaltninger og udvalg, boligorganisationer, grupper en kilde "
          "nævner som én aktør, personer, poster, fora ...",
          (_c("id", "id", "id", "A short id without spaces, unique in the model, e.g. 'technical-administration'.",
              "Et kort id uden mellemrum, entydigt i modellen, fx 'teknik-og-miljoe'.", "id", required=True),
           _c("kind", "kind", "art", "What the actor is (drop-down list).", "Hvad aktøren er (rulleliste).", "word",
              ACTOR_KINDS, required=True),
           _c("label_da", "label (Danish)", "navn (dansk)", "Its Danish name.", "Dets danske navn."),
           _c("label_en", "label (English)", "navn (engelsk)", "Its English name (a rendering of the Danish one "
              "unless 'English label citation' says where it is from).", "Dets engelske navn (en gengivelse af "
              "det danske, med mindre 'kilde til engelsk navn' siger hvor det kommer fra)."),
           _c("part_of", "part of", "del af", "Id(s) of what it belongs to: a unit's municipality, a post's "
              "administration or forum, a district's interest organisation, an entry point's municipality.",
              "Id('er) på det den hører under: en enheds kommune, en posts forvaltning eller forum, en kreds' "
              "interesseorganisation, en indgangs kommune.", "ids"),
           _c("member_of", "member of group", "medlem af gruppe", "Id(s) of the group(s) of organisations it is a "
              "member of (as named by the source).", "Id('er) på den/de grupper af organisationer den er medlem af "
              "(som kilden nævner dem).", "ids"),
           _c("oversees", "oversees", "har ansvar for", "For a committee: id(s) of the administration(s) it oversees.",
              "For et udvalg: id('er) på den/de forvaltninger det har ansvar for.", "ids"),
           _c("roles", "roles", "roller", "For posts: the role(s) of the post, separated by ';'.",
              "For poster: postens rolle(r), adskilt af ';'.", "words", ROLES),
           _scenario_column(),
           *PROVENANCE,
           _c("label_da_citation", "Danish label citation", "kilde til dansk navn", "Advanced: citation key(s) of "
              "the Danish name when it rests on another citation than the row.", "Avanceret: nøgle(r) til kilden "
              "for det danske navn når den er en anden end rækkens.", "keys", optional=True),
           _c("label_en_citation", "English label citation", "kilde til engelsk navn", "Citation key(s) of the "
              "English name. Empty: your own rendering of the Danish name.", "Nøgle(r) til kilden for det engelske "
              "navn. Tom: jeres egen gengivelse af det danske navn.", "keys", optional=True))),
    Sheet("tenures", "Tenures", "Embedsperioder",
          "Who held a post when (the posts themselves are actors: kind mayor's post, lord mayor's post ...).",
          "Hvem der havde en post hvornår (posterne selv er aktører: art borgmesterpost, overborgmesterpost ...).",
          (_c("id", "id", "id", "Optional id of the tenure. Empty: 'tenure/' + the person's id.",
              "Valgfrit id for embedsperioden. Tom: 'tenure/' + personens id.", "id"),
           _c("post", "post", "post", "Id of the post (Actors sheet).", "Id på posten (arket Aktører).", "id",
              required=True),
           _c("person", "person", "person", "Id of the person (Actors sheet, kind person).",
              "Id på personen (arket Aktører, art person).", "id", required=True),
           _c("role", "role", "rolle", "The role held (e.g. mayor).", "Rollen (fx borgmester).", "word", ROLES,
              required=True),
           _c("from", "from", "fra", "When the tenure began, as precise as the source (YYYY, YYYY-MM, YYYY-MM-DD). "
              "Empty: the source does not say.", "Hvornår perioden begyndte, så præcist som kilden (ÅÅÅÅ, ÅÅÅÅ-MM, "
              "ÅÅÅÅ-MM-DD). Tom: kilden siger det ikke.", "date"),
           _c("to", "to", "til", "When it ended. Empty: the source does not say.", "Hvornår den sluttede. Tom: "
              "kilden siger det ikke.", "date"),
           _c("holds_on", "holds on", "gælder på", "Dates the person is known to hold the post, separated by ';'.",
              "Datoer hvor personen vides at have posten, adskilt af ';'.", "dates"),
           _scenario_column(),
           *PROVENANCE)),
    Sheet("fora", "Fora", "Fora",
          "The fora where the municipality and its partners meet, who co-chairs them and what they realise.",
          "De fora hvor kommunen og dens parter mødes, hvem der deler formandskabet, og hvad de udgør.",
          (_c("id", "id", "id", "A short id, e.g. 'partnership-forum'.", "Et kort id, fx 'partnerskabsforum'.", "id",
              required=True),
           _c("kind", "kind", "art", "forum, or co-chaired forum.", "forum, eller forum med delt formandskab.",
              "word", FORUM_KINDS, required=True),
           _c("label_da", "label (Danish)", "navn (dansk)", "Its Danish name.", "Dets danske navn."),
           _c("label_en", "label (English)", "navn (engelsk)", "Its English name.", "Dets engelske navn."),
           _c("co_chairs", "co-chaired by posts", "formandskab ved poster", "Ids of the posts that co-chair it, "
              "separated by ';'.", "Id'er på de poster der deler formandskabet, adskilt af ';'.", "ids"),
           _c("realises", "realises entry point", "udgør indgang", "Id of the entry point it realises.",
              "Id på den indgang forummet udgør.", "id"),
           _c("valid_from", "valid from", "gælder fra", "When the forum begins.", "Hvornår forummet begynder.",
              "date"),
           _c("valid_to", "valid to", "gælder til", "When it ends.", "Hvornår det slutter.", "date"),
           _scenario_column(),
           *PROVENANCE)),
    Sheet("chairs", "Chair seats", "Formandsposter",
          "The chair seats of the fora: whose post holds each seat, and whom that post may leave it to.",
          "Fora's formandsposter: hvilken post der har hver plads, og hvem den post kan overlade den til.",
          (_c("id", "id", "id", "A short id, e.g. 'partnership-forum/chair-mayor'.",
              "Et kort id, fx 'partnerskabsforum/formand-borgmester'.", "id", required=True),
           _c("forum", "forum", "forum", "Id of the forum (Fora sheet).", "Id på forummet (arket Fora).", "id",
              required=True),
           _c("ex_officio", "held ex officio by post", "i kraft af post", "Id of the post whose holder holds the "
              "seat.", "Id på den post hvis indehaver har pladsen.", "id", required=True),
           _c("may_delegate_to", "may delegate to post", "kan overlade til post", "Id of the post the seat may be "
              "left to (a permission, not a fact that it was).", "Id på den post pladsen kan overlades til (en "
              "mulighed, ikke et faktum).", "id"),
           _c("label_da", "label (Danish)", "navn (dansk)", "The seat's Danish name.", "Pladsens danske navn.",
              required=True),
           _c("label_en", "label (English)", "navn (engelsk)", "Its English name.", "Dens engelske navn.",
              required=True),
           _scenario_column(),
           *PROVENANCE)),
    Sheet("channels", "Channels", "Kanaler",
          "The contact channels between actors in each scenario: formal (through the entry point) or "
          "operational (direct, day-to-day).",
          "Kontaktkanalerne mellem aktører i hvert scenarie: formelle (gennem indgangen) eller driftsmæssige "
          "(direkte, i hverdagen).",
          (_c("id", "id", "id", "Optional. Empty: 'channel/<scenario>/<layer>/<from>--<to>'.",
              "Valgfri. Tom: 'channel/<scenarie>/<lag>/<fra>--<til>'.", "id"),
           _c("from", "from", "fra", "Id of the actor the contact starts from.", "Id på aktøren kontakten går fra.",
              "id", required=True),
           _c("to", "to", "til", "Id of the actor it goes to.", "Id på aktøren den går til.", "id", required=True),
           _c("layer", "layer", "lag", "formal or operational.", "formel eller driftsmæssig.", "word", LAYERS,
              required=True),
           _c("status", "status", "status", "open, closed, planned or unknown (the source does not tell).",
              "åben, lukket, planlagt eller ukendt (kilden siger det ikke).", "word", STATUSES, required=True),
           _c("via", "via", "via", "Ids of actors the contact passes through, separated by ';'.",
              "Id'er på aktører kontakten går igennem, adskilt af ';'.", "ids"),
           _scenario_column(),
           _c("valid_from", "valid from", "gælder fra", "When the channel begins (YYYY, YYYY-MM or YYYY-MM-DD).",
              "Hvornår kanalen begynder (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD).", "date"),
           _c("valid_to", "valid to", "gælder til", "When it ends.", "Hvornår den slutter.", "date"),
           *PROVENANCE)),
    Sheet("events", "Events", "Begivenheder",
          "Meetings, decisions and other dated steps, at the precision the source gives.",
          "Møder, beslutninger og andre daterede skridt, så præcist som kilden angiver dem.",
          (_c("id", "id", "id", "A short id, e.g. '2024-01-15-meeting'.", "Et kort id, fx '2024-01-15-moede'.", "id",
              required=True),
           _c("kind", "kind", "art", "meeting, decision or activity.", "møde, beslutning eller aktivitet.", "word",
              EVENT_KINDS, required=True),
           _c("label_da", "label (Danish)", "navn (dansk)", "What happened, in Danish.", "Hvad der skete, på dansk.",
              required=True),
           _c("label_en", "label (English)", "navn (engelsk)", "The same in English.", "Det samme på engelsk.",
              required=True),
           _c("date", "date", "dato", "When: a day (YYYY-MM-DD), or only a month (YYYY-MM) or year (YYYY) when the "
              "source gives no more. Or use from/to for a period.", "Hvornår: en dag (ÅÅÅÅ-MM-DD), eller kun en "
              "måned (ÅÅÅÅ-MM) eller et år (ÅÅÅÅ) når kilden ikke siger mere. Eller brug fra/til for en periode.",
              "date"),
           _c("from", "from", "fra", "Beginning of a period (instead of date).", "Begyndelsen af en periode (i "
              "stedet for dato).", "date"),
           _c("to", "to", "til", "End of the period.", "Slutningen af perioden.", "date"),
           _c("date_note_da", "date in the source's words (Danish)", "tidspunkt med kildens ord (dansk)",
              "E.g. 'ultimo marts 2024' when the source says no more.", "Fx 'ultimo marts 2024' når kilden ikke "
              "siger mere."),
           _c("date_note_en", "date in the source's words (English)", "tidspunkt med kildens ord (engelsk)",
              "E.g. 'late March 2024'.", "Fx 'late March 2024'."),
           _c("planned_as_of", "planned as of", "planlagt pr.", "For what had not happened yet: the date of the "
              "source that announces it.", "For det der ikke var sket endnu: datoen på kilden der varsler det.",
              "date"),
           _c("participants", "participants", "deltagere", "Ids of the actors taking part, separated by ';'.",
              "Id'er på de deltagende aktører, adskilt af ';'.", "ids"),
           _c("follows", "follows", "følger efter", "Ids of the events it follows from, separated by ';'.",
              "Id'er på de begivenheder den følger af, adskilt af ';'.", "ids"),
           _scenario_column(),
           *PROVENANCE)),
    Sheet("questions", "Open questions", "Åbne spørgsmål",
          "What the sources do not tell: write the question instead of guessing.",
          "Det kilderne ikke fortæller: skriv spørgsmålet i stedet for at gætte.",
          (_c("id", "id", "id", "A short id.", "Et kort id.", "id", required=True),
           _c("about", "about", "om", "Id of what the question is about.", "Id på det spørgsmålet handler om.", "id",
              required=True),
           _c("question_en", "question (English)", "spørgsmål (engelsk)", "The question in English.",
              "Spørgsmålet på engelsk."),
           _c("question_da", "question (Danish)", "spørgsmål (dansk)", "The question in Danish.",
              "Spørgsmålet på dansk."),
           _c("scenario", "graph", "graf", "Id of the scenario or part it is kept in. Empty: the meta graph.",
              "Id på det scenarie eller den del det gemmes i. Tom: metagrafen.", "id"))),
    Sheet("statements", "Other statements", "Øvrige udsagn",
          "Anything the other sheets have no column for, as subject - predicate - object (advanced; graf export "
          "puts here what no other sheet can hold).",
          "Alt det de andre ark ikke har en kolonne til, som subjekt - prædikat - objekt (avanceret; graf export "
          "lægger her det ingen andre ark kan rumme).",
          (_scenario_column(),
           _c("subject", "subject", "subjekt", "Id of what the statement is about ('_:name' for a blank node).",
              "Id på det udsagnet handler om ('_:navn' for en blank knude).", "id", required=True),
           _c("predicate", "predicate", "prædikat", "A property as a prefixed name (skos:altLabel) or an IRI.",
              "En egenskab som præfiksnavn (skos:altLabel) eller IRI.", "id", required=True),
           _c("object", "object", "objekt", "The value: an id, or a text.", "Værdien: et id eller en tekst.",
              required=True),
           _c("object_type", "object type", "objekttype", "id (the object names something), text (empty: text), "
              "or a datatype such as xsd:date.", "id (objektet navngiver noget), tekst (tom: tekst) eller en "
              "datatype som xsd:date.", "word", OBJECT_TYPES),
           _c("lang", "language", "sprog", "For a text: its language (da, en); empty: none.",
              "For en tekst: dens sprog (da, en); tom: intet."),
           *PROVENANCE)),
)

SHEETS_BY_KEY = {s.key: s for s in SHEETS}


@dataclass(frozen=True)
class ModelSetting:
    """A row of the Model sheet."""

    key: str
    en: str
    da: str
    help_en: str
    help_da: str

    def name(self, lang: str) -> str:
        return self.da if lang == "da" else self.en


MODEL_SETTINGS: tuple[ModelSetting, ...] = (
    ModelSetting("base", "base", "base",
                 "The IRI every id is appended to (an absolute IRI ending in / or #). Empty: "
                 "https://w3id.org/graf/id/<the file's name>/. graf import --base overrides it.",
                 "Den IRI alle id'er hæftes på (en absolut IRI der ender på / eller #). Tom: "
                 "https://w3id.org/graf/id/<filens navn>/. graf import --base går forud."),
    ModelSetting("graphs", "graph base", "graf-base",
                 "The IRI the scenario ids are appended to. Empty: like base, with /graph/ for /id/.",
                 "Den IRI scenariernes id'er hæftes på. Tom: som base, med /graph/ for /id/."),
    ModelSetting("statements", "statements", "udsagn",
                 "Where the reified statements live: an IRI prefix, or 'blank' for blank nodes. Empty: base + stmt/.",
                 "Hvor de reificerede udsagn bor: et IRI-præfiks, eller 'blank' for blanke knuder. Tom: base + stmt/."),
    ModelSetting("citations", "citations", "henvisninger",
                 "The IRI prefix of citations (a citation's IRI is it + its key). Empty: base + cite/.",
                 "IRI-præfikset for kildehenvisninger (en henvisnings IRI er det + nøglen). Tom: base + cite/."),
    ModelSetting("meta", "meta graph", "metagraf",
                 "Id of the graph that keeps the sources, citations and scenario descriptions. Empty: meta.",
                 "Id på den graf der rummer kilder, henvisninger og scenariebeskrivelser. Tom: meta."),
    ModelSetting("shared", "shared graph", "fælles graf",
                 "Id of the graph of the rows that name no scenario. Empty: base.",
                 "Id på grafen for rækker der ikke angiver et scenarie. Tom: base."),
    ModelSetting("translation", "translation citation", "oversættelseshenvisning",
                 "Key of the citation an English label without its own citation cites. Empty: translation.",
                 "Nøgle til den henvisning et engelsk navn uden egen kilde henviser til. Tom: translation."),
    ModelSetting("reasoning_lang", "language of reasoning", "begrundelsernes sprog",
                 "The language the reasoning is written in: da or en. Empty: en.",
                 "Det sprog begrundelserne er skrevet på: da eller en. Tom: en."),
    ModelSetting("sources_required", "sources required", "kilder påkrævet",
                 "yes: every fact row needs a source (outside fictional scenarios). no: allow rows without one "
                 "(a draft; graf audit still lists them). Empty: yes.",
                 "ja: hver række kræver en kilde (uden for fiktive scenarier). nej: tillad rækker uden (et udkast; "
                 "graf audit viser dem stadig). Tom: ja."),
)

MODEL_BY_KEY = {s.key: s for s in MODEL_SETTINGS}


def find_sheet(name: str) -> Sheet | None:
    """The sheet called ``name`` in either language (any case, surrounding spaces ignored)."""
    wanted = name.strip().casefold()
    for s in SHEETS:
        if wanted in (s.en.casefold(), s.da.casefold(), s.key.casefold()):
            return s
    return None


def suggest(value: str, candidates: list[str]) -> str | None:
    """The candidate closest to ``value``, if any is close."""
    folded = {c.casefold(): c for c in candidates}
    close = difflib.get_close_matches(value.strip().casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None
