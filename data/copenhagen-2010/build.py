"""Build the Copenhagen 2010 data set (the ``*.trig`` files beside this script).

Run ``python data/copenhagen-2010/build.py`` after editing; ``tests/test_copenhagen_data.py``
fails when the committed TriG files differ from what this script writes.

Every fact below is a row that names the citations it rests on. The only sources are the memo
(``data/sources/memo-2010-140582.txt``) and ``data/sources/FACTS.md`` (public documents, each
row with its address). Each triple about a real actor is reified as an ``rdf:Statement`` in the
same named graph, pointing with ``graf:citation`` to a ``graf:Citation`` in the ``meta`` graph
that carries the quoted supporting sentence, the source document and a confidence
(memo / external / derived, with the reasoning for derived ones). Where the sources are silent,
the data carries a ``graf:OpenQuestion`` instead of a guess.

Named graphs (``https://w3id.org/graf/graph/kbh/...``):
``meta``      documents, citations, scenario descriptions, open questions
``base``      actors and facts that hold in every scenario; the 2010 process as dated events
``reform``    what the new organisation adds (the fora, the entry point), shared by draft and adjusted
``asis``      the situation before the reform (as far as the sources tell it)
``draft``     the draft approved by the directors' circle on 21 Jan 2010
``adjusted``  the adjusted model of the memo of 25 Feb 2010
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS, TIME, XSD

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from graf.namespaces import GRAF, GRAFC, GRAPH, KBH  # noqa: E402

G = {name: URIRef(f"{GRAPH}kbh/{name}") for name in ("meta", "base", "reform", "asis", "draft", "adjusted")}


@dataclass(frozen=True)
class Cite:
    """A citation: the quoted supporting text and where it comes from."""

    key: str
    confidence: URIRef
    quote: str = ""
    source: str = "memo"  # "memo" or "facts"
    urls: tuple[str, ...] = ()
    reasoning: str = ""
    derived_from: tuple[str, ...] = ()
    lang: str = ""  # language of the quote; default: Danish for the memo, English for FACTS.md rows

    @property
    def quote_lang(self) -> str:
        return self.lang or ("da" if self.source == "memo" else "en")


MEMO, FACTS_DOC = KBH["doc/memo-2010-140582"], KBH["doc/facts"]

C = {}


def cite(key: str, confidence: URIRef, quote: str = "", *, source: str = "memo", urls: tuple[str, ...] = (),
         reasoning: str = "", derived_from: tuple[str, ...] = (), lang: str = "") -> None:
    C[key] = Cite(key, confidence, quote, source, urls, reasoning, derived_from, lang)


# --- citations from the memo (quoted verbatim; whitespace may differ) -------------------------------
cite("memo-header", GRAFC.memo, "25-02-2010 Mødet den 4. marts 2010 Sagsnr. 2009-116302")
cite("memo-docno", GRAFC.memo, "Dokumentnr. 2010-140582")
cite("memo-title", GRAFC.memo, "Orienteringsnotat til udvalgene om forslag til ny organisering af samarbejdet "
     "med de almene boligorganisationer og mulighederne for at indgå en politisk aftale med de almene "
     "boligorganisationer")
cite("memo-author", GRAFC.memo, "Center for Bydesign Islands Brygge 37, 6.sal")
cite("memo-approval", GRAFC.memo, "På 7 direktørmødet møde den 21. januar 2010 godkendte kredsen et udkast fra "
     "TMF til en ny organisering af det tværkommunale samarbejde med de almene boligorganisationer og "
     "udviklingen af de områdebaserede indsatsler.")
cite("memo-information", GRAFC.memo, "Det blev i den forbindelse besluttet, at der - begyndende i 7 "
     "direktørkredsen - skulle være en oplysningsindsats vedrørende det nye set-up, hvorefter det skal "
     "præsenteres for fagudvalgene.")
cite("memo-criteria", GRAFC.memo, "Tillige var der enighed om, at der i relation til den nye model skal "
     "formuleres nogle klare succeskriterier, som gør det muligt at evaluere indsatsen.")
cite("memo-administrations", GRAFC.memo, "Forvaltningerne har i forlængelse heraf udarbejdet et udkast til et "
     "fælles orienteringsnotat til fagudvalgene")
cite("memo-briefing", GRAFC.memo, "Godkendes det fælles orienteringsnotat, sendes det til fagudvalgene, som "
     "tillige i forbindelse med udvalgmøderne ultimo marts tilbydes en kort orientering om modellen.")
cite("memo-committees", GRAFC.memo, "Den kommende fællesindstilling forventes behandlet i fagudvalgene i april "
     "- juni og i BR inden sommerferien.")
cite("memo-local", GRAFC.memo, "Lokaludvalgene vil tillige blive orienteret om forslaget til en ny "
     "organisering på et møde den 25. marts.")
cite("memo-chairs", GRAFC.memo, "at Borgmesterforum og Partnerskabsforum etableres med et formandskab "
     "bestående af overborgmesteren og Teknik- og Miljøborgmesteren.")
cite("memo-adjustment", GRAFC.memo, "I forhold til det, der tidligere er blevet forelagt direktørkredsen, "
     "foreslås det, på baggrund af drøftelser med Økonomiforvaltningen og Socialforvaltningen")
cite("memo-delegation", GRAFC.memo, "Dette imødekommer overborgmesterens ønske om muligheden for at vælge at "
     "deltage i formandskabet eller overlade dette til TMF-borgmesteren.")
cite("memo-meeting", GRAFC.memo, "De store almene boligorganisationer og BL's 1. kreds er på et fælles møde for "
     "Samarbejdsorganet og Kontaktudvalget den 22. februar blevet præsenteret for forslaget til ny organisering.")
cite("memo-entry", GRAFC.memo, "De tilkendegav på mødet tilfredshed med den nye organisering, som imødekommer "
     "ønsket om én indgang til kommunen")
cite("memo-direct", GRAFC.memo, "men understregede samtidigt, at den nye struktur ikke må hindre den direkte "
     "og løbende kontakt mellem forvaltningerne og boligorganisationerne.")

# --- citations from FACTS.md (public documents; quoted as FACTS.md records them) ---------------------
KK_STYRE = "https://lokaludvalg.kk.dk/artikel/byens-styre"
cite("B1", GRAFC.external, "Under BR sit one Økonomiudvalg and 6 stående udvalg. The chairs of the standing "
     "committees have the title borgmester. The overborgmester chairs BR and Økonomiudvalget. Overborgmester "
     "and borgmestre are members of ØU by right (\"fødte medlemmer\") and each leads the forvaltning serving "
     "their committee", source="facts",
     urls=(KK_STYRE, "https://www.kk.dk/politik/borgmestre/om-borgmestre"))
cite("B2", GRAFC.external, "Økonomiudvalget; Kultur- og Fritidsudvalget; Børne- og Ungdomsudvalget; Sundheds- og "
     "Omsorgsudvalget; Socialudvalget; Teknik- og Miljøudvalget; Beskæftigelses- og Integrationsudvalget",
     source="facts", lang="da",
     urls=("https://docslib.org/doc/11033798/regnskab-2009-udvalgsregnskaber-og-obligatoriske-oversigter",))
cite("B3", GRAFC.external, "Økonomiforvaltningen; Teknik- og Miljøforvaltningen; Socialforvaltningen; Børne- og "
     "Ungdomsforvaltningen; Sundheds- og Omsorgsforvaltningen; Kultur- og Fritidsforvaltningen; "
     "Beskæftigelses- og Integrationsforvaltningen", source="facts", lang="da",
     urls=("https://kk.dk/dagsordener-og-referater/Besk%C3%A6ftigelses-%20og%20Integrationsudvalget/"
           "m%C3%B8de-22052017/referat/punkt-5",))
cite("B4", GRAFC.external, "Abbreviations ØKF, TMF, SOF, BUF, SUF", source="facts",
     urls=("http://docplayer.dk/12556800-Hoeringssvar-fra-lokaludvalgene.html",),
     reasoning="Seen in use in Copenhagen documents, not in one authoritative list (FACTS.md confidence M).")
cite("B9", GRAFC.external, "Overborgmester (chair of ØU, head of ØKF), early 2010 | Frank Jensen (S), from 1 Jan 2010",
     source="facts", urls=("https://itsworldcongress.com/programme/speaker-focus/frank-jensen/",))
cite("B10", GRAFC.external, "Teknik- og miljøborgmester (chair of TMU, head of TMF), early 2010 | Bo Asmus Kjeldgaard (SF). He resigned in May 2011", source="facts",
     urls=("https://jyllands-posten.dk/indland/ECE4532190/",),
     reasoning="FACTS.md B10: teknik- og miljøborgmester since January 2010; resigned in May 2011.")
cite("B12", GRAFC.external, "Børne- og ungdomsborgmester (BUU/BUF), 2010 | Anne Vang (S): re-elected in 2009 "
     "\"og har siden fungeret som … borgmester for Børne- og Ungdomsforvaltningen\"",
     source="facts", urls=("https://www2.dknyt.dk/artikel/anne-vang-stopper-som-borgmester",))
cite("B13", GRAFC.external, "Kultur- og fritidsborgmester (KFU/KFF), 2010 | Pia Allerslev (V), KFF mayor 2008–2013", source="facts",
     urls=("https://www.bt.dk/politik/tidligere-koebenhavn-borgmester-bliver-politisk-kommentator",))
cite("B14", GRAFC.external, "Socialborgmester (SUD/SOF), 2010 | Mikkel Warming (Ø): socialborgmester in 2009; "
     "\"borgmester i otte år\" (i.e. 2006–2013)", source="facts",
     urls=("https://www.urbanplanen.com/single-post/2017/02/22/warming-tjekker-ud-af-planen",),
     reasoning="FACTS.md confidence M–H.")
cite("B15", GRAFC.derived, "Sundheds- og omsorgsborgmester (SOU/SUF), 2010 | Ninna Thomsen (SF): \"efter otte år "
     "som sundheds- og omsorgsborgmester\" (counted back from end-2017, i.e. 2010–2017)", source="facts", urls=("http://bha.dk/2017/12/borgmesterkabalen-paa-plads/",),
     reasoning="The tenure 2010–2017 is counted back from an eight-year duration reported in 2017.")
cite("B16", GRAFC.derived, "Beskæftigelses- og integrationsborgmester (BIU/BIF), 2010 | Klaus Bondam (R): inferred, "
     "no single source states it.", source="facts",
     urls=("https://kbhpolitik.blogspot.com/2009/12/bondam-udnyttede-borgerlig-splittelse.html",
           "https://www.bondam.dk/flx/v6/english_cv/"),
     reasoning="No source states that Klaus Bondam led BIF in 2010. He became mayor again in the 2009 "
               "constitution deal, was forecast for BIF, his CV says 'Mayor 2006-2010', and Anna Mee Allerslev "
               "was BIF mayor from the start of 2011 (FACTS.md B16, confidence M-L).")
cite("B19", GRAFC.external, "Teknik- og Miljøforvaltningen, Støttet Byggeri … Center for Bydesign", source="facts",
     urls=("https://lawinsider.com/da/contracts/hzLdGxbtavT",))
cite("B19-en", GRAFC.external, "TMF's English publications call it the \"Urban Design Department\"",
     source="facts", urls=("https://docslib.org/doc/4033225/integrated-urban-renewal",))
cite("C1", GRAFC.external, "Hovedaftale mellem Boligselskabernes Landsforenings 1. kreds og Københavns Kommune "
     "for perioden 2011-2014", source="facts", lang="da", urls=("https://lawinsider.com/da/contracts/hzLdGxbtavT",))
cite("C1-meta", GRAFC.external, "dated 24-09-2010; sagsnr. 2010-134295; dokumentnr. 2010-619375", source="facts",
     urls=("https://lawinsider.com/da/contracts/hzLdGxbtavT",))
cite("C2", GRAFC.external, "\"Boligselskabernes Landsforening\" (BL), as in the Hovedaftale title", source="facts",
     urls=("https://lawinsider.com/da/contracts/hzLdGxbtavT",))
cite("D1", GRAFC.external, "Interest and trade organisation of the almene boligorganisationer", source="facts",
     urls=("https://bl.dk/om-bl/organisation/bls-opbygning-og-organisering/",))
cite("D2", GRAFC.external, "Covers **København and Frederiksberg** municipalities".replace("**", ""),
     source="facts",
     urls=("https://fagbladetboligen.dk/alle-nyheder/2024/april/vi-skal-kaempe-for-mange-flere-almene-boliger-"
           "i-hovedstaden/",))
cite("D4", GRAFC.external, "A **forretningsførerorganisation** (administration), founded 26 May 1920. It owns no "
     "homes".replace("**", ""), source="facts",
     urls=("https://www.kab-bolig.dk/om-kab/kab-faellesskabet/kab-100-aar/100-aars-indsats-for-gode-billige-boliger",))
cite("D6", GRAFC.external, "A boligorganisation (\"Boligselskabet AKB, København\") administered by KAB",
     source="facts", urls=("https://www.kab-bolig.dk/boligsoegende/venteliste-og-ventetid",))
cite("D7", GRAFC.external, "Administered by KAB; \"53 boligafdelinger primært i København\"", source="facts",
     urls=("http://docplayer.dk/1545127-Under-samme-tag-eksempelafdelinger-og-problemomraader.html",),
     reasoning="Undated source (FACTS.md confidence M).")
cite("D8", GRAFC.external, "Has **its own administration**; owns about half of Tingbjerg; \"har sine rødder i "
     "København\"".replace("**", ""), source="facts",
     urls=("https://www.fsb.dk/om-fsb/udgivelser/%C3%A5rsberetninger/%C3%A5rsberetning-2017/"
           "nybyggeri-og-byudvikling/",))
cite("D9", GRAFC.external, "\"knap 20.000 almene boliger fordelt på 110 afdelinger i København og omegn\"",
     source="facts", lang="da", urls=("https://aab.dk/om-aab/hvad-er-aab/",))
cite("D10", GRAFC.external, "Merged into **Boligforeningen 3B** on 1 Jan 2008".replace("**", ""), source="facts",
     urls=("https://www.3b.dk/om-3b/hvem-er-3b/historien-bag-3b",))
cite("E1", GRAFC.external, "Christianshavn** (official \"Christianshavns Lokaludvalg\"), **Indre By, Kongens "
     "Enghave** (\"Kgs. Enghave Lokaludvalg\")".replace("**", ""), source="facts",
     urls=("http://docplayer.dk/12556800-Hoeringssvar-fra-lokaludvalgene.html",
           "https://amagervestlokaludvalg.kk.dk/om-os/lokaludvalgets-rolle-i-koebenhavn"),
     reasoning="FACTS.md E1 lists all 12 lokaludvalg as senders of hearing replies (c. Jan 2011).")
cite("E3", GRAFC.external, "Organisationally under Økonomiforvaltningen", source="facts", urls=(KK_STYRE,),
     reasoning="From a current page; FACTS.md E3 (confidence H, current).")
cite("F1", GRAFC.external, "**98** from 1 Jan 2007".replace("**", ""), source="facts",
     urls=("https://www.avisen.dk/fakta-om-kommunalreformen_87294.aspx",))

# --- derived citations (reasoning over the ones above) -------------------------------------------
cite("translation", GRAFC.derived, reasoning="English label rendered by graf from the Danish name (whose own "
     "statement carries its source); the sources give no official English name.")
cite("oversight", GRAFC.derived, derived_from=("B1", "B2", "B3"),
     reasoning="Each mayor leads the administration that serves their committee (B1); committees (B2) and "
               "administrations (B3) are matched by name.")
cite("mayor-posts", GRAFC.derived, derived_from=("B1",),
     reasoning="The chairs of the standing committees have the title of mayor and each leads the administration "
               "serving their committee; the lord mayor leads the Finance Administration (B1).")
cite("asis-direct", GRAFC.derived, "den direkte og løbende kontakt mellem forvaltningerne og boligorganisationerne",
     derived_from=("memo-direct",),
     reasoning="The memo speaks of the direct and ongoing contact between the administrations and the housing "
               "organisations as existing. It does not say which administration deals with which organisation, "
               "so graf records one open operational channel between each administration and each housing "
               "organisation named in FACTS.md.")
cite("adjusted-direct", GRAFC.derived, "den nye struktur ikke må hindre den direkte og løbende kontakt mellem "
     "forvaltningerne og boligorganisationerne", derived_from=("memo-direct", "asis-direct"),
     reasoning="The housing organisations made it a condition that the new structure must not hinder the direct "
               "contact, and the memo passes this on for the adjusted model. The memo does not state the model's "
               "channels; graf's adjusted model keeps every direct channel of the earlier situation open.")
cite("draft-direct-unknown", GRAFC.derived, "understregede samtidigt, at den nye struktur ikke må hindre den direkte "
     "og løbende kontakt", derived_from=("memo-direct",),
     reasoning="The draft of 21 Jan 2010 is not in the sources. Whether it kept the direct channels is unknown; "
               "the status of each is recorded as unknown.")
cite("entry-point", GRAFC.derived, "som imødekommer ønsket om én indgang til kommunen", derived_from=("memo-entry",),
     reasoning="The housing side welcomed the new organisation because it meets the wish for one entry point to "
               "the municipality. The memo does not say what the entry point concretely is; graf models it as "
               "one node realised by the two new fora, Borgmesterforum and Partnerskabsforum.")
cite("entry-formal", GRAFC.derived, "én indgang til kommunen", derived_from=("memo-entry",),
     reasoning="With one entry point, the formal contact of each housing organisation and of BL's 1. kreds goes "
               "to it, and from it to the administrations. The memo does not describe the formal channels.")
cite("reform-fora", GRAFC.derived, "Borgmesterforum og Partnerskabsforum etableres", derived_from=("memo-chairs",),
     reasoning="The adjustment concerns how the two fora are chaired; that they were part of the draft already "
               "is inferred from the phrase 'in relation to what was presented earlier'.")
cite("chair-2010-holders", GRAFC.derived, derived_from=("memo-chairs", "B9", "B10"),
     reasoning="FACTS.md B18: combining the chairmanship of the memo with the holders of the two posts in 2010.")
cite("local-labels", GRAFC.derived, derived_from=("E1",),
     reasoning="FACTS.md E1 gives the 12 district names and two official committee names of the form "
               "'<district> Lokaludvalg'; the other labels follow that form.")


def is_url(s: str) -> bool:
    return s.startswith("http://") or s.startswith("https://")


class Builder:
    """Collects quads and reifies each fact with its citations."""

    def __init__(self) -> None:
        self.ds = Dataset()
        for prefix, ns in (("graf", GRAF._NS), ("grafc", GRAFC._NS), ("kbh", KBH), ("org", ORG),
                           ("skos", SKOS), ("prov", PROV), ("dct", DCTERMS), ("foaf", FOAF), ("time", TIME)):
            self.ds.bind(prefix, ns)
        self.graph = G["base"]

    def raw(self, s, p, o, graph: URIRef | None = None) -> None:
        self.ds.graph(graph or self.graph).add((s, p, o))

    def fact(self, s, p, o, *cites: str, graph: URIRef | None = None) -> None:
        if not cites:
            raise ValueError(f"fact without citation: {s} {p} {o}")
        g = graph or self.graph
        self.raw(s, p, o, g)
        digest = hashlib.sha1(f"{g}|{s}|{p}|{o}|{getattr(o, 'language', '')}".encode()).hexdigest()[:16]
        st = KBH[f"stmt/{digest}"]
        self.raw(st, RDF.type, RDF.Statement, g)
        self.raw(st, RDF.subject, s, g)
        self.raw(st, RDF.predicate, p, g)
        self.raw(st, RDF.object, o, g)
        for key in cites:
            if key not in C:
                raise KeyError(f"unknown citation {key}")
            self.raw(st, GRAF.citation, KBH[f"cite/{key}"], g)

    def labels(self, s, da: str, en: str, da_cite: str, en_cites: tuple[str, ...] | None = None) -> None:
        self.fact(s, SKOS.prefLabel, Literal(da, lang="da"), da_cite)
        self.fact(s, SKOS.prefLabel, Literal(en, lang="en"), *(en_cites or ("translation",)))

    def actor(self, s, cls, da: str, en: str, cite_key: str, en_cites: tuple[str, ...] | None = None) -> URIRef:
        self.fact(s, RDF.type, cls, cite_key)
        self.labels(s, da, en, cite_key, en_cites)
        return s

    def interval(self, s, begin=None, end=None, *cites: str, via: URIRef = TIME.hasTime) -> URIRef:
        iv = URIRef(f"{s}/interval")
        self.fact(s, via, iv, *cites)
        self.fact(iv, RDF.type, TIME.Interval, *cites)
        for prop, value in ((TIME.hasBeginning, begin), (TIME.hasEnd, end)):
            if value is None:
                continue
            inst = URIRef(f"{iv}/{'begin' if prop == TIME.hasBeginning else 'end'}")
            self.fact(iv, prop, inst, *cites)
            self.fact(inst, RDF.type, TIME.Instant, *cites)
            dt = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
            target = {XSD.date: TIME.inXSDDate, XSD.gYearMonth: TIME.inXSDgYearMonth, XSD.gYear: TIME.inXSDgYear}[dt]
            self.fact(inst, target, Literal(value, datatype=dt), *cites)
        return iv


def write_meta(b: Builder) -> None:
    g = b.graph = G["meta"]
    memo = MEMO
    for p, o, key in ((RDF.type, GRAF.Document, "memo-docno"), (DCTERMS.identifier, Literal("2010-140582"), "memo-docno"),
                      (GRAF.caseNumber, Literal("2009-116302"), "memo-header"),
                      (DCTERMS.date, Literal("2010-02-25", datatype=XSD.date), "memo-header"),
                      (DCTERMS.language, Literal("da"), "memo-title"),
                      (DCTERMS.creator, KBH["center-for-bydesign"], "memo-author")):
        b.fact(memo, p, o, key, graph=g)
    b.fact(memo, DCTERMS.title, Literal(C["memo-title"].quote, lang="da"), "memo-title", graph=g)
    b.fact(memo, SKOS.prefLabel, Literal("Notat 2010-140582 (25. februar 2010)", lang="da"), "memo-docno", graph=g)
    b.fact(memo, SKOS.prefLabel, Literal("Memo 2010-140582 (25 February 2010)", lang="en"), "translation", graph=g)
    b.raw(memo, DCTERMS.source, Literal("data/sources/memo-2010-140582.txt"), g)
    b.raw(FACTS_DOC, RDF.type, GRAF.Document, g)
    b.raw(FACTS_DOC, SKOS.prefLabel, Literal("Faktaark med kilder (FACTS.md)", lang="da"), g)
    b.raw(FACTS_DOC, SKOS.prefLabel, Literal("Facts with their sources (FACTS.md)", lang="en"), g)
    b.raw(FACTS_DOC, DCTERMS.source, Literal("data/sources/FACTS.md"), g)
    b.raw(FACTS_DOC, DCTERMS.description, Literal(
        "Facts about the Copenhagen model compiled from public documents, each row with its address, "
        "its origin (MEMO / EXT / DERIVED) and a confidence.", lang="en"), g)

    hovedaftale = KBH["doc/hovedaftale-2011-2014"]
    b.fact(hovedaftale, RDF.type, GRAF.Document, "C1", graph=g)
    b.fact(hovedaftale, DCTERMS.title, Literal(C["C1"].quote, lang="da"), "C1", graph=g)
    b.labels(hovedaftale, "Hovedaftale 2011-2014", "Main agreement 2011-2014", "C1")
    b.fact(hovedaftale, DCTERMS.identifier, Literal("2010-619375"), "C1-meta", graph=g)
    b.fact(hovedaftale, GRAF.caseNumber, Literal("2010-134295"), "C1-meta", graph=g)
    b.fact(hovedaftale, DCTERMS.date, Literal("2010-09-24", datatype=XSD.date), "C1-meta", graph=g)

    for c in C.values():
        node = KBH[f"cite/{c.key}"]
        b.raw(node, RDF.type, GRAF.Citation, g)
        b.raw(node, SKOS.notation, Literal(c.key), g)
        b.raw(node, GRAF.confidence, c.confidence, g)
        if c.quote:
            b.raw(node, GRAF.quote, Literal(c.quote, lang=c.quote_lang), g)
            b.raw(node, PROV.wasQuotedFrom, memo if c.source == "memo" else FACTS_DOC, g)
        for url in c.urls:
            b.raw(node, DCTERMS.source, URIRef(url), g)
        if c.reasoning:
            b.raw(node, GRAF.reasoning, Literal(c.reasoning, lang="en"), g)
        for other in c.derived_from:
            b.raw(node, PROV.wasDerivedFrom, KBH[f"cite/{other}"], g)

    scenarios = {
        "asis": ("Situationen før reformen", "Situation before the reform",
                 "Det, kilderne fortæller om situationen før den nye organisering: den direkte kontakt mellem "
                 "forvaltninger og boligorganisationer. Kilderne beskriver ingen fælles indgang; boligsidens ønske "
                 "om én indgang tyder på, at der ikke var nogen.",
                 "What the sources tell of the situation before the new organisation: the direct contacts "
                 "between administrations and housing organisations. The sources describe no single entry point; "
                 "the housing side's wish for one suggests there was none."),
        "draft": ("Udkast godkendt 21. januar 2010", "Draft approved on 21 January 2010",
                  "TMF's udkast, godkendt af direktørkredsen. Teksten findes ikke i kilderne: formandskabet og de "
                  "direkte kanalers status er ukendt.",
                  "The TMF draft approved by the directors' circle. Its text is not in the sources: the chairmanship "
                  "and the status of the direct channels are unknown."),
        "adjusted": ("Justeret model (notat 25. februar 2010)", "Adjusted model (memo of 25 February 2010)",
                     "Modellen som justeret i notatet: fora med formandskab af overborgmesteren og teknik- og "
                     "miljøborgmesteren, én indgang, og de direkte kanaler holdt åbne.",
                     "The model as adjusted in the memo: the fora chaired by the lord mayor and the Technical and "
                     "Environment mayor, one entry point, and the direct channels kept open."),
    }
    for name, (da, en, desc_da, desc_en) in scenarios.items():
        graph = G[name]
        b.raw(graph, RDF.type, GRAF.OrganisationModel, g)
        b.raw(graph, GRAF.scenarioName, Literal(name), g)
        b.raw(graph, SKOS.prefLabel, Literal(da, lang="da"), g)
        b.raw(graph, SKOS.prefLabel, Literal(en, lang="en"), g)
        b.raw(graph, DCTERMS.description, Literal(desc_da, lang="da"), g)
        b.raw(graph, DCTERMS.description, Literal(desc_en, lang="en"), g)
        b.raw(graph, PROV.wasDerivedFrom, memo, g)
        b.raw(graph, GRAF.extendsGraph, G["base"], g)
        if name != "asis":
            b.raw(graph, GRAF.extendsGraph, G["reform"], g)
            b.raw(graph, GRAF.precededBy, G["asis"], g)
    b.raw(G["adjusted"], PROV.wasRevisionOf, G["draft"], g)
    b.raw(G["draft"], PROV.wasGeneratedBy, KBH["event/2010-01-21-approval"], g)
    b.raw(G["base"], GRAF.extendsGraph, G["meta"], g)
    b.raw(G["reform"], GRAF.extendsGraph, G["base"], g)

    questions = [
        ("entry-point", KBH["entry-point"], "What concretely is the single entry point: a unit, a secretariat, or "
         "the fora? The memo does not say."),
        ("attendance-2010-02-22", KBH["event/2010-02-22-joint-meeting"], "Which housing organisations attended the "
         "joint meeting of 22 February 2010? The memo says only 'de store almene boligorganisationer'."),
        ("draft-chairs", G["draft"], "Who chaired Borgmesterforum and Partnerskabsforum in the draft of 21 January "
         "2010? The memo says only that the chairmanship was adjusted."),
        ("forum-members", KBH["samarbejdsorganet"], "Who are the members of Samarbejdsorganet and Kontaktudvalget? "
         "They are known only from the memo."),
        ("success-criteria", KBH["event/2010-01-21-approval"], "Which success criteria were formulated? The memo "
         "says only that clear criteria must be formulated."),
        ("asis-formal", G["asis"], "How did the housing organisations reach the municipality formally before the "
         "reform? The sources do not describe it."),
        ("br-decision", KBH["event/2010-br"], "Did the city council decide on the new organisation before the "
         "summer of 2010? No record was found (FACTS.md C13)."),
    ]
    for key, about, text in questions:
        q = KBH[f"question/{key}"]
        b.raw(q, RDF.type, GRAF.OpenQuestion, g)
        b.raw(q, GRAF.question, Literal(text, lang="en"), g)
        b.raw(q, GRAF.about, about, g)


ADMINISTRATIONS = [
    # slug, Danish name, English name, abbreviation (where FACTS.md B4 or the memo attests it), committee
    ("oekonomiforvaltningen", "Økonomiforvaltningen", "Finance Administration", "ØKF",
     ("oekonomiudvalget", "Økonomiudvalget", "Finance Committee"),
     ("overborgmester", "Overborgmester", "Lord Mayor")),
    ("teknik-og-miljoeforvaltningen", "Teknik- og Miljøforvaltningen", "Technical and Environmental Administration",
     "TMF", ("teknik-og-miljoeudvalget", "Teknik- og Miljøudvalget", "Technical and Environmental Committee"),
     ("teknik-og-miljoeborgmester", "Teknik- og miljøborgmester", "Mayor for Technical and Environmental Affairs")),
    ("socialforvaltningen", "Socialforvaltningen", "Social Services Administration", "SOF",
     ("socialudvalget", "Socialudvalget", "Social Services Committee"),
     ("socialborgmester", "Socialborgmester", "Mayor for Social Services")),
    ("boerne-og-ungdomsforvaltningen", "Børne- og Ungdomsforvaltningen", "Children and Youth Administration", "BUF",
     ("boerne-og-ungdomsudvalget", "Børne- og Ungdomsudvalget", "Children and Youth Committee"),
     ("boerne-og-ungdomsborgmester", "Børne- og ungdomsborgmester", "Mayor for Children and Youth")),
    ("sundheds-og-omsorgsforvaltningen", "Sundheds- og Omsorgsforvaltningen", "Health and Care Administration", "SUF",
     ("sundheds-og-omsorgsudvalget", "Sundheds- og Omsorgsudvalget", "Health and Care Committee"),
     ("sundheds-og-omsorgsborgmester", "Sundheds- og omsorgsborgmester", "Mayor for Health and Care")),
    ("kultur-og-fritidsforvaltningen", "Kultur- og Fritidsforvaltningen", "Culture and Leisure Administration", None,
     ("kultur-og-fritidsudvalget", "Kultur- og Fritidsudvalget", "Culture and Leisure Committee"),
     ("kultur-og-fritidsborgmester", "Kultur- og fritidsborgmester", "Mayor for Culture and Leisure")),
    ("beskaeftigelses-og-integrationsforvaltningen", "Beskæftigelses- og Integrationsforvaltningen",
     "Employment and Integration Administration", None,
     ("beskaeftigelses-og-integrationsudvalget", "Beskæftigelses- og Integrationsudvalget",
      "Employment and Integration Committee"),
     ("beskaeftigelses-og-integrationsborgmester", "Beskæftigelses- og integrationsborgmester",
      "Mayor for Employment and Integration")),
]

# person slug, name, post slug, begin, end, citation
HOLDERS = [
    ("frank-jensen", "Frank Jensen", "overborgmester", "2010-01-01", None, "B9"),
    ("bo-asmus-kjeldgaard", "Bo Asmus Kjeldgaard", "teknik-og-miljoeborgmester", "2010-01", "2011-05", "B10"),
    ("anne-vang", "Anne Vang", "boerne-og-ungdomsborgmester", None, None, "B12"),
    ("pia-allerslev", "Pia Allerslev", "kultur-og-fritidsborgmester", "2008", "2013", "B13"),
    ("mikkel-warming", "Mikkel Warming", "socialborgmester", "2006", "2013", "B14"),
    ("ninna-thomsen", "Ninna Thomsen", "sundheds-og-omsorgsborgmester", "2010", "2017", "B15"),
    ("klaus-bondam", "Klaus Bondam", "beskaeftigelses-og-integrationsborgmester", "2010", "2010", "B16"),
]

LOCAL_COMMITTEES = [
    ("amager-vest", "Amager Vest"), ("amager-oest", "Amager Øst"), ("bispebjerg", "Bispebjerg"),
    ("broenshoej-husum", "Brønshøj-Husum"), ("christianshavn", "Christianshavns"), ("indre-by", "Indre By"),
    ("kongens-enghave", "Kgs. Enghave"), ("noerrebro", "Nørrebro"), ("valby", "Valby"), ("vanloese", "Vanløse"),
    ("vesterbro", "Vesterbro"), ("oesterbro", "Østerbro"),
]

HOUSING = [
    # slug, Danish/English name (a proper name: the same in both languages), citation, administered by KAB?
    ("akb-koebenhavn", "Boligselskabet AKB, København", "D6", True),
    ("sab", "SAB – Samvirkende Boligselskaber", "D7", True),
    ("fsb", "fsb", "D8", False),
    ("aab", "Arbejdernes Andels Boligforening (AAB)", "D9", False),
    ("3b", "Boligforeningen 3B", "D10", False),
]


def write_base(b: Builder) -> None:
    b.graph = G["base"]
    kk = b.actor(KBH["koebenhavns-kommune"], GRAF.Municipality, "Københavns Kommune", "City of Copenhagen", "B1")
    br = b.actor(KBH["borgerrepraesentationen"], GRAF.CityCouncil, "Borgerrepræsentationen",
                 "City Council (Borgerrepræsentationen)", "B1")
    b.fact(br, ORG.unitOf, kk, "B1")
    b.fact(br, SKOS.altLabel, Literal("BR", lang="da"), "memo-committees")
    board = b.actor(KBH["direktoerkredsen"], GRAF.ManagementBoard, "7-direktørkredsen",
                    "Circle of the seven administrative directors", "memo-approval")
    b.fact(board, ORG.unitOf, kk, "memo-approval")

    for slug, da, en, abbr, (cslug, cda, cen), (pslug, pda, pen) in ADMINISTRATIONS:
        adm = b.actor(KBH[slug], GRAF.Administration, da, en, "B3")
        b.fact(adm, ORG.unitOf, kk, "B3")
        if abbr:
            b.fact(adm, SKOS.altLabel, Literal(abbr, lang="da"), "memo-approval" if abbr == "TMF" else "B4")
        ccls = GRAF.FinanceCommittee if cslug == "oekonomiudvalget" else GRAF.StandingCommittee
        com = b.actor(KBH[cslug], ccls, cda, cen, "B2")
        b.fact(com, ORG.unitOf, kk, "B1")
        b.fact(com, GRAF.oversees, adm, "oversight")
        post = KBH[f"post/{pslug}"]
        pcls = GRAF.LordMayorPost if pslug == "overborgmester" else GRAF.MayorPost
        b.actor(post, pcls, pda, pen, "B1" if pslug == "overborgmester" else "mayor-posts")
        b.fact(post, ORG.postIn, adm, "mayor-posts")
        b.fact(post, ORG.role, GRAFC.mayor, "mayor-posts")
        if pslug == "overborgmester":
            b.fact(post, ORG.role, GRAFC.lord_mayor, "B1")

    cbd = b.actor(KBH["center-for-bydesign"], GRAF.AdministrativeCentre, "Center for Bydesign",
                  "Urban Design Department", "B19", ("B19-en",))
    b.fact(cbd, ORG.subOrganizationOf, KBH["teknik-og-miljoeforvaltningen"], "B19")

    for slug, name, post, begin, end, key in HOLDERS:
        person = b.actor(KBH[f"person/{slug}"], FOAF.Person, name, name, key, (key,))
        b.fact(person, FOAF.name, Literal(name), key)
        postnode = KBH[f"post/{post}"]
        b.fact(postnode, ORG.heldBy, person, key)
        tenure = KBH[f"tenure/{slug}"]
        b.fact(tenure, RDF.type, ORG.Membership, key)
        b.fact(tenure, ORG.member, person, key)
        b.fact(tenure, GRAF.postHeld, postnode, key)
        b.fact(tenure, ORG.role, GRAFC.mayor, key)
        b.interval(tenure, begin, end, key, via=ORG.memberDuring)

    for slug, name in LOCAL_COMMITTEES:
        lu = b.actor(KBH[f"lokaludvalg/{slug}"], GRAF.LocalCommittee, f"{name} Lokaludvalg",
                     f"{name.removesuffix('s') if slug == 'christianshavn' else name} Local Committee",
                     "local-labels", ("translation",))
        b.fact(lu, ORG.subOrganizationOf, KBH["oekonomiforvaltningen"], "E3")

    bl = b.actor(KBH["bl"], GRAF.InterestOrganisation, "Boligselskabernes Landsforening (BL)",
                 "Boligselskabernes Landsforening (BL)", "C2", ("C2", "D1"))
    b.fact(bl, SKOS.altLabel, Literal("BL", lang="da"), "memo-meeting")
    bl1 = b.actor(KBH["bl-1-kreds"], GRAF.InterestOrganisationDistrict, "BL's 1. kreds", "BL's 1st district",
                  "memo-meeting")
    b.fact(bl1, GRAF.districtOf, bl, "memo-meeting", "D2")
    kab = b.actor(KBH["kab"], GRAF.AdministrationCompany, "KAB", "KAB", "D4", ("D4",))
    for slug, name, key, by_kab in HOUSING:
        ho = b.actor(KBH[slug], GRAF.HousingOrganisation, name, name, key, (key,))
        if by_kab:
            b.fact(kab, GRAF.administers, ho, key)

    for slug, da, en in (("samarbejdsorganet", "Samarbejdsorganet", "The Cooperation Body"),
                         ("kontaktudvalget", "Kontaktudvalget", "The Contact Committee")):
        b.actor(KBH[slug], GRAF.Forum, da, en, "memo-meeting")

    initiatives = b.actor(KBH["omraadebaserede-indsatser"], GRAF.AreaBasedInitiative,
                          "De områdebaserede indsatser", "The area-based initiatives", "memo-approval")
    write_events(b, board, initiatives)


PLANNED = Literal("2010-02-25", datatype=XSD.date)  # the memo's date: what it announces had not happened yet


def write_events(b: Builder, board: URIRef, initiatives: URIRef) -> None:
    ev = {k: KBH[f"event/{k}"] for k in ("2010-01-21-approval", "2010-02-22-joint-meeting", "2010-02-25-memo",
                                        "2010-03-04-directors", "2010-03-briefings", "2010-03-25-local",
                                        "2010-committees", "2010-br")}
    e = ev["2010-01-21-approval"]
    b.actor(e, GRAF.Decision, "Direktørkredsen godkender TMF's udkast", "Directors' circle approves the TMF draft",
            "memo-approval")
    b.fact(e, DCTERMS.date, Literal("2010-01-21", datatype=XSD.date), "memo-approval")
    b.fact(e, PROV.wasAssociatedWith, board, "memo-approval")
    b.fact(e, GRAF.concerns, initiatives, "memo-approval")

    e = ev["2010-02-22-joint-meeting"]
    b.actor(e, GRAF.Meeting, "Fælles møde for Samarbejdsorganet og Kontaktudvalget",
            "Joint meeting of Samarbejdsorganet and Kontaktudvalget", "memo-meeting")
    b.fact(e, DCTERMS.date, Literal("2010-02-22", datatype=XSD.date), "memo-meeting")
    for who in ("samarbejdsorganet", "kontaktudvalget", "bl-1-kreds"):
        b.fact(e, PROV.wasAssociatedWith, KBH[who], "memo-meeting")
    b.fact(e, PROV.wasInformedBy, ev["2010-01-21-approval"], "memo-meeting")

    e = ev["2010-02-25-memo"]
    b.actor(e, PROV.Activity, "Orienteringsnotat til direktørerne", "Briefing memo to the directors", "memo-header")
    b.fact(e, DCTERMS.date, Literal("2010-02-25", datatype=XSD.date), "memo-header")
    b.fact(e, PROV.generated, MEMO, "memo-header")
    b.fact(e, PROV.wasAssociatedWith, KBH["center-for-bydesign"], "memo-author")
    b.fact(e, PROV.wasInformedBy, ev["2010-02-22-joint-meeting"], "memo-meeting")

    e = ev["2010-03-04-directors"]
    b.fact(e, GRAF.plannedAsOf, PLANNED, "memo-header")
    b.actor(e, GRAF.Meeting, "Direktørmøde", "Directors' meeting", "memo-header")
    b.fact(e, DCTERMS.date, Literal("2010-03-04", datatype=XSD.date), "memo-header")
    b.fact(e, PROV.wasAssociatedWith, board, "memo-header")
    b.fact(e, PROV.used, MEMO, "memo-header")
    b.fact(e, PROV.wasInformedBy, ev["2010-02-25-memo"], "memo-header")

    e = ev["2010-03-briefings"]
    b.fact(e, GRAF.plannedAsOf, PLANNED, "memo-briefing")
    b.actor(e, GRAF.Meeting, "Kort orientering på fagudvalgenes møder ultimo marts",
            "Short briefing at the committees' meetings in late March", "memo-briefing")
    b.interval(e, "2010-03", "2010-03", "memo-briefing")
    b.fact(e, PROV.wasInformedBy, ev["2010-03-04-directors"], "memo-briefing")

    e = ev["2010-03-25-local"]
    b.fact(e, GRAF.plannedAsOf, PLANNED, "memo-local")
    b.actor(e, GRAF.Meeting, "Orientering af lokaludvalgene", "Local committees informed", "memo-local")
    b.fact(e, DCTERMS.date, Literal("2010-03-25", datatype=XSD.date), "memo-local")
    for slug, _ in LOCAL_COMMITTEES:
        b.fact(e, PROV.wasAssociatedWith, KBH[f"lokaludvalg/{slug}"], "memo-local")
    b.fact(e, PROV.wasInformedBy, ev["2010-01-21-approval"], "memo-local")

    e = ev["2010-committees"]
    b.fact(e, GRAF.plannedAsOf, PLANNED, "memo-committees")
    b.actor(e, GRAF.Meeting, "Fællesindstillingen behandles i fagudvalgene",
            "The committees consider the joint recommendation", "memo-committees")
    b.interval(e, "2010-04", "2010-06", "memo-committees")
    for _, _, _, _, (cslug, _, _), _ in ADMINISTRATIONS[1:]:
        b.fact(e, PROV.wasAssociatedWith, KBH[cslug], "memo-committees")
    b.fact(e, PROV.wasInformedBy, ev["2010-03-briefings"], "memo-committees")

    e = ev["2010-br"]
    b.fact(e, GRAF.plannedAsOf, PLANNED, "memo-committees")
    b.actor(e, GRAF.Meeting, "Behandling i Borgerrepræsentationen inden sommerferien",
            "City Council consideration before the summer holiday", "memo-committees")
    b.fact(e, PROV.wasAssociatedWith, KBH["borgerrepraesentationen"], "memo-committees")
    b.fact(e, PROV.wasInformedBy, ev["2010-committees"], "memo-committees")
    b.fact(e, DCTERMS.description, Literal("inden sommerferien 2010", lang="da"), "memo-committees")


def write_reform(b: Builder) -> None:
    b.graph = G["reform"]
    kk = KBH["koebenhavns-kommune"]
    fora = []
    for slug, da, en in (("borgmesterforum", "Borgmesterforum", "Mayors' Forum"),
                         ("partnerskabsforum", "Partnerskabsforum", "Partnership Forum")):
        fora.append(b.actor(KBH[slug], GRAF.Forum, da, en, "memo-chairs"))
        b.fact(KBH[slug], RDF.type, GRAF.Forum, "reform-fora")
    ep = b.actor(KBH["entry-point"], GRAF.EntryPoint, "Én indgang til kommunen",
                 "Single entry point to the municipality", "memo-entry")
    b.fact(kk, GRAF.hasEntryPoint, ep, "entry-point")
    for forum in fora:
        b.fact(ep, GRAF.realisedBy, forum, "entry-point")


def channel(b: Builder, scenario: str, frm: URIRef, to: URIRef, kind: URIRef, status: URIRef, *cites: str) -> None:
    slug = f"{str(frm).rsplit('/', 1)[-1]}--{str(to).rsplit('/', 1)[-1]}"
    ch = KBH[f"channel/{scenario}/{'formal' if kind == GRAFC.formal else 'operational'}/{slug}"]
    b.fact(ch, RDF.type, GRAF.ContactChannel, *cites)
    b.fact(ch, GRAF.channelFrom, frm, *cites)
    b.fact(ch, GRAF.channelTo, to, *cites)
    b.fact(ch, GRAF.channelKind, kind, *cites)
    b.fact(ch, GRAF.channelStatus, status, *cites)


def write_scenarios(b: Builder) -> None:
    admins = [KBH[a[0]] for a in ADMINISTRATIONS]
    housing = [KBH[h[0]] for h in HOUSING]
    for scenario, status, key in (("asis", GRAFC.open, "asis-direct"), ("draft", GRAFC.unknown, "draft-direct-unknown"),
                                  ("adjusted", GRAFC.open, "adjusted-direct")):
        b.graph = G[scenario]
        for ho in housing:
            for adm in admins:
                channel(b, scenario, ho, adm, GRAFC.operational, status, key)
        if scenario == "asis":
            continue
        ep = KBH["entry-point"]
        for frm in [*housing, KBH["bl-1-kreds"]]:
            channel(b, scenario, frm, ep, GRAFC.formal, GRAFC.open, "entry-formal")
        for adm in admins:
            channel(b, scenario, ep, adm, GRAFC.formal, GRAFC.open, "entry-formal")

    b.graph = G["adjusted"]
    ob, tmb = KBH["post/overborgmester"], KBH["post/teknik-og-miljoeborgmester"]
    for slug in ("borgmesterforum", "partnerskabsforum"):
        forum = KBH[slug]
        b.fact(forum, RDF.type, GRAF.CoChairedForum, "memo-chairs")
        b.fact(forum, GRAF.coChairPost, ob, "memo-chairs")
        b.fact(forum, GRAF.coChairPost, tmb, "memo-chairs")
        for post, da, en in ((ob, "overborgmesteren", "the Lord Mayor"),
                             (tmb, "teknik- og miljøborgmesteren", "the Technical and Environment Mayor")):
            seat = KBH[f"seat/{slug}/{str(post).rsplit('/', 1)[-1]}"]
            forum_name = "Borgmesterforum" if slug == "borgmesterforum" else "Partnerskabsforum"
            b.actor(seat, GRAF.ChairSeat, f"Formand for {forum_name} ({da})", f"Chair of {forum_name} ({en})",
                    "memo-chairs")
            b.fact(seat, ORG.postIn, forum, "memo-chairs")
            b.fact(seat, ORG.role, GRAFC.chair, "memo-chairs")
            b.fact(seat, GRAF.exOfficio, post, "memo-chairs")
            if post == ob:
                b.fact(seat, GRAF.mayDelegateTo, tmb, "memo-delegation")


def build() -> Dataset:
    b = Builder()
    write_base(b)
    write_reform(b)
    write_scenarios(b)
    write_meta(b)
    return b.ds


def serialise(ds: Dataset) -> dict[str, str]:
    """One TriG text per named graph, deterministic."""
    out = {}
    for name, iri in G.items():
        single = Dataset()
        for prefix, ns in ds.namespaces():
            single.bind(prefix, ns)
        g = single.graph(iri)
        for t in sorted(ds.graph(iri), key=lambda t: tuple(str(x) for x in t)):
            if any(isinstance(x, BNode) for x in t):
                raise ValueError(f"blank node in {name}: {t}")
            g.add(t)
        text = single.serialize(format="trig")
        header = (f"# Copenhagen 2010 data set, graph '{name}'. Generated by build.py from the memo and FACTS.md;\n"
                  "# edit build.py, not this file.\n")
        out[f"{name}.trig"] = header + text
    return out


def main() -> None:
    for filename, text in serialise(build()).items():
        (HERE / filename).write_text(text, encoding="utf-8")
        print(f"wrote {filename}")


if __name__ == "__main__":
    main()
