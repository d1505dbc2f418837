"""Build the Copenhagen 2010 data set (the ``*.trig`` files beside this script).

Run ``python data/copenhagen-2010/build.py`` after editing; ``tests/test_copenhagen_data.py``
fails when the committed TriG files differ from what this script writes.

The only sources are the memo (``data/sources/memo-2010-140582.txt``) and ``data/sources/FACTS.md``
(public documents, each row with its address). Everything below is a table of records for
:mod:`graf.builder`: citations first (each quoting its source verbatim, checked against the
source file when this script runs), then actors, events, channels and scenarios that name the
citations they rest on. The builder reifies each fact as an ``rdf:Statement`` in the same named
graph, pointing with ``graf:citation`` to its ``graf:Citation`` in the ``meta`` graph (quote,
source, confidence memo / external / derived, and the reasoning of derived ones). Where the
sources are silent, the data carries a ``graf:OpenQuestion`` instead of a guess.

Grain: the memo speaks of "de store almene boligorganisationer" as a group, so the group is one
actor (``graf:HousingOrganisationGroup``) and the channels run between it and each administration.
The organisations FACTS.md names as large in Copenhagen are listed as members, each with its own
derived citation; no channel is copied to them.

Named graphs (``https://w3id.org/graf/graph/kbh/...``):
``meta``      documents, citations, scenario descriptions, open questions
``base``      actors and facts that hold in every scenario; the dated events of the memo and FACTS.md
``reform``    what the new organisation adds (the fora, the entry point), shared by draft and adjusted
``asis``      the situation before the reform (as far as the sources tell it)
``draft``     the draft approved by the directors' circle on 21 Jan 2010 (its channels: status unknown)
``adjusted``  the adjusted model of the memo of 25 Feb 2010
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from graf.builder import (  # noqa: E402
    Actor,
    Builder,
    Channel,
    Citation,
    Event,
    Fact,
    Interval,
    Link,
    Lit,
    OpenQuestion,
    Quote,
    Scenario,
    Tenure,
    TimePoint,
)
from graf.namespaces import CV, DCTERMS, FOAF, GRAF, GRAFC, GRAPH, KBH, ORG, PROV, RDF, SKOS, TIME, XSD  # noqa: E402
from graf.quotes import is_markdown, quote_in  # noqa: E402

G = {name: f"{GRAPH}kbh/{name}" for name in ("meta", "base", "reform", "asis", "draft", "adjusted")}
K = str(KBH)
MEMO, FACTS_DOC = K + "doc/memo-2010-140582", K + "doc/facts"
SOURCES = HERE.parent / "sources"
SOURCE_FILES = {MEMO: "../sources/memo-2010-140582.txt", FACTS_DOC: "../sources/FACTS.md"}
LOCN = "http://www.w3.org/ns/locn#"
T = str  # a term's IRI as text

PREFIXES = {"graf": str(GRAF._NS), "grafc": str(GRAFC._NS), "kbh": K, "org": str(ORG), "skos": str(SKOS),
            "prov": str(PROV), "dct": str(DCTERMS), "foaf": str(FOAF), "time": str(TIME), "cv": str(CV),
            "locn": LOCN}


# --- citations --------------------------------------------------------------------------------------------

def memo(key: str, text: str) -> Citation:
    """A sentence of the memo (Danish), quoted verbatim."""
    return Citation(key, "memo", (Quote(text, "da"),), MEMO)


def facts(key: str, *quotes: tuple[str, str], urls: tuple[str, ...] = (), confidence: str = "external",
          reasoning: str = "", derived_from: tuple[str, ...] = ()) -> Citation:
    """A row of FACTS.md, quoted as rendered (``**`` ignored), each part tagged with its language."""
    return Citation(key, confidence, tuple(Quote(text, lang) for text, lang in quotes), FACTS_DOC, urls, reasoning,
                    derived_from)


def derived(key: str, reasoning: str, *derived_from: str) -> Citation:
    """graf's own inference over other citations, with its reasoning."""
    return Citation(key, "derived", reasoning=reasoning, derived_from=derived_from)


KK_STYRE = "https://lokaludvalg.kk.dk/artikel/byens-styre"
HOVEDAFTALE_URL = "https://lawinsider.com/da/contracts/hzLdGxbtavT"
BHA_2017 = "http://bha.dk/2017/12/borgmesterkabalen-paa-plads/"
POLICY_2011 = "https://docslib.org/doc/6295979/politik-for-udsatte-byomr%C3%A5der"
UDLEJNING_2014 = "http://docplayer.dk/3373658-Forelaegges-borgerrepraesentationen-den-11-december-2014.html"
ORIENTERING_2014 = ("http://docplayer.dk/113428624-Orientering-vedroerende-samarbejdet-mellem-koebenhavns-kommune-"
                    "og-den-almene-boligsektor.html")
HOERINGSSVAR = "http://docplayer.dk/12556800-Hoeringssvar-fra-lokaludvalgene.html"

CITATIONS = [
    # the memo
    memo("memo-header", "Til de administrerende direktører 25-02-2010 Mødet den 4. marts 2010 Sagsnr. 2009-116302"),
    memo("memo-docno", "Dokumentnr. 2010-140582"),
    memo("memo-handler", "Sagsbehandler Rebecca Forsman"),
    memo("memo-title", "Orienteringsnotat til udvalgene om forslag til ny organisering af samarbejdet med de almene boligorganisationer og mulighederne for at indgå en politisk aftale med de almene boligorganisationer"),
    memo("memo-author", "Center for Bydesign Islands Brygge 37, 6.sal Postboks 447 1505 Kbh. V Telefon 3366 1254 E-mail AD66@tmf.kk.dk EAN nummer 5798009495044 www.kk.dk"),
    memo("memo-approval", "På 7 direktørmødet møde den 21. januar 2010 godkendte kredsen et udkast fra TMF til en ny organisering af det tværkommunale samarbejde med de almene boligorganisationer og udviklingen af de områdebaserede indsatsler."),
    memo("memo-information", "Det blev i den forbindelse besluttet, at der - begyndende i 7 direktørkredsen - skulle være en oplysningsindsats vedrørende det nye set-up, hvorefter det skal præsenteres for fagudvalgene."),
    memo("memo-criteria", "Tillige var der enighed om, at der i relation til den nye model skal formuleres nogle klare succeskriterier, som gør det muligt at evaluere indsatsen."),
    memo("memo-administrations", "Forvaltningerne har i forlængelse heraf udarbejdet et udkast til et fælles orienteringsnotat til fagudvalgene som opridser baggrund, indhold og proces"),
    memo("memo-briefing", "Godkendes det fælles orienteringsnotat, sendes det til fagudvalgene, som tillige i forbindelse med udvalgmøderne ultimo marts tilbydes en kort orientering om modellen."),
    memo("memo-committees", "Den kommende fællesindstilling forventes behandlet i fagudvalgene i april - juni og i BR inden sommerferien."),
    memo("memo-local", "Lokaludvalgene vil tillige blive orienteret om forslaget til en ny organisering på et møde den 25. marts."),
    memo("memo-adjustment", "I forhold til det, der tidligere er blevet forelagt direktørkredsen, foreslås det, på baggrund af drøftelser med Økonomiforvaltningen og Socialforvaltningen"),
    memo("memo-chairs", "at Borgmesterforum og Partnerskabsforum etableres med et formandskab bestående af overborgmesteren og Teknik- og Miljøborgmesteren."),
    memo("memo-delegation", "Dette imødekommer overborgmesterens ønske om muligheden for at vælge at deltage i formandskabet eller overlade dette til TMF-borgmesteren."),
    memo("memo-meeting", "De store almene boligorganisationer og BL's 1. kreds er på et fælles møde for Samarbejdsorganet og Kontaktudvalget den 22. februar blevet præsenteret for forslaget til ny organisering."),
    memo("memo-entry", "De tilkendegav på mødet tilfredshed med den nye organisering, som imødekommer ønsket om én indgang til kommunen"),
    memo("memo-direct", "men understregede samtidigt, at den nye struktur ikke må hindre den direkte og løbende kontakt mellem forvaltningerne og boligorganisationerne."),

    # FACTS.md (public documents; English text quoted @en, Danish text @da)
    facts("facts-header", ("Facts about the Copenhagen model, with their sources", "en")),
    facts("B1", ("Under BR sit one Økonomiudvalg and 6 stående udvalg. The chairs of the standing committees have the title borgmester. The overborgmester chairs BR and Økonomiudvalget. Overborgmester and borgmestre are members of ØU by right (\"fødte medlemmer\") and each leads the forvaltning serving their committee", "en"),
          urls=(KK_STYRE, "https://www.kk.dk/politik/borgmestre/om-borgmestre")),
    facts("B2", ("Økonomiudvalget; Kultur- og Fritidsudvalget; Børne- og Ungdomsudvalget; Sundheds- og Omsorgsudvalget; Socialudvalget; Teknik- og Miljøudvalget; Beskæftigelses- og Integrationsudvalget", "da"),
          urls=("https://docslib.org/doc/11033798/regnskab-2009-udvalgsregnskaber-og-obligatoriske-oversigter",)),
    facts("B3", ("Økonomiforvaltningen; Teknik- og Miljøforvaltningen; Socialforvaltningen; Børne- og Ungdomsforvaltningen; Sundheds- og Omsorgsforvaltningen; Kultur- og Fritidsforvaltningen; Beskæftigelses- og Integrationsforvaltningen", "da"),
          urls=("https://kk.dk/dagsordener-og-referater/Besk%C3%A6ftigelses-%20og%20Integrationsudvalget/"
                "m%C3%B8de-22052017/referat/punkt-5",)),
    facts("B4", ("Abbreviations ØKF, TMF, SOF, BUF, SUF", "en"), urls=(HOERINGSSVAR,),
          reasoning="Seen in use in Copenhagen documents, not in one authoritative list (FACTS.md confidence M)."),
    facts("B7", ("The term began 1 Jan 2010 after the election of 17 Nov 2009; BR has 55 members", "en"),
          urls=("https://kbhpolitik.blogspot.com/2009/11/bryggebladets-borgmestertip.html",)),
    facts("B9", ("den kommende overborgmester Frank Jensen", "da"),
          ("Frank Jensen (S), from 1 Jan 2010; succeeded Ritt Bjerregaard (S)", "en"),
          urls=("https://itsworldcongress.com/programme/speaker-focus/frank-jensen/", "https://kbhpolitik.blogspot.com/2009/")),
    facts("B10", ("teknik- og miljøborgmester Bo Asmus Kjeldgaard … siden januar 2010 har kunnet lave … forlig", "da"),
          ("Bo Asmus Kjeldgaard (SF). He resigned in May 2011 and was succeeded by Ayfer Baykal (SF)", "en"),
          urls=("https://jyllands-posten.dk/indland/ECE4532190/",)),
    facts("B10-early", ("Teknik- og miljøborgmester (chair of TMU, head of TMF), early 2010", "en"),
          urls=("https://jyllands-posten.dk/indland/ECE4532190/",)),
    facts("B10-oct", ("kbhpolitik 19-10-2010 (\"teknik og miljøborgmester Bo Asmus Kjeldgaard\")", "da"),
          urls=("https://kbhpolitik.blogspot.com/",)),
    facts("B11", ("Klaus Bondam (R), 2006–2009", "en"), urls=("https://www.bondam.dk/flx/v2/koebenhavn/politisk_program/",)),
    facts("B12", ("Anne Vang (S): re-elected in 2009", "en"),
          ("og har siden fungeret som … borgmester for Børne- og Ungdomsforvaltningen", "da"),
          urls=("https://www2.dknyt.dk/artikel/anne-vang-stopper-som-borgmester",)),
    facts("B13", ("Pia Allerslev (V), KFF mayor 2008–2013", "en"),
          urls=("https://www.bt.dk/politik/tidligere-koebenhavn-borgmester-bliver-politisk-kommentator",)),
    facts("B14", ("Mikkel Warming (Ø): socialborgmester in 2009", "en"), ("borgmester i otte år", "da"),
          ("(i.e. 2006–2013)", "en"), confidence="derived",
          urls=("https://www.urbanplanen.com/single-post/2017/02/22/warming-tjekker-ud-af-planen",),
          reasoning="The term 2006–2013 is FACTS.md's own count back from 'borgmester i otte år', reported in 2017; "
                    "that he was socialborgmester in 2009 and still among the mayors in 2011 is external "
                    "(FACTS.md B14, confidence M–H)."),
    facts("B14-2009", ("Mikkel Warming (Ø): socialborgmester in 2009", "en"), urls=("https://kbhpolitik.blogspot.com/2009/",)),
    facts("B15", ("Ninna Thomsen (SF): \"efter otte år som sundheds- og omsorgsborgmester\"", "da"),
          ("(counted back from end-2017, i.e. 2010–2017)", "en"), confidence="derived", urls=(BHA_2017,),
          reasoning="The tenure 2010–2017 is counted back from an eight-year duration reported at the end of 2017 "
                    "(FACTS.md B15, confidence M)."),
    facts("B16", ("Klaus Bondam (R): inferred, no single source states it.", "en"), confidence="derived",
          urls=("https://kbhpolitik.blogspot.com/2009/12/bondam-udnyttede-borgerlig-splittelse.html",
                "https://www.bondam.dk/flx/v6/english_cv/"),
          reasoning="No source states that Klaus Bondam led BIF in 2010. He became mayor again in the 2009 "
                    "constitution deal, was forecast for BIF, his CV says 'Mayor 2006-2010', and Anna Mee Allerslev "
                    "was BIF mayor from the start of 2011 (FACTS.md B16, confidence M-L)."),
    facts("B16-resigned", ("he resigned effective 1 January to take a job in Brussels", "en"),
          ("Anna Mee Allerslev (R) was BIF mayor \"from the start of 2011\"", "en"), confidence="derived",
          urls=("http://www.electomatic.com/comedy-mayor-resigns/", "https://visir.is/g/2017171029273/f/skodanir"),
          reasoning="FACTS.md B16 gives no year for the resignation 'effective 1 January'; graf reads it as 1 January "
                    "2011 because his successor at BIF was mayor from the start of 2011."),
    facts("B17", ("Frank Jensen, Ayfer Baykal, Pia Allerslev, Anne Vang, Ninna Thomsen, Mikkel Warming, Anna Mee Allerslev (named in the foreword of Politik for udsatte byområder, 2011)", "en"),
          urls=(POLICY_2011,)),
    facts("B19", ("Teknik- og Miljøforvaltningen, Støttet Byggeri … Center for Bydesign", "da"), urls=(HOVEDAFTALE_URL,)),
    facts("B19-en", ("TMF's English publications call it the \"Urban Design Department\"", "en"),
          urls=("https://docslib.org/doc/4033225/integrated-urban-renewal",)),
    facts("C1", ("Hovedaftale mellem Boligselskabernes Landsforenings 1. kreds og Københavns Kommune for perioden 2011-2014", "da"),
          urls=(HOVEDAFTALE_URL,)),
    facts("C1-meta", ("dated 24-09-2010; sagsnr. 2010-134295; dokumentnr. 2010-619375", "en"), urls=(HOVEDAFTALE_URL,)),
    facts("C1-samarbejdsforum", ("common frames to be set in \"Samarbejdsforum\"", "en"), urls=(HOVEDAFTALE_URL,)),
    facts("C1-followup", ("That it is *the* follow-up to the memo is an inference (M)", "en"),
          ("mulighederne for at indgå en politisk aftale med de almene boligorganisationer", "da"), confidence="derived",
          urls=(HOVEDAFTALE_URL,),
          reasoning="FACTS.md C1: the Hovedaftale 2011–2014 is the likely realisation of the political agreement the "
                    "memo's title names; that it is the follow-up to the memo is an inference (confidence M).",
          derived_from=("C1", "memo-title")),
    facts("C2", ("\"Boligselskabernes Landsforening\" (BL), as in the Hovedaftale title", "en"), urls=(HOVEDAFTALE_URL,)),
    facts("C3", ("The udlejningsaftale 2015–2018 was put to Samarbejdsforum on 26 Sep, to Partnerskabsforum on 24 Oct, to BL 1. kreds on 24 Nov, and to BR on 11 Dec 2014", "en"),
          urls=(UDLEJNING_2014,)),
    facts("C4", ("BR approved a new Hovedaftale with BL's 1. kreds on 11 Dec 2014. At the same time, from 2015 Borgmesterforum was replaced by an annual report to TMU and ØU", "en"),
          urls=(ORIENTERING_2014,)),
    facts("C7", ("udlejningsaftale between BL and KK for 2019–2023, in force 1 July 2019", "en"),
          urls=("https://aab.dk/articles/nye-udlejningsregler-i-kobenhavns-kommune/",)),
    facts("C7-almenbolig", ("Almenboligaftale 2019 mellem Københavns Kommune og BL 1. kreds", "da"),
          urls=("http://docplayer.dk/115541576",), reasoning="Title seen only (FACTS.md C7, confidence M)."),
    facts("C9", ("Politik for udsatte byområder, adopted by BR 1 Dec 2011", "en"), ("Revised 22 Jun 2017", "en"),
          urls=(POLICY_2011, "https://www.kk.dk/nyheder/byens-udsatte-byomraader-skal-loeftes")),
    facts("C11", ("The 2007 selection: Nørrebro Park, North-West, Mimersgade, Øresundsvej, Haraldsgade", "en"),
          ("Application for Sundholmsvejkvarteret Syd dated January 2008", "en"),
          urls=("https://docslib.org/doc/4033225/integrated-urban-renewal",),
          reasoning="English names as printed (FACTS.md C11, confidence M)."),
    facts("D1", ("Interest and trade organisation of the almene boligorganisationer", "en"),
          urls=("https://bl.dk/om-bl/organisation/bls-opbygning-og-organisering/",)),
    facts("D2", ("Covers København and Frederiksberg municipalities", "en"),
          urls=("https://fagbladetboligen.dk/alle-nyheder/2024/april/vi-skal-kaempe-for-mange-flere-almene-boliger-"
                "i-hovedstaden/",)),
    facts("D4", ("A forretningsførerorganisation (administration), founded 26 May 1920. It owns no homes", "en"),
          urls=("https://www.kab-bolig.dk/om-kab/kab-faellesskabet/kab-100-aar/100-aars-indsats-for-gode-billige-boliger",)),
    facts("D5", ("\"Boligselskabet AKB s.m.b.a.\" merged into \"KAB – Bygge- og Boligadministration s.m.b.a.\" (the continuing company). TMU recommended this on 22-02-2006; it took effect 1 Jan 2007", "en"),
          urls=("https://www.kk.dk/dagsordener-og-referater/Teknik-%20og%20Milj%C3%B8udvalget/m%C3%B8de-22022006/"
                "dagsorden/punkt-6",)),
    facts("D6", ("A boligorganisation (\"Boligselskabet AKB, København\") administered by KAB", "en"),
          urls=("https://www.kab-bolig.dk/boligsoegende/venteliste-og-ventetid",)),
    facts("D7", ("Administered by KAB; \"53 boligafdelinger primært i København\"", "en"),
          urls=("http://docplayer.dk/1545127-Under-samme-tag-eksempelafdelinger-og-problemomraader.html",),
          reasoning="Undated source (FACTS.md confidence M)."),
    facts("D8", ("Has its own administration; owns about half of Tingbjerg; \"har sine rødder i København\"", "en"),
          urls=("https://www.fsb.dk/om-fsb/udgivelser/%C3%A5rsberetninger/%C3%A5rsberetning-2017/"
                "nybyggeri-og-byudvikling/",)),
    facts("D9", ("knap 20.000 almene boliger fordelt på 110 afdelinger i København og omegn", "da"),
          ("Founded 12 Mar 1912", "en"), urls=("https://aab.dk/om-aab/hvad-er-aab/",)),
    facts("D10", ("Merged into Boligforeningen 3B on 1 Jan 2008", "en"), ("more than 12,000 homes", "en"),
          ("part of KAB-fællesskabet since 2019", "en"),
          urls=("https://www.3b.dk/om-3b/hvem-er-3b/historien-bag-3b",)),
    facts("D10-roots", ("Roots in FB – Fagforeningernes Boligforening (1947), KSB – Københavns Sociale Boligselskab (1927)", "en"),
          ("Shared administration \"Fællesadministrationen 3B a.m.b.a.\" from 1967", "en"),
          urls=("https://www.3b.dk/om-3b/hvem-er-3b/historien-bag-3b",)),
    facts("D11", ("Administration founded in 2009 by five almene boligorganisationer", "en"), urls=("http://fa09.dk/om-fa09/om-fa09/",),
          reasoning="FACTS.md D11, confidence M."),
    facts("D12", ("D4–D10 show which organisations are large in Copenhagen, not who attended", "en")),
    facts("E1", ("12: Amager Vest, Amager Øst, Bispebjerg, Brønshøj-Husum, Christianshavn (official \"Christianshavns Lokaludvalg\"), Indre By, Kongens Enghave (\"Kgs. Enghave Lokaludvalg\"), Nørrebro, Valby, Vanløse, Vesterbro, Østerbro.", "en"),
          urls=(HOERINGSSVAR, "https://amagervestlokaludvalg.kk.dk/om-os/lokaludvalgets-rolle-i-koebenhavn")),
    facts("E2", ("BR decided on 13 Oct 2005 to set up lokaludvalg in all bydele during 2006–2009, after a 4-year trial in Valby. The 12 were established by the end of 2008. Vesterbro was set up in spring 2007; Brønshøj-Husum in Nov 2008", "en"),
          urls=("https://www.vesterbrolokaludvalg.kk.dk/om-os/",)),
    facts("E3", ("Organisationally under Økonomiforvaltningen", "en"), urls=(KK_STYRE,),
          reasoning="From a current page (FACTS.md E3, confidence H, current)."),
    facts("E4", ("Since 2022: 25 members (15 + 10)", "en"), urls=("https://lokaludvalg.kk.dk/om-lokaludvalg",)),
    facts("E5", ("Christianshavns Lokaludvalg: repræsentantskabsmøde on 2 Feb 2010 elected its members", "en"),
          urls=("http://christianshavns.hammerti.me/om-clu/om-christianshavns-lokaludvalg/",)),
    facts("F1", ("98 from 1 Jan 2007 (271 became 98; 13 amter were replaced by 5 regioner)", "en"),
          urls=("https://www.avisen.dk/fakta-om-kommunalreformen_87294.aspx",)),

    # graf's own derivations
    derived("translation", "English label rendered by graf from the Danish name (whose own statement carries its "
            "source); the sources give no official English name."),
    derived("oversight", "Each mayor leads the administration that serves their committee (B1); committees (B2) "
            "and administrations (B3) are matched by name.", "B1", "B2", "B3"),
    derived("mayor-posts", "The chairs of the standing committees have the title of mayor and each leads the "
            "administration serving their committee; the lord mayor leads the Finance Administration (B1).", "B1"),
    derived("local-labels", "FACTS.md E1 gives the 12 district names and two official committee names of the form "
            "'<district> Lokaludvalg'; the other labels follow that form.", "E1"),
    derived("fagudvalg-named", "The memo says 'fagudvalgene' (the standing committees); FACTS.md B1 says six stående "
            "udvalg sit under BR beside Økonomiudvalget, and B2 names them. graf links the memo's step to those six.",
            "memo-briefing", "memo-committees", "B1", "B2"),
    derived("lokaludvalg-named", "The memo says 'Lokaludvalgene' (the local committees); FACTS.md E1 names the "
            "twelve. graf links the meeting of 25 March to each of them.", "memo-local", "E1"),
    derived("forvaltningerne-named", "The memo says 'Forvaltningerne' (the administrations) drafted the joint "
            "orientation memo; FACTS.md B3 names the seven administrations.", "memo-administrations", "B3"),
    derived("orientation-approval", "'Godkendes det fælles orienteringsnotat, sendes det til fagudvalgene' leaves "
            "its approval pending; the memo is addressed to the administrative directors for their meeting of "
            "4 March 2010, so graf reads the directors' circle as the body whose approval is pending.",
            "memo-briefing", "memo-header"),
    derived("process-order", "The memo describes the process as steps in order: the directors' approval "
            "(21 January), the presentation to the housing side (22 February), the memo (25 February) for the "
            "directors' meeting (4 March), then, once the joint orientation memo is approved, a short briefing at the "
            "committees' meetings in late March, the joint recommendation in the committees in April–June and in "
            "BR before the summer holiday. graf links each step to the one it follows (prov:wasInformedBy); the memo "
            "states the order, not these links.", "memo-approval", "memo-meeting", "memo-header", "memo-briefing",
            "memo-committees"),
    derived("talks-date", "The memo of 25 February 2010 bases its proposal on the talks with ØKF and SOF, so they "
            "took place before it; 'I forhold til det, der tidligere er blevet forelagt direktørkredsen' places them "
            "after the presentation to the directors on 21 January. The memo gives no date.", "memo-adjustment",
            "memo-header", "memo-approval"),
    derived("kjeldgaard-2010", "FACTS.md B10 names him the TMF mayor in early 2010, and B11 names Klaus Bondam as "
            "TMF mayor 2006–2009, so his tenure began in 2010; no source gives the day.", "B10-early", "B11"),
    derived("group-members-basis", "No source names the large housing organisations the memo speaks of (FACTS.md "
            "D12). FACTS.md D4–D10 show which organisations are large in Copenhagen; graf lists those that are "
            "housing organisations as members of the group, each with its own citation. Whether they took part in "
            "the cooperation or the meeting of 22 February 2010 is an open question.", "memo-meeting", "D12"),
    derived("member-akb-koebenhavn", "Boligselskabet AKB, København: a housing organisation administered by KAB "
            "(FACTS.md D6, confidence H); listed as large in Copenhagen by FACTS.md D12.", "group-members-basis", "D6"),
    derived("member-sab", "SAB: 53 estates mainly in Copenhagen, undated (FACTS.md D7, confidence M); listed as large "
            "in Copenhagen by FACTS.md D12.", "group-members-basis", "D7"),
    derived("member-fsb", "fsb: its own administration, about half of Tingbjerg; its size was not found (FACTS.md "
            "D8, confidence M); listed as large in Copenhagen by FACTS.md D12.", "group-members-basis", "D8"),
    derived("member-aab", "AAB: almost 20,000 homes in 110 estates in and around Copenhagen, self-reported (FACTS.md "
            "D9, confidence H); listed as large in Copenhagen by FACTS.md D12.", "group-members-basis", "D9"),
    derived("member-3b", "Boligforeningen 3B: more than 12,000 homes (FACTS.md D10, confidence H); listed as large in "
            "Copenhagen by FACTS.md D12.", "group-members-basis", "D10"),
    derived("asis-direct", "The memo speaks of the direct and ongoing contact between the administrations and the "
            "housing organisations as existing. It does not say which administration deals with which organisation, "
            "so graf records one open operational channel between each administration and the large housing "
            "organisations as a group, the grain at which the memo names them.", "memo-direct", "memo-meeting"),
    derived("asis-period", "At the meeting of 22 February 2010 the housing side stressed that the new structure "
            "must not hinder the direct contact, so it existed then; the sources give no beginning or end.",
            "memo-direct", "memo-meeting"),
    derived("adjusted-direct", "The housing side made it a condition that the new structure must not hinder the "
            "direct contact, and the memo passes this on for the adjusted model. The memo does not state the model's "
            "channels; graf's adjusted model keeps each direct channel of the earlier situation open.",
            "memo-direct", "asis-direct"),
    derived("draft-direct-unknown", "The draft of 21 Jan 2010 is not in the sources. Whether it kept the direct "
            "channels is unknown; the status of each is recorded as unknown.", "memo-approval", "memo-direct"),
    derived("draft-formal-unknown", "The draft of 21 Jan 2010 is not in the sources. graf gives it the formal "
            "channels of its reading of the new organisation (see entry-formal) with status unknown: the memo does "
            "not say whether the draft had them.", "memo-approval", "entry-formal"),
    derived("entry-point", "graf's reading: the housing side welcomed the new organisation because it meets the "
            "wish for one entry point to the municipality, and the new bodies of that organisation are Borgmesterforum "
            "and Partnerskabsforum; graf therefore models one entry point, realised by the two fora. The memo does "
            "not say what the entry point concretely is (see the open question on it).", "memo-entry", "memo-chairs"),
    derived("entry-formal", "With one entry point, the formal contact of the large housing organisations and of "
            "BL's 1. kreds, the two parties the memo names, goes to it, and from it to the administrations. The memo "
            "does not describe the formal channels.", "memo-entry", "memo-meeting", "entry-point"),
    derived("reform-fora", "The adjustment concerns how the two fora are chaired; that they were part of the draft "
            "already is inferred from the phrase 'in relation to what was presented earlier'.", "memo-adjustment",
            "memo-chairs"),
    derived("adjusted-end", "From 2015 Borgmesterforum was replaced by an annual report (FACTS.md C4), so the model "
            "with Borgmesterforum held at the latest until the end of 2014.", "C4"),
]
CITED = {c.key for c in CITATIONS}


def check_quotes() -> None:
    """Every quote occurs in its source file (the normalisation of graf.quotes); raise otherwise."""
    texts = {doc: (SOURCES / Path(path).name).read_text(encoding="utf-8") for doc, path in SOURCE_FILES.items()}
    for c in CITATIONS:
        for q in c.quotes:
            if not quote_in(q.text, texts[c.document], is_markdown(SOURCE_FILES[c.document])):
                raise ValueError(f"citation {c.key}: quote not found in {SOURCE_FILES[c.document]}: {q.text!r}")


# --- actors ------------------------------------------------------------------------------------------------

# slug, Danish, English, abbreviation (where FACTS.md B4 or the memo attests it), committee, mayor's post
ADMINISTRATIONS = [
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
ADMINS = [K + a[0] for a in ADMINISTRATIONS]
STANDING_COMMITTEES = [K + a[4][0] for a in ADMINISTRATIONS[1:]]
POST_LABELS = {K + f"post/{a[5][0]}": (a[5][1], a[5][2]) for a in ADMINISTRATIONS}
OB, TMB = K + "post/overborgmester", K + "post/teknik-og-miljoeborgmester"


def tp(value: str, *cites: str, da: str = "", en: str = "") -> TimePoint:
    return TimePoint(value, cites, da, en)


# person slug, name, post slug, heldBy citations, interval: begin, end, inside (each a date or a TimePoint)
HOLDERS = [
    ("frank-jensen", "Frank Jensen", "overborgmester", ("B9",), "2010-01-01", None, (tp("2011", "B17"),)),
    ("bo-asmus-kjeldgaard", "Bo Asmus Kjeldgaard", "teknik-og-miljoeborgmester", ("B10",),
     tp("2010", "kjeldgaard-2010", da="primo 2010", en="early 2010"), "2011-05", (tp("2010-10-19", "B10-oct"),)),
    ("anne-vang", "Anne Vang", "boerne-og-ungdomsborgmester", ("B12",), None, None,
     (tp("2009", "B12"), tp("2011", "B17"))),
    ("pia-allerslev", "Pia Allerslev", "kultur-og-fritidsborgmester", ("B13",), "2008", "2013", (tp("2011", "B17"),)),
    ("mikkel-warming", "Mikkel Warming", "socialborgmester", ("B14",), "2006", "2013",
     (tp("2009", "B14-2009"), tp("2011", "B17"))),
    ("ninna-thomsen", "Ninna Thomsen", "sundheds-og-omsorgsborgmester", ("B15",), "2010", "2017", (tp("2011", "B17"),)),
    ("klaus-bondam", "Klaus Bondam", "beskaeftigelses-og-integrationsborgmester", ("B16",), "2010", "2010", ()),
]

LOCAL_COMMITTEES = [
    ("amager-vest", "Amager Vest"), ("amager-oest", "Amager Øst"), ("bispebjerg", "Bispebjerg"),
    ("broenshoej-husum", "Brønshøj-Husum"), ("christianshavn", "Christianshavns"), ("indre-by", "Indre By"),
    ("kongens-enghave", "Kgs. Enghave"), ("noerrebro", "Nørrebro"), ("valby", "Valby"), ("vanloese", "Vanløse"),
    ("vesterbro", "Vesterbro"), ("oesterbro", "Østerbro"),
]
OFFICIAL_LOCAL_NAMES = {"christianshavn", "kongens-enghave"}  # FACTS.md E1 gives these two names verbatim

HOUSING = [
    # slug, name (a proper name: the same in both languages), citation, administered by KAB?
    ("akb-koebenhavn", "Boligselskabet AKB, København", "D6", True),
    ("sab", "SAB – Samvirkende Boligselskaber", "D7", True),
    ("fsb", "fsb", "D8", False),
    ("aab", "Arbejdernes Andels Boligforening (AAB)", "D9", False),
    ("3b", "Boligforeningen 3B", "D10", False),
]
GROUP = K + "de-store-almene-boligorganisationer"
BL1 = K + "bl-1-kreds"
EP = K + "entry-point"
FORA = {K + "borgmesterforum": ("Borgmesterforum", "Mayors' Forum"),
        K + "partnerskabsforum": ("Partnerskabsforum", "Partnership Forum")}
BOARD = K + "direktoerkredsen"
KK, BR, CBD = K + "koebenhavns-kommune", K + "borgerrepraesentationen", K + "center-for-bydesign"
HOVEDAFTALE = K + "doc/hovedaftale-2011-2014"
ORIENTATION_MEMO = K + "doc/faelles-orienteringsnotat"


def f(s: str, p: object, o: object, *cites: str) -> Fact:
    return Fact(s, str(p), o if isinstance(o, Lit) else str(o), cites)


def base_records() -> list[object]:
    """Actors and facts that hold in every scenario."""
    out: list[object] = [
        Actor(KK, str(GRAF.Municipality), "Københavns Kommune", "City of Copenhagen", ("B1",)),
        Actor(BR, str(GRAF.CityCouncil), "Borgerrepræsentationen", "City Council (Borgerrepræsentationen)", ("B1",)),
        f(BR, ORG.unitOf, KK, "B1"),
        f(BR, SKOS.altLabel, Lit("BR", "da"), "memo-committees"),
        Actor(BOARD, str(GRAF.ManagementBoard), "7-direktørkredsen", "Circle of the seven administrative directors",
              ("memo-approval",)),
        f(BOARD, ORG.unitOf, KK, "memo-approval"),
    ]
    for slug, da, en, abbr, (cslug, cda, cen), (pslug, pda, pen) in ADMINISTRATIONS:
        adm, com, post = K + slug, K + cslug, K + f"post/{pslug}"
        out += [Actor(adm, str(GRAF.Administration), da, en, ("B3",)), f(adm, ORG.unitOf, KK, "B3")]
        if abbr:
            out.append(f(adm, SKOS.altLabel, Lit(abbr, "da"), "memo-approval" if abbr == "TMF" else "B4"))
        ccls = GRAF.FinanceCommittee if cslug == "oekonomiudvalget" else GRAF.StandingCommittee
        out += [Actor(com, str(ccls), cda, cen, ("B2",)), f(com, ORG.unitOf, KK, "B1"),
                f(com, GRAF.oversees, adm, "oversight")]
        lord = pslug == "overborgmester"
        out += [Actor(post, str(GRAF.LordMayorPost if lord else GRAF.MayorPost), pda, pen,
                      ("B1",) if lord else ("mayor-posts",)),
                f(post, ORG.postIn, adm, "mayor-posts"), f(post, ORG.role, GRAFC.mayor, "mayor-posts")]
        if lord:
            out.append(f(post, ORG.role, GRAFC.lord_mayor, "B1"))
    out += [
        Actor(CBD, str(GRAF.AdministrativeCentre), "Center for Bydesign", "Urban Design Department", ("B19",),
              ("B19-en",)),
        f(CBD, ORG.subOrganizationOf, K + "teknik-og-miljoeforvaltningen", "B19"),
        f(CBD, GRAF.eanNumber, Lit("5798009495044"), "memo-author"),
        f(CBD, CV.contactPoint, K + "contact-point/center-for-bydesign", "memo-author"),
        f(K + "contact-point/center-for-bydesign", RDF.type, CV.ContactPoint, "memo-author"),
        f(K + "contact-point/center-for-bydesign", CV.telephone, Lit("3366 1254"), "memo-author"),
        f(K + "contact-point/center-for-bydesign", CV.email, Lit("AD66@tmf.kk.dk"), "memo-author"),
        f(K + "contact-point/center-for-bydesign", FOAF.homepage, "http://www.kk.dk", "memo-author"),
        f(K + "contact-point/center-for-bydesign", LOCN + "address", K + "address/center-for-bydesign", "memo-author"),
        f(K + "address/center-for-bydesign", RDF.type, LOCN + "Address", "memo-author"),
        f(K + "address/center-for-bydesign", LOCN + "fullAddress",
          Lit("Islands Brygge 37, 6.sal, Postboks 447, 1505 Kbh. V", "da"), "memo-author"),
    ]
    out += _holders()
    for slug, name in LOCAL_COMMITTEES:
        lu = K + f"lokaludvalg/{slug}"
        en = name.removesuffix("s") if slug == "christianshavn" else name
        out += [Actor(lu, str(GRAF.LocalCommittee), f"{name} Lokaludvalg", f"{en} Local Committee", ("E1",),
                      label_cites=("E1",) if slug in OFFICIAL_LOCAL_NAMES else ("local-labels",)),
                f(lu, ORG.subOrganizationOf, K + "oekonomiforvaltningen", "E3")]
    out += _housing_side()
    out += [
        Actor(K + "samarbejdsorganet", str(GRAF.Forum), "Samarbejdsorganet", "Cooperation Body", ("memo-meeting",)),
        Actor(K + "kontaktudvalget", str(GRAF.Forum), "Kontaktudvalget", "Contact Committee", ("memo-meeting",)),
        Actor(K + "samarbejdsforum", str(GRAF.Forum), "Samarbejdsforum", "Cooperation Forum", ("C1-samarbejdsforum",)),
        Actor(K + "omraadebaserede-indsatser", str(GRAF.AreaBasedInitiative), "De områdebaserede indsatser",
              "Area-based initiatives", ("memo-approval",)),
    ]
    out += _memo_items()
    return out


def _holders() -> list[object]:
    out: list[object] = []
    for slug, name, post, cites, begin, end, inside in HOLDERS:
        person = K + f"person/{slug}"
        out += [Actor(person, str(FOAF.Person), name, name, cites, cites), f(person, FOAF.name, Lit(name), *cites),
                Tenure(K + f"tenure/{slug}", person, K + f"post/{post}", str(GRAFC.mayor),
                       Interval(K + f"tenure/{slug}/interval", cites, begin, end, inside), cites)]
    return out


def _housing_side() -> list[object]:
    bl = K + "bl"
    out: list[object] = [
        Actor(bl, str(GRAF.InterestOrganisation), "Boligselskabernes Landsforening (BL)",
              "Boligselskabernes Landsforening (BL)", ("C2",), ("C2", "D1")),
        f(bl, SKOS.altLabel, Lit("BL", "da"), "memo-meeting"),
        Actor(BL1, str(GRAF.InterestOrganisationDistrict), "BL's 1. kreds", "BL's 1st district", ("memo-meeting",)),
        Fact(BL1, str(GRAF.districtOf), bl, ("memo-meeting", "D2")),
        Actor(K + "kab", str(GRAF.AdministrationCompany), "KAB", "KAB", ("D4",), ("D4",)),
        Actor(GROUP, str(GRAF.HousingOrganisationGroup), "De store almene boligorganisationer",
              "Large social housing organisations", ("memo-meeting",)),
    ]
    for slug, name, key, by_kab in HOUSING:
        ho = K + slug
        out += [Actor(ho, str(GRAF.HousingOrganisation), name, name, (key,), (key,)),
                f(GROUP, ORG.hasMember, ho, f"member-{slug}")]
        if by_kab:
            out.append(f(K + "kab", GRAF.administers, ho, key))
    return out


def _memo_items() -> list[object]:
    """What the memo records besides the process: decisions, the draft orientation memo, positions, the agreement."""
    approval, meeting = K + "event/2010-01-21-approval", K + "event/2010-02-22-joint-meeting"
    effort, criteria = K + "information-effort", K + "success-criteria"
    satisfaction, condition = K + "position/satisfaction-2010-02-22", K + "position/direct-contact-2010-02-22"
    agreement = K + "political-agreement"
    out: list[object] = [
        Actor(effort, str(PROV.Activity), "Oplysningsindsats om det nye set-up, begyndende i direktørkredsen",
              "Information effort on the new set-up, starting in the directors' circle", ("memo-information",)),
        f(effort, GRAF.decidedAt, approval, "memo-information"),
        f(effort, PROV.wasAssociatedWith, BOARD, "memo-information"),
        Actor(criteria, str(GRAF.SuccessCriterion), "Klare succeskriterier for den nye model (skal formuleres)",
              "Clear success criteria for the new model (to be formulated)", ("memo-criteria",)),
        f(criteria, GRAF.decidedAt, approval, "memo-criteria"),
        f(criteria, DCTERMS.description, Lit("skal formuleres, så indsatsen kan evalueres", "da"), "memo-criteria"),
        Actor(ORIENTATION_MEMO, str(GRAF.Document), "Udkast til fælles orienteringsnotat til fagudvalgene",
              "Draft joint orientation memo to the standing committees", ("memo-administrations",)),
        f(ORIENTATION_MEMO, GRAF.awaitsApprovalBy, BOARD, "orientation-approval"),
        Actor(satisfaction, str(GRAF.Position), "Tilfredshed med den nye organisering (én indgang til kommunen)",
              "Satisfaction with the new organisation (one entry point to the municipality)", ("memo-entry",)),
        Actor(condition, str(GRAF.Position), "Den direkte og løbende kontakt må ikke hindres",
              "Direct and ongoing contact must not be hindered", ("memo-direct",)),
        Actor(agreement, str(GRAF.Agreement), "Mulig politisk aftale med de almene boligorganisationer",
              "Possible political agreement with the social housing organisations", ("memo-title",)),
        f(agreement, GRAF.plannedAsOf, Lit("2010-02-25", datatype=str(XSD.date)), "memo-header"),
        f(agreement, GRAF.realisedAs, HOVEDAFTALE, "C1-followup"),
    ]
    out += [f(ORIENTATION_MEMO, DCTERMS.creator, adm, "forvaltningerne-named") for adm in ADMINS]
    for position, key in ((satisfaction, "memo-entry"), (condition, "memo-direct")):
        out += [f(position, PROV.wasAttributedTo, GROUP, key), f(position, PROV.wasAttributedTo, BL1, key),
                f(position, PROV.wasGeneratedBy, meeting, key)]
    out.append(f(condition, GRAF.concerns, satisfaction, "memo-direct"))
    return out


# --- events --------------------------------------------------------------------------------------------------

def ev(slug: str) -> str:
    return K + f"event/{slug}"


def period(slug: str, cites: tuple[str, ...], begin: Bound | None = None, end: Bound | None = None,
           da: str = "", en: str = "") -> Interval:
    return Interval(ev(slug) + "/time", cites, begin, end, (), da, en)


Bound = str | TimePoint
MEMO_DATE = "2010-02-25"  # what the memo announces had not happened yet


def memo_events() -> list[object]:
    """The 2010 process the memo tells."""
    return [
        Event(ev("2010-01-21-approval"), str(GRAF.Decision), "Direktørkredsen godkender TMF's udkast",
              "Directors' circle approves the TMF draft", ("memo-approval",), date="2010-01-21",
              associated=(Link(BOARD, ("memo-approval",)),),
              facts=(f(ev("2010-01-21-approval"), GRAF.concerns, K + "omraadebaserede-indsatser", "memo-approval"),)),
        Event(ev("2010-02-22-joint-meeting"), str(GRAF.Meeting), "Fælles møde for Samarbejdsorganet og Kontaktudvalget",
              "Joint meeting of Samarbejdsorganet and Kontaktudvalget", ("memo-meeting",), date="2010-02-22",
              associated=tuple(Link(x, ("memo-meeting",)) for x in
                               (K + "samarbejdsorganet", K + "kontaktudvalget", GROUP, BL1)),
              informed_by=(Link(ev("2010-01-21-approval"), ("process-order",)),)),
        Event(ev("2010-talks-okf-sof"), str(PROV.Activity), "Drøftelser med Økonomiforvaltningen og Socialforvaltningen",
              "Talks with the Finance and Social Services Administrations", ("memo-adjustment",),
              interval=period("2010-talks-okf-sof", ("talks-date",), "2010-01-21", "2010-02-25"),
              associated=(Link(K + "oekonomiforvaltningen", ("memo-adjustment",)),
                          Link(K + "socialforvaltningen", ("memo-adjustment",)))),
        Event(ev("2010-02-25-memo"), str(PROV.Activity), "Orienteringsnotat til de administrerende direktører",
              "Briefing memo to the administrative directors", ("memo-header",), date="2010-02-25",
              associated=(Link(CBD, ("memo-author",)),),
              informed_by=(Link(ev("2010-02-22-joint-meeting"), ("memo-meeting",)),
                           Link(ev("2010-talks-okf-sof"), ("memo-adjustment",))),
              facts=(f(ev("2010-02-25-memo"), PROV.generated, MEMO, "memo-header"),)),
        Event(ev("2010-03-04-directors"), str(GRAF.Meeting), "Direktørmøde", "Directors' meeting", ("memo-header",),
              date="2010-03-04", planned_as_of=MEMO_DATE, associated=(Link(BOARD, ("memo-header",)),),
              informed_by=(Link(ev("2010-02-25-memo"), ("memo-header",)),),
              facts=(f(ev("2010-03-04-directors"), PROV.used, MEMO, "memo-header"),
                     f(ev("2010-03-04-directors"), GRAF.concerns, ORIENTATION_MEMO, "orientation-approval"))),
        Event(ev("2010-03-briefings"), str(GRAF.Meeting), "Kort orientering på fagudvalgenes møder ultimo marts",
              "Short briefing at the committees' meetings in late March", ("memo-briefing",),
              interval=period("2010-03-briefings", ("memo-briefing",), "2010-03", "2010-03",
                              da="ultimo marts 2010", en="late March 2010"),
              planned_as_of=MEMO_DATE,
              associated=tuple(Link(c, ("fagudvalg-named",)) for c in STANDING_COMMITTEES),
              informed_by=(Link(ev("2010-03-04-directors"), ("process-order",)),),
              facts=(f(ev("2010-03-briefings"), PROV.used, ORIENTATION_MEMO, "memo-briefing"),)),
        Event(ev("2010-03-25-local"), str(GRAF.Meeting), "Orientering af lokaludvalgene", "Local committees informed",
              ("memo-local",), date="2010-03-25", planned_as_of=MEMO_DATE,
              associated=tuple(Link(K + f"lokaludvalg/{slug}", ("lokaludvalg-named",)) for slug, _ in LOCAL_COMMITTEES)),
        Event(ev("2010-committees"), str(GRAF.Meeting), "Fællesindstillingen behandles i fagudvalgene",
              "Standing committees consider the joint recommendation", ("memo-committees",),
              interval=period("2010-committees", ("memo-committees",), "2010-04", "2010-06",
                              da="april - juni 2010", en="April–June 2010"),
              planned_as_of=MEMO_DATE,
              associated=tuple(Link(c, ("fagudvalg-named",)) for c in STANDING_COMMITTEES),
              informed_by=(Link(ev("2010-03-briefings"), ("process-order",)),)),
        Event(ev("2010-br"), str(GRAF.Meeting), "Behandling i Borgerrepræsentationen inden sommerferien",
              "City Council consideration before the summer holiday", ("memo-committees",),
              interval=period("2010-br", ("memo-committees",), None, "2010",
                              da="inden sommerferien 2010", en="before the summer holiday 2010"),
              planned_as_of=MEMO_DATE, associated=(Link(BR, ("memo-committees",)),),
              informed_by=(Link(ev("2010-committees"), ("process-order",)),)),
    ]


# slug, class, Danish label, English label, citation, date or interval (begin, end, note da, note en), associated
LATER_EVENTS = [
    ("1912-03-12-aab", PROV.Activity, "AAB stiftes", "AAB founded", "D9", "1912-03-12", (K + "aab",)),
    ("1920-05-26-kab", PROV.Activity, "KAB stiftes", "KAB founded", "D4", "1920-05-26", (K + "kab",)),
    ("1927-ksb", PROV.Activity, "KSB – Københavns Sociale Boligselskab stiftes (en af 3B's rødder)",
     "KSB – Københavns Sociale Boligselskab founded (one of 3B's roots)", "D10-roots", ("1927", "1927", "", ""), ()),
    ("1947-fb", PROV.Activity, "FB – Fagforeningernes Boligforening stiftes (en af 3B's rødder)",
     "FB – Fagforeningernes Boligforening founded (one of 3B's roots)", "D10-roots", ("1947", "1947", "", ""), ()),
    ("1967-3b-administration", PROV.Activity, "Fællesadministrationen 3B a.m.b.a. begynder",
     "Shared administration Fællesadministrationen 3B a.m.b.a. begins", "D10-roots", ("1967", "1967", "", ""), ()),
    ("2005-10-13-lokaludvalg", GRAF.Decision, "Borgerrepræsentationen beslutter at oprette lokaludvalg i alle bydele",
     "City Council decides to set up local committees in every district", "E2", "2005-10-13", (BR,)),
    ("2006-02-22-tmu-akb-kab", GRAF.Decision, "Teknik- og Miljøudvalget indstiller fusionen af AKB og KAB",
     "Technical and Environmental Committee recommends the merger of AKB and KAB", "D5", "2006-02-22",
     (K + "teknik-og-miljoeudvalget", K + "kab")),
    ("2007-01-01-akb-kab", PROV.Activity, "Boligselskabet AKB s.m.b.a. fusioneres ind i KAB",
     "Boligselskabet AKB s.m.b.a. merged into KAB", "D5", "2007-01-01", (K + "kab",)),
    ("2007-01-01-municipal-reform", PROV.Activity, "Kommunalreformen: 98 kommuner",
     "Municipal reform: 98 municipalities", "F1", "2007-01-01", ()),
    ("2007-vesterbro-lokaludvalg", PROV.Activity, "Vesterbro Lokaludvalg oprettes", "Vesterbro Local Committee set up",
     "E2", ("2007", "2007", "foråret 2007", "spring 2007"), (K + "lokaludvalg/vesterbro",)),
    ("2007-omraadeloeft", GRAF.Decision, "Udvælgelse af områdeløft 2007", "Selection of area renewal areas, 2007",
     "C11", ("2007", "2007", "", ""), ()),
    ("2008-01-01-3b", PROV.Activity, "Boligforeningen 3B dannes ved fusion", "Boligforeningen 3B formed by merger",
     "D10", "2008-01-01", (K + "3b",)),
    ("2008-01-sundholmsvej", PROV.Activity, "Ansøgning om områdeløft for Sundholmsvejkvarteret Syd",
     "Application for area renewal of Sundholmsvejkvarteret Syd", "C11", ("2008-01", "2008-01", "", ""), ()),
    ("2008-11-broenshoej-husum-lokaludvalg", PROV.Activity, "Brønshøj-Husum Lokaludvalg oprettes",
     "Brønshøj-Husum Local Committee set up", "E2", ("2008-11", "2008-11", "", ""),
     (K + "lokaludvalg/broenshoej-husum",)),
    ("2008-lokaludvalg-established", PROV.Activity, "Alle 12 lokaludvalg er oprettet",
     "All 12 local committees established", "E2", (None, "2008", "inden udgangen af 2008", "by the end of 2008"),
     ()),
    ("2009-fa09", PROV.Activity, "Administrationsselskabet FA09 stiftes", "Administration company FA09 founded", "D11",
     ("2009", "2009", "", ""), ()),
    ("2009-11-17-election", PROV.Activity, "Kommunalvalg", "Municipal election", "B7", "2009-11-17", (BR,)),
    ("2010-01-01-term", PROV.Activity, "Borgerrepræsentationens valgperiode begynder", "City Council term begins",
     "B7", "2010-01-01", (BR,)),
    ("2010-02-02-christianshavn", GRAF.Meeting, "Repræsentantskabsmøde i Christianshavns Lokaludvalg",
     "Christianshavn Local Committee's assembly elects its members", "E5", "2010-02-02",
     (K + "lokaludvalg/christianshavn",)),
    ("2010-09-24-hovedaftale", PROV.Activity, "Hovedaftale 2011-2014 dateret", "Main agreement 2011-2014 dated",
     "C1-meta", "2010-09-24", (BL1, KK)),
    ("2011-01-01-bondam", PROV.Activity, "Klaus Bondam går af som borgmester",
     "Klaus Bondam resigns as mayor", "B16-resigned", "2011-01-01", (K + "person/klaus-bondam",)),
    ("2011-05-kjeldgaard", PROV.Activity, "Bo Asmus Kjeldgaard går af; Ayfer Baykal efterfølger ham",
     "Bo Asmus Kjeldgaard resigns; Ayfer Baykal succeeds him", "B10", ("2011-05", "2011-05", "", ""),
     (K + "person/bo-asmus-kjeldgaard",)),
    ("2011-12-01-policy", GRAF.Decision, "Borgerrepræsentationen vedtager Politik for udsatte byområder",
     "City Council adopts the policy for deprived urban areas", "C9", "2011-12-01", (BR,)),
    ("2014-09-26-samarbejdsforum", GRAF.Meeting, "Udlejningsaftalen 2015-2018 i Samarbejdsforum",
     "Letting agreement 2015-2018 put to Samarbejdsforum", "C3", "2014-09-26", (K + "samarbejdsforum",)),
    ("2014-10-24-partnerskabsforum", GRAF.Meeting, "Udlejningsaftalen 2015-2018 i Partnerskabsforum",
     "Letting agreement 2015-2018 put to Partnerskabsforum", "C3", "2014-10-24", (K + "partnerskabsforum",)),
    ("2014-11-24-bl-1-kreds", GRAF.Meeting, "Udlejningsaftalen 2015-2018 i BL's 1. kreds",
     "Letting agreement 2015-2018 put to BL's 1st district", "C3", "2014-11-24", (BL1,)),
    ("2014-12-11-br", GRAF.Decision, "Udlejningsaftalen 2015-2018 og en ny hovedaftale i Borgerrepræsentationen",
     "Letting agreement 2015-2018 and a new main agreement before the City Council", "C4", "2014-12-11", (BR,)),
    ("2015-borgmesterforum-replaced", PROV.Activity, "Borgmesterforum afløses af en årlig afrapportering",
     "Borgmesterforum replaced by an annual report", "C4", ("2015", "2015", "fra 2015", "from 2015"),
     (K + "borgmesterforum",)),
    ("2017-06-22-policy-revised", GRAF.Decision, "Politik for udsatte byområder revideres",
     "Policy for deprived urban areas revised", "C9", "2017-06-22", ()),
    ("2019-almenboligaftale", PROV.Activity, "Almenboligaftale 2019 mellem Københavns Kommune og BL 1. kreds",
     "Social housing agreement 2019 between the City of Copenhagen and BL's 1st district", "C7-almenbolig",
     ("2019", "2019", "", ""), (KK, BL1)),
    ("2019-3b-kab", PROV.Activity, "Boligforeningen 3B bliver en del af KAB-fællesskabet",
     "Boligforeningen 3B joins the KAB community", "D10", ("2019", "2019", "", ""), (K + "3b", K + "kab")),
    ("2019-07-01-udlejningsaftale", PROV.Activity, "Udlejningsaftale 2019-2023 træder i kraft",
     "Letting agreement 2019-2023 comes into force", "C7", "2019-07-01", (KK, K + "bl")),
    ("2022-lokaludvalg-25", PROV.Activity, "Lokaludvalgene får 25 medlemmer", "Local committees get 25 members", "E4",
     ("2022", "2022", "fra 2022", "since 2022"), ()),
]


def later_events() -> list[object]:
    """Every other dated event FACTS.md records, at the precision it gives."""
    out: list[object] = []
    for slug, cls, da, en, key, when, associated in LATER_EVENTS:
        cites = (key,)
        kw: dict[str, object] = {"date": when} if isinstance(when, str) else {
            "interval": period(slug, cites, when[0], when[1], da=when[2], en=when[3])}
        out.append(Event(ev(slug), str(cls), da, en, cites, associated=tuple(Link(a, cites) for a in associated),
                         **kw))
    out.append(f(ev("2010-09-24-hovedaftale"), PROV.generated, HOVEDAFTALE, "C1-meta"))
    return out


# --- the reform and the scenarios ----------------------------------------------------------------------------

def reform_records() -> list[object]:
    out: list[object] = []
    for forum, (da, en) in FORA.items():
        out += [Actor(forum, str(GRAF.Forum), da, en, ("memo-chairs",)), f(forum, RDF.type, GRAF.Forum, "reform-fora")]
    out += [
        Interval(K + "validity/borgmesterforum", ("adjusted-end",), end="2014", inside=(tp("2014", "C4"),)),
        f(K + "borgmesterforum", GRAF.validDuring, K + "validity/borgmesterforum", "C4"),
        Interval(K + "validity/partnerskabsforum", ("C3",), inside=("2014-10-24",)),
        f(K + "partnerskabsforum", GRAF.validDuring, K + "validity/partnerskabsforum", "C3"),
        Actor(EP, str(GRAF.EntryPoint), "Én indgang til kommunen", "Single entry point to the municipality",
              ("memo-entry",)),
        f(KK, GRAF.hasEntryPoint, EP, "entry-point"),
    ]
    out += [f(EP, GRAF.realisedBy, forum, "entry-point") for forum in FORA]
    return out


def channel_records(scenario: str) -> list[object]:
    """The channels of one scenario, at the memo's grain: the group (and BL's 1. kreds), not each organisation."""
    validity = K + f"validity/{scenario}"
    operational = {"asis": ("open", "asis-direct"), "draft": ("unknown", "draft-direct-unknown"),
                   "adjusted": ("open", "adjusted-direct")}[scenario]
    out: list[object] = []
    for adm in ADMINS:
        slug = f"{GROUP.rsplit('/', 1)[-1]}--{adm.rsplit('/', 1)[-1]}"
        out.append(Channel(K + f"channel/{scenario}/operational/{slug}", GROUP, adm, "operational", operational[0],
                           (operational[1],), valid_during=validity))
    if scenario == "asis":
        return out
    status, key = ("unknown", "draft-formal-unknown") if scenario == "draft" else ("open", "entry-formal")
    ends = [(frm, EP) for frm in (GROUP, BL1)] + [(EP, adm) for adm in ADMINS]
    for frm, to in ends:
        slug = f"{frm.rsplit('/', 1)[-1]}--{to.rsplit('/', 1)[-1]}"
        out.append(Channel(K + f"channel/{scenario}/formal/{slug}", frm, to, "formal", status, (key,),
                           valid_during=validity))
    return out


SCENARIO_PERIODS = {
    "asis": Interval(K + "validity/asis", ("asis-period",), inside=("2010-02-22",)),
    "draft": Interval(K + "validity/draft", ("memo-approval",), begin="2010-01-21"),
    "adjusted": Interval(K + "validity/adjusted", ("memo-header",), begin="2010-02-25",
                         end=tp("2014", "adjusted-end")),
}


def chair_records() -> list[object]:
    """The adjusted model's co-chairmanship of the two fora."""
    out: list[object] = []
    for forum, (forum_name, _en) in FORA.items():
        out += [f(forum, RDF.type, GRAF.CoChairedForum, "memo-chairs"), f(forum, GRAF.coChairPost, OB, "memo-chairs"),
                f(forum, GRAF.coChairPost, TMB, "memo-chairs")]
        for post in (OB, TMB):
            post_da, post_en = POST_LABELS[post]
            seat = K + f"seat/{forum.rsplit('/', 1)[-1]}/{post.rsplit('/', 1)[-1]}"
            out += [Actor(seat, str(GRAF.ChairSeat), f"Formand for {forum_name} ({post_da.lower()})",
                          f"Chair of {forum_name} ({post_en})", ("memo-chairs",)),
                    f(seat, ORG.postIn, forum, "memo-chairs"), f(seat, ORG.role, GRAFC.chair, "memo-chairs"),
                    f(seat, GRAF.exOfficio, post, "memo-chairs")]
            if post == OB:
                out.append(f(seat, GRAF.mayDelegateTo, TMB, "memo-delegation"))
    return out


def meta_records() -> list[object]:
    memo_facts = [
        f(MEMO, RDF.type, GRAF.Document, "memo-docno"), f(MEMO, DCTERMS.identifier, Lit("2010-140582"), "memo-docno"),
        f(MEMO, GRAF.caseNumber, Lit("2009-116302"), "memo-header"),
        f(MEMO, DCTERMS.date, Lit("2010-02-25", datatype=str(XSD.date)), "memo-header"),
        f(MEMO, DCTERMS.audience, BOARD, "memo-header"),
        f(MEMO, DCTERMS.language, Lit("da"), "memo-title"), f(MEMO, DCTERMS.creator, CBD, "memo-author"),
        f(MEMO, GRAF.caseHandler, Lit("Rebecca Forsman"), "memo-handler"),
        f(MEMO, DCTERMS.title, Lit(CITATIONS[3].quotes[0].text, "da"), "memo-title"),
        f(MEMO, DCTERMS.subject, K + "political-agreement", "memo-title"),
        f(MEMO, SKOS.prefLabel, Lit("Notat 2010-140582 (25. februar 2010)", "da"), "memo-docno"),
        f(MEMO, SKOS.prefLabel, Lit("Memo 2010-140582 (25 February 2010)", "en"), "translation"),
        f(FACTS_DOC, RDF.type, GRAF.Document, "facts-header"),
        f(FACTS_DOC, SKOS.prefLabel, Lit("Faktaark med kilder (FACTS.md)", "da"), "translation"),
        f(FACTS_DOC, SKOS.prefLabel, Lit("Facts with their sources (FACTS.md)", "en"), "facts-header"),
        f(FACTS_DOC, DCTERMS.description, Lit("Facts about the Copenhagen model compiled from public documents, each "
                                              "row with its address, its origin (MEMO / EXT / DERIVED) and a "
                                              "confidence.", "en"), "facts-header"),
        f(HOVEDAFTALE, RDF.type, GRAF.Document, "C1"),
        f(HOVEDAFTALE, DCTERMS.title, Lit(next(c for c in CITATIONS if c.key == "C1").quotes[0].text, "da"), "C1"),
        f(HOVEDAFTALE, SKOS.prefLabel, Lit("Hovedaftale 2011-2014", "da"), "C1"),
        f(HOVEDAFTALE, SKOS.prefLabel, Lit("Main agreement 2011-2014", "en"), "translation"),
        f(HOVEDAFTALE, DCTERMS.identifier, Lit("2010-619375"), "C1-meta"),
        f(HOVEDAFTALE, GRAF.caseNumber, Lit("2010-134295"), "C1-meta"),
        f(HOVEDAFTALE, DCTERMS.date, Lit("2010-09-24", datatype=str(XSD.date)), "C1-meta"),
    ]
    return [*CITATIONS, *memo_facts, *SCENARIOS, *QUESTIONS]


SCENARIOS = [
    Scenario(G["asis"], "asis", "Situationen før reformen", "Situation before the reform",
             "Det, kilderne fortæller om situationen før den nye organisering: den direkte kontakt mellem "
             "forvaltningerne og de store almene boligorganisationer. Kilderne beskriver ingen fælles indgang; "
             "boligsidens ønske om én indgang tyder på, at der ikke var nogen.",
             "What the sources tell of the situation before the new organisation: the direct contacts between the "
             "administrations and the large housing organisations. The sources describe no single entry point; the "
             "housing side's wish for one suggests there was none.",
             extends=(G["base"],), derived_from=(MEMO,), valid_during=K + "validity/asis"),
    Scenario(G["draft"], "draft", "Udkast godkendt 21. januar 2010", "Draft approved on 21 January 2010",
             "TMF's udkast, godkendt af direktørkredsen. Teksten findes ikke i kilderne: formandskabet og kanalernes "
             "status er ukendt.",
             "The TMF draft approved by the directors' circle. Its text is not in the sources: the chairmanship and "
             "the status of its channels are unknown.",
             extends=(G["base"], G["reform"]), preceded_by=G["asis"], derived_from=(MEMO,),
             generated_by=K + "event/2010-01-21-approval", valid_during=K + "validity/draft"),
    Scenario(G["adjusted"], "adjusted", "Justeret model (notat 25. februar 2010)",
             "Adjusted model (memo of 25 February 2010)",
             "Modellen som justeret i notatet: fora med formandskab af overborgmesteren og teknik- og "
             "miljøborgmesteren, én indgang, og den direkte kontakt holdt åben.",
             "The model as adjusted in the memo: the fora chaired by the Lord Mayor and the Mayor for Technical and "
             "Environmental Affairs, one entry point, and the direct contact kept open.",
             extends=(G["base"], G["reform"]), preceded_by=G["asis"], derived_from=(MEMO,), revision_of=G["draft"],
             generated_by=K + "event/2010-02-25-memo", valid_during=K + "validity/adjusted"),
]

QUESTIONS = [OpenQuestion(K + f"question/{key}", about, text) for key, about, text in (
    ("entry-point", EP, "What concretely is the single entry point: a unit, a secretariat, or the fora? graf offers a "
     "reading, not a fact: it models the entry point as realised by Borgmesterforum and Partnerskabsforum (derived, "
     "see the citation 'entry-point'), because the housing side welcomed the new organisation as meeting the wish "
     "for one entry point and these fora are its new bodies. The memo does not say what the entry point is; the "
     "draft of 21 January 2010 or the joint recommendation to the committees would settle it."),
    ("group-members", GROUP, "Which organisations are 'de store almene boligorganisationer', and did they take part "
     "in the cooperation and in the joint meeting of 22 February 2010? No source names them (FACTS.md D12). graf "
     "lists the five housing organisations FACTS.md names as large in Copenhagen as members of the group, each with "
     "a derived citation; none of the group's channels or meetings is asserted of them."),
    ("draft-chairs", G["draft"], "Who chaired Borgmesterforum and Partnerskabsforum in the draft of 21 January 2010? "
     "The memo says only that the chairmanship was adjusted."),
    ("draft-channels", G["draft"], "Which formal and direct channels did the draft of 21 January 2010 have? Its text "
     "is not in the sources; graf records the channels of its reading of the new organisation with status unknown."),
    ("forum-members", K + "samarbejdsorganet", "Who are the members of Samarbejdsorganet and Kontaktudvalget? "
     "They are known only from the memo."),
    ("success-criteria", K + "success-criteria", "Which success criteria were formulated? The memo says only that "
     "clear criteria must be formulated so that the effort can be evaluated."),
    ("orientation-approval", ORIENTATION_MEMO, "Was the joint orientation memo approved, and when was it sent to the "
     "standing committees? The sources stop at the memo of 25 February 2010."),
    ("asis-formal", G["asis"], "How did the housing organisations reach the municipality formally before the "
     "reform? The sources do not describe it."),
    ("br-decision", K + "event/2010-br", "Did the city council decide on the new organisation before the summer of "
     "2010? No record was found (FACTS.md C13)."),
)]


def records() -> dict[str, list[object]]:
    """Every record, by the named graph it belongs to."""
    out = {"meta": meta_records(), "base": [*base_records(), *memo_events(), *later_events()],
           "reform": reform_records()}
    for scenario in ("asis", "draft", "adjusted"):
        out[scenario] = [SCENARIO_PERIODS[scenario], *channel_records(scenario)]
    out["adjusted"] += chair_records()
    return out


def build() -> Builder:
    check_quotes()
    b = Builder(K + "stmt/", K + "cite/")
    for name in G:  # graph order fixed, whatever order the records come in
        b.graphs[G[name]] = []
    for name, recs in records().items():
        b.add(G[name], *recs)
    for document, path in SOURCE_FILES.items():  # where the text lives: bookkeeping, not a fact about an actor
        b.raw(G["meta"], document, str(GRAF.sourceFile), Lit(path))
    b.raw(G["meta"], G["base"], str(GRAF.extendsGraph), G["meta"])
    b.raw(G["meta"], G["reform"], str(GRAF.extendsGraph), G["base"])
    unused = b.unused_citations()
    if unused:
        raise ValueError(f"citations defined but never used: {', '.join(unused)}")
    b.check()
    return b


def serialise(b: Builder) -> dict[str, str]:
    """One TriG text per named graph, deterministic."""
    out = {}
    for name, iri in G.items():
        header = (f"# Copenhagen 2010 data set, graph '{name}'. Generated by build.py from the memo and FACTS.md;\n"
                  "# edit build.py, not this file.\n")
        out[f"{name}.trig"] = b.pretty_trig(iri, PREFIXES, header)
    return out


def main() -> None:
    for filename, text in serialise(build()).items():
        (HERE / filename).write_text(text, encoding="utf-8")
        print(f"wrote {filename}")


if __name__ == "__main__":
    main()
