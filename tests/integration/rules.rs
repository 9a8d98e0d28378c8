//! Every analysis rule does something: each sentence below is analysed with all rules and with
//! one rule switched off, and the difference is asserted (so deleting a rule turns a test red).

use crate::util::lexicon;
use linjaus::analyse::lexicon::Lexicon;
use linjaus::analyse::{Rule, RuleSet, UnitAnalysis, analyse_text, text::normalise};
use linjaus::corpus::analyse_units;
use linjaus::model::{Facet, FacetSet, Unit, UnitKind};

fn analyse(text: &str, rules: RuleSet) -> (Lexicon, UnitAnalysis) {
    let mut lex = lexicon();
    lex.rules = rules;
    let a = analyse_text(&normalise(text), &lex, FacetSet::default());
    (lex, a)
}

fn themes(text: &str, rules: RuleSet) -> Vec<String> {
    let (lex, a) = analyse(text, rules);
    a.themes()
        .into_iter()
        .map(|t| lex.themes[t].id.clone())
        .collect()
}

/// `theme` is not found with all rules (and `rule` is why), but is found without `rule`.
fn rule_drops(rule: Rule, text: &str, theme: &str) {
    let all = themes(text, RuleSet::all());
    assert!(!all.iter().any(|t| t == theme), "{rule:?}: {all:?}: {text}");
    let (lex, a) = analyse(text, RuleSet::all());
    assert!(
        a.dropped
            .iter()
            .any(|d| d.rule == rule && lex.themes[d.hit.theme].id == theme),
        "{rule:?}: dropped {:?}",
        a.dropped
    );
    let without = themes(text, RuleSet::all().without(rule));
    assert!(
        without.iter().any(|t| t == theme),
        "without {rule:?}: {without:?}: {text}"
    );
}

#[test]
fn lookalike() {
    rule_drops(
        Rule::Lookalike,
        "Tietoturvaa ja tietoturvallisuutta parannetaan.",
        "safety",
    );
    rule_drops(
        Rule::Lookalike,
        "Kommunens informationssäkerhet förbättras.",
        "safety",
    );
    // Facet look-alikes: a report on whether goals were met is not a goal; meeting procedure
    // in the past passive is not an action done. A goal and an action nearby still count.
    for (text, facet) in [
        (
            "Toimintakertomuksessa on selvitys tavoitteiden toteutumisesta.",
            "goal",
        ),
        (
            "Pöytäkirjantarkastajiksi valittiin Liisa ja Matti.",
            "action",
        ),
        ("Rapporten redovisar förverkligandet av målen.", "goal"),
        ("Protokollet antecknades för kännedom.", "action"),
    ] {
        assert!(!facets(text, RuleSet::all()).contains(&facet), "{text}");
        let off = facets(text, RuleSet::all().without(Rule::Lookalike));
        assert!(off.contains(&facet), "{text}: {off:?}");
    }
    assert!(facets("Tavoitteena on lisätä liikuntaa.", RuleSet::all()).contains(&"goal"));
    assert!(facets("Kerhoja järjestettiin kouluilla.", RuleSet::all()).contains(&"action"));
}

#[test]
fn organisation_head() {
    rule_drops(
        Rule::OrganisationHead,
        "Liikuntalautakunta kokoontui maanantaina.",
        "physical-activity",
    );
    rule_drops(
        Rule::OrganisationHead,
        "Nuorisolautakunta hyväksyi talousarvion.",
        "children-youth-families",
    );
}

#[test]
fn weak_alone() {
    rule_drops(
        Rule::WeakAlone,
        "Tapahtuma järjestettiin torilla.",
        "culture-leisure",
    );
}

#[test]
fn listing() {
    let row = "Liikuntapalvelut 120 | Kirjasto 80 | Nuorisotyö 60 | Kotihoito 40 | Työllisyyspalvelut 30 | Ruokapalvelut 20";
    rule_drops(Rule::Listing, row, "physical-activity");
    assert!(
        themes(row, RuleSet::all().without(Rule::Listing)).len() >= 5,
        "{:?}",
        themes(row, RuleSet::all().without(Rule::Listing))
    );
}

#[test]
fn long_unit() {
    let text = "Kaupunginhallitus käsitteli talousarvion toteutumisen kokouksessaan ja totesi, \
        että tulot kertyivät lähes arvioidusti. Verotulojen kertymä jäi hieman alle \
        arvion, mutta valtionosuudet kasvoivat. Investointien toteutuma jäi alle \
        suunnitellun, koska useampi hanke siirtyi seuraavalle vuodelle. Rahoitusasema \
        pysyi vakaana koko vuoden ajan ja lainakanta pieneni hieman. Vuoden aikana \
        kirjaston aukioloaikoja pidennettiin. Tilikauden tulos oli ylijäämäinen ja \
        taseeseen kertynyt ylijäämä kasvoi edelleen. Henkilöstömäärä pysyi ennallaan.";
    rule_drops(Rule::LongUnit, text, "culture-leisure");
    // A phrase term is a deliberate mention, once is enough.
    let text = text.replace(
        "kirjaston aukioloaikoja pidennettiin",
        "tehtiin lapsivaikutusten arviointi",
    );
    assert!(
        themes(&text, RuleSet::all()).contains(&"welfare-management".to_string()),
        "{text}"
    );
}

#[test]
fn enumeration() {
    let text = "Vuoden aikana investoinnit kohdistuivat mm. katuihin, vesihuoltoon, kirjastoon \
        ja energiantuotantoon. Hankkeiden rahoitus järjestettiin lainanotolla ja \
        tulorahoituksella, ja kaikki aikataulut pitivät hyvin.";
    rule_drops(Rule::Enumeration, text, "culture-leisure");
    // A facility (`common.toml` `facilities`) named in a list of investments is about the
    // facility: its theme stays.
    let text = "Vuoden aikana investoinnit kohdistuivat mm. katuihin, vesihuoltoon, uimahalliin \
        ja energiantuotantoon. Hankkeiden rahoitus järjestettiin lainanotolla ja \
        tulorahoituksella, ja kaikki aikataulut pitivät hyvin.";
    assert!(themes(text, RuleSet::all()).contains(&"physical-activity".to_string()));
    // Decimal commas do not make an enumeration: the sentence is about the pupils' capacity.
    let text = "Vuoden 2023 mittausten mukaan kahdeksasluokkalaisten kunnossa on merkittäviä \
        haasteita. Myös vapaa-ajan liikuntaa harrastamattomien osuus työikäisistä asukkaista on \
        25,8%, mikä on korkeampi kuin valtakunnallinen keskiarvo (21,4%).";
    assert!(
        themes(text, RuleSet::all()).contains(&"working-age".to_string()),
        "{text}"
    );
}

fn facets(text: &str, rules: RuleSet) -> Vec<&'static str> {
    analyse(text, rules).1.facets.ids()
}

#[test]
fn weak_cue() {
    let text = "Palvelu vastaa tarpeeseen.";
    assert!(!facets(text, RuleSet::all()).contains(&"owner"));
    assert!(facets(text, RuleSet::all().without(Rule::WeakCue)).contains(&"owner"));
    // Two weak cues that match one word (`arviointi`, `~arvio`) are one place, not two.
    let text = "Investoinnit otetaan osaksi kokonaisarviointia.";
    assert!(!facets(text, RuleSet::all()).contains(&"evaluation"));
    assert!(facets(text, RuleSet::all().without(Rule::WeakCue)).contains(&"evaluation"));
}

#[test]
fn number_counts() {
    // `vähintään` is a weak target cue: a number in the unit makes it count.
    let text = "Tavoitteena on kävijöitä vähintään 3 000.";
    assert!(facets(text, RuleSet::all()).contains(&"target"));
    assert!(!facets(text, RuleSet::all().without(Rule::NumberCounts)).contains(&"target"));
    // Without a number it does not count either way.
    assert!(
        !facets(
            "Tavoitteena on kävijöitä vähintään saman verran.",
            RuleSet::all()
        )
        .contains(&"target")
    );
}

#[test]
fn target_needs_goal() {
    // A percentage in a financial sentence is not a target level; with a goal it is.
    let text = "Toimintakulut kasvoivat 3,2 % edellisvuodesta.";
    assert!(!facets(text, RuleSet::all()).contains(&"target"));
    assert!(facets(text, RuleSet::all().without(Rule::TargetNeedsGoal)).contains(&"target"));
    let text = "Tavoitteena on nostaa osuus 80 %:iin.";
    assert!(facets(text, RuleSet::all()).contains(&"target"));
    // A strong target cue needs no goal.
    assert!(facets("Tavoitetaso 3 000 kävijää.", RuleSet::all()).contains(&"target"));
    // The goal must be in the percentage's sentence (a colon does not end it): a realised share
    // in another sentence of a goal unit is not a target level.
    let text = "Tavoitteena on lisätä liikuntaa. Osuus oli 45 % vuonna 2024.";
    let f = facets(text, RuleSet::all());
    assert!(f.contains(&"goal") && !f.contains(&"target"), "{f:?}");
    assert!(facets(text, RuleSet::all().without(Rule::TargetNeedsGoal)).contains(&"target"));
    assert!(facets("Tavoite: osuus vähintään 45 %.", RuleSet::all()).contains(&"target"));
    // Under a goal heading (facets inherited) a percentage is a target level.
    let mut goal = FacetSet::default();
    goal.insert(Facet::Goal);
    let lex = lexicon();
    let under = analyse_text(&normalise("Osuus 45 %."), &lex, goal);
    assert!(
        under.facets.contains(Facet::Target),
        "{:?}",
        under.facets.ids()
    );
    let alone = analyse_text(&normalise("Osuus 45 %."), &lex, FacetSet::default());
    assert!(!alone.facets.contains(Facet::Target));
    // An abbreviation does not end the sentence; a full stop before a capital or a line break
    // does, with or without a space.
    for text in [
        "Tavoitteena on nostaa liikkuvien osuus v. 2027 mennessä yli 60 %:iin.",
        "Tavoitteena on nostaa liikkuvien osuus n. 60 %:iin.",
    ] {
        assert!(facets(text, RuleSet::all()).contains(&"target"), "{text}");
    }
    for text in [
        "Tavoitteena on lisätä liikuntaa.\nOsuus oli 45 % vuonna 2024.",
        "Tavoitteena on lisätä liikuntaa.Osuus oli 45 % vuonna 2024.",
    ] {
        assert!(!facets(text, RuleSet::all()).contains(&"target"), "{text}");
    }
}

#[test]
fn budget_is_no_evaluation() {
    // `~arvio` inside `talousarvio` (budget) is no evaluation cue, twice or not; an evaluation is.
    let text = "Talousarvion toteutumista seurataan, ja talousarviota muutetaan tarvittaessa.";
    assert!(!facets(text, RuleSet::all()).contains(&"evaluation"));
    let text = "Tarkastuslautakunta toteaa arvioinnissaan, että tavoite toteutui.";
    assert!(facets(text, RuleSet::all()).contains(&"evaluation"));
}

#[test]
fn owner_lookalikes() {
    // `vastaa` as "corresponds to", `omalla vastuulla` ("at one's own risk") and a chair of a
    // meeting are not who is responsible; `lautakunta vastaa` is.
    for text in [
        "Kaupunginhallituksen toimintakate alittui 1 %-yksikköä, mikä vastaa 0,4 milj. euroa.",
        "Oikaisuvaatimus toimitetaan kaupunginhallitukselle omalla vastuulla.",
        "Kokouskutsun antaa valtuuston puheenjohtaja, joka vastaa kutsun lähettämisestä.",
    ] {
        assert!(!facets(text, RuleSet::all()).contains(&"owner"), "{text}");
    }
    let text = "Hyvinvointilautakunta vastaa hankkeen toteutuksesta.";
    assert!(facets(text, RuleSet::all()).contains(&"owner"));
}

#[test]
fn procedural_context() {
    rule_drops(
        Rule::ProceduralContext,
        "Siivoussopimus uimahallissa jatkuu vuoden loppuun.",
        "physical-activity",
    );
    rule_drops(
        Rule::ProceduralContext,
        "Kaupunginhallitus hyväksyi kouluruokailun hankintasopimuksen.",
        "nutrition",
    );
    // The second of two coordinated words shares the first one's procedure; two halls whose
    // opening hours grow are no procedure.
    rule_drops(
        Rule::ProceduralContext,
        "Upphandlingen av städtjänster i simhallen och idrottshallen avgjordes i nämnden.",
        "physical-activity",
    );
    // A gradated form of `urakka`; Swedish contract work and property, as `urakka` and
    // `kiinteistö`.
    rule_drops(
        Rule::ProceduralContext,
        "Kirjastotalon ilmanvaihtourakan takuuajan vakuus palautetaan.",
        "culture-leisure",
    );
    rule_drops(
        Rule::ProceduralContext,
        "Entreprenaden för simhallens tak avgörs i nämnden i höst.",
        "physical-activity",
    );
    rule_drops(
        Rule::ProceduralContext,
        "Kommunen köper idrottsföreningens fastighet vid sjön.",
        "ngos",
    );
    for text in [
        "Uimahallin ja jäähallin aukioloajat laajenevat.",
        // `ja` joins a clause here, not a word of the same kind.
        "Uimahallin siivoussopimus uusitaan ja liikuntaneuvonta laajenee.",
    ] {
        assert!(
            themes(text, RuleSet::all()).contains(&"physical-activity".to_string()),
            "{text}"
        );
    }
    // Over one short linking word (`i`), in Swedish (a street named after sports grounds is a
    // look-alike); a school route or the street as a place (`på gatan`) is no procedure.
    for text in [
        "Vi förbättrar barnens trygghet på skolvägen med nya övergångsställen.",
        "Fältarbetare möter ungdomar på gatan och erbjuder stöd och samtal.",
    ] {
        let (lex, a) = analyse(text, RuleSet::all());
        assert!(
            !a.dropped.iter().any(|d| d.rule == Rule::ProceduralContext),
            "{text}: {:?}",
            a.dropped
                .iter()
                .map(|d| &lex.themes[d.hit.theme].id)
                .collect::<Vec<_>>()
        );
    }
    rule_drops(
        Rule::ProceduralContext,
        "Upphandlingen av städtjänster i simhallen konkurrensutsätts under våren.",
        "physical-activity",
    );
    rule_drops(
        Rule::Lookalike,
        "Ombyggnaden av Idrottsvägen och gatubelysningen kostar 420 000 euro.",
        "physical-activity",
    );
    // The same word about the service itself still counts.
    assert!(
        themes("Uimahallissa järjestetään vesijumppaa.", RuleSet::all())
            .contains(&"physical-activity".to_string())
    );
    assert!(
        themes(
            "Simskolor i simhallen ordnas för alla barn i åk 2 och det är gratis.",
            RuleSet::all()
        )
        .contains(&"physical-activity".to_string())
    );
}

#[test]
fn organ_phrase() {
    rule_drops(
        Rule::OrganPhrase,
        "Eeva Jylhä, varajäsen Diana Magyar, Nuorisovaltuuston edustaja",
        "participation",
    );
    rule_drops(
        Rule::OrganPhrase,
        "Valitaan ympäristöterveydenhuollon yhteistoimintajaostoon edustaja.",
        "living-environment",
    );
    // A truncated compound joined to a committee whose name is hyphenated itself.
    rule_drops(
        Rule::OrganPhrase,
        "Liikunta- ja vapaa-aikalautakunta kokoontui valtuustosalissa.",
        "physical-activity",
    );
    assert!(
        themes(
            "Nuorisovaltuusto antoi lausunnon koulukuljetuksista.",
            RuleSet::all()
        )
        .contains(&"participation".to_string())
    );
    // A role followed by a person's name names the person (fi and sv); the role's work, without
    // a name, is the theme.
    rule_drops(
        Rule::OrganPhrase,
        "Lautakunta kuuli järjestökoordinaattori Riina Turjaa asiassa.",
        "ngos",
    );
    rule_drops(
        Rule::OrganPhrase,
        "Nämnden hörde minneskoordinator Anna Berg i ärendet och för protokollet.",
        "older-people",
    );
    assert_eq!(
        themes(
            "Järjestökoordinaattori kokoaa avustusten tiedot.",
            RuleSet::all()
        ),
        ["ngos"]
    );
    // A table cell, a label or brackets after the role are no name.
    for text in [
        "| Avustusten haku | järjestökoordinaattori | Valmis 2025 |",
        "Vastuu: järjestökoordinaattori Aikataulu: 2025 Mittari: toteutuneet toimet",
        "Järjestökoordinaattori (HYTE) kokoaa ryhmän.",
    ] {
        let kept = themes(text, RuleSet::all());
        assert!(kept.iter().any(|t| t == "ngos"), "{kept:?}: {text}");
    }
    // A sector in general is no department.
    let kept = themes(
        "Kulttuurisektorin toimijat saavat kaupungilta toiminta-avustuksia.",
        RuleSet::all(),
    );
    assert!(kept.iter().any(|t| t == "culture-leisure"), "{kept:?}");
}

#[test]
fn context_cue() {
    // Bodies named in minutes are not owners; a body that answers for something is.
    let text = "Kaupunginhallitus ja sivistyslautakunta kokoontuivat.";
    assert!(!facets(text, RuleSet::all()).contains(&"owner"));
    assert!(facets(text, RuleSet::all().without(Rule::ContextCue)).contains(&"owner"));
    assert!(facets("Sivistyslautakunta vastaa hankkeesta.", RuleSet::all()).contains(&"owner"));
    // A role answering for something is an owner too.
    assert!(facets("Kokeilusta vastaa sivistysjohtaja.", RuleSet::all()).contains(&"owner"));
    // Only in the sentence of the weak cue: a body in one sentence and `vastaa` ("corresponds")
    // in another make no owner.
    let apart = "Kaupunginhallitus käsitteli raportin. Toteuma vastaa talousarviota.";
    assert!(!facets(apart, RuleSet::all()).contains(&"owner"));
    assert!(facets(apart, RuleSet::all().without(Rule::ContextCue)).contains(&"owner"));
    // Any place of the weak cue counts, not only its first.
    let second =
        "Tulos vastaa tavoitetta. Liikuntapaikkojen kunnossapidosta vastaa tekninen lautakunta.";
    assert!(facets(second, RuleSet::all()).contains(&"owner"));
    // Swedish too.
    assert!(!facets("Nämnden och styrelsen sammanträdde.", RuleSet::all()).contains(&"owner"));
}

#[test]
fn suffix_cue() {
    let text = "Kirjastossa pidettiin satutunteja.";
    assert!(facets(text, RuleSet::all()).contains(&"action"));
    assert!(!facets(text, RuleSet::all().without(Rule::SuffixCue)).contains(&"action"));
    let text = "I biblioteket ordnades sagostunder.";
    assert!(facets(text, RuleSet::all()).contains(&"action"));
    assert!(!facets(text, RuleSet::all().without(Rule::SuffixCue)).contains(&"action"));
}

#[test]
fn narrative_outcomes_and_actions() {
    let f = facets(
        "Tavoite toteutui osittain. Hanke tavoitti 46 nuorta. Uusi toimintamalli käynnistettiin.",
        RuleSet::all(),
    );
    assert!(f.contains(&"outcome") && f.contains(&"action"), "{f:?}");
    // A past participle of doing (`on päivitetty`) is an action; one of procedure
    // (`allekirjoitettu`, signed) is not; Swedish too.
    let t = "Koulujen järjestyssääntöjä on päivitetty.";
    assert!(facets(t, RuleSet::all()).contains(&"action"));
    assert!(!facets(t, RuleSet::all().without(Rule::SuffixCue)).contains(&"action"));
    assert!(!facets("Pöytäkirja on allekirjoitettu.", RuleSet::all()).contains(&"action"));
    assert!(
        facets(
            "Skolornas ordningsregler har uppdaterats och de gäller för alla elever.",
            RuleSet::all()
        )
        .contains(&"action")
    );
    // Accessibility (`saavutettavuus`) is no outcome, nor is invoicing (`laskutettava`) a fall
    // (`laski`); a fall or a carried-out action is.
    assert!(
        !facets("Palvelujen saavutettavuutta parannetaan.", RuleSet::all()).contains(&"outcome")
    );
    assert!(!facets("Maksu on laskutettava kuukausittain.", RuleSet::all()).contains(&"outcome"));
    assert!(facets("Yhdistys toteutti kolme leiriä.", RuleSet::all()).contains(&"outcome"));
    // The realisation report's title is not an outcome.
    assert!(!facets("Talousarvion toteutuminen 1.1.-31.3.", RuleSet::all()).contains(&"outcome"));
}

fn unit(index: usize, kind: UnitKind, heading_path: &[&str], text: &str) -> Unit {
    Unit {
        index,
        kind,
        page: 1,
        page_label: None,
        heading_path: heading_path.iter().map(|s| s.to_string()).collect(),
        text: text.to_string(),
        table_header: None,
        cells: Vec::new(),
    }
}

fn unit_facets(units: Vec<Unit>, rules: RuleSet) -> Vec<FacetSet> {
    let mut lex = lexicon();
    lex.rules = rules;
    analyse_units(units, &lex)
        .into_iter()
        .map(|u| u.analysis.facets)
        .collect()
}

#[test]
fn heading_facets() {
    let units = || {
        vec![
            unit(0, UnitKind::Heading, &[], "Sitovat tavoitteet"),
            unit(
                1,
                UnitKind::Paragraph,
                &["Sitovat tavoitteet"],
                "Kirjaston kävijämäärä kasvaa.",
            ),
        ]
    };
    let all = unit_facets(units(), RuleSet::all());
    assert!(all[1].contains(Facet::Goal) && all[1].contains(Facet::Binding));
    let off = unit_facets(units(), RuleSet::all().without(Rule::HeadingFacets));
    assert!(!off[1].contains(Facet::Goal) && !off[1].contains(Facet::Binding));
}

#[test]
fn table_header_facets() {
    let units = || {
        let mut row = unit(1, UnitKind::TableRow, &[], "Kirjasto | 5000 | kävijät");
        row.table_header = Some(0);
        vec![
            unit(0, UnitKind::TableRow, &[], "Tavoite | Mittari | Vastuutaho"),
            row,
        ]
    };
    let all = unit_facets(units(), RuleSet::all());
    assert!(all[1].contains(Facet::Indicator), "{:?}", all[1].ids());
    let off = unit_facets(units(), RuleSet::all().without(Rule::TableHeaderFacets));
    assert!(!off[1].contains(Facet::Indicator), "{:?}", off[1].ids());
}

#[test]
fn personnel_context() {
    // Own personnel is not a resident welfare theme (labelling guide): post filling, job
    // descriptions, staff holidays; Finnish and Swedish; a two-word cue needs both words.
    rule_drops(
        Rule::PersonnelContext,
        "Hyvinvointilautakunta pyytää täyttölupaa musiikkiopiston opettajan viran täyttämiseen.",
        "culture-leisure",
    );
    rule_drops(
        Rule::PersonnelContext,
        "Nuorisotyöntekijän tehtävänkuvaa päivitetään.",
        "children-youth-families",
    );
    rule_drops(
        Rule::PersonnelContext,
        "Befattningsbeskrivningen för bibliotekarien vid biblioteket uppdateras.",
        "culture-leisure",
    );
    // A post filled, a substitute hired (fi, sv).
    rule_drops(
        Rule::PersonnelContext,
        "Lukion lehtorin virkaan valittiin filosofian maisteri Anna Virtanen.",
        "education",
    );
    rule_drops(
        Rule::PersonnelContext,
        "Kotihoidon lähihoitajan sijaisen palkkaaminen ajalle 1.1.–31.3.2025.",
        "older-people",
    );
    rule_drops(
        Rule::PersonnelContext,
        "Tjänsten som bibliotekarie vid stadsbiblioteket besätts från och med augusti.",
        "culture-leisure",
    );
    // An appointment: the qualities of the chosen applicant name services, not a theme.
    rule_drops(
        Rule::PersonnelContext,
        "Ehdotus perustuu ansiovertailuun. Hän tuntee valmistavan opetuksen ja S2-opetuksen \
         järjestämisen ja täyttää hakijoista parhaiten viran vaatimukset.",
        "integration",
    );
    // Not posts: a form filled in, authorities, measures carried out, a branch office.
    for text in [
        "Lomakkeen täyttäminen kirjastossa on helppoa.",
        "Viranomaisten täytyy varmistaa kirjaston aukiolo.",
        "Toimenpiteiden täytäntöönpano: kirjaston aukioloa pidennetään.",
        "Kirjaston sivutoimipiste avataan kylälle.",
    ] {
        assert_eq!(themes(text, RuleSet::all()), ["culture-leisure"], "{text}");
    }
    rule_drops(
        Rule::PersonnelContext,
        "Sivutoimi-ilmoitus: kirjastonhoitajan sivutoimi kulttuuriyhdistyksessä.",
        "culture-leisure",
    );
}

#[test]
fn finance_row() {
    // A finance table's row or list names cost centres, not a theme (labelling guide): a
    // finance word with mostly numbers, or with almost no other lower-case words; fi and sv.
    rule_drops(
        Rule::FinanceRow,
        "Talousarvion 2024 investointien toteuma 1.1.-31.10.2024: Yläkoulun irtaimisto Lukio Alakoulut",
        "education",
    );
    rule_drops(
        Rule::FinanceRow,
        "nuorisotoimi: TA 2024 Tot. 09/2024 Tot-% Toimintatuotot 170.200 151.739 89,2",
        "children-youth-families",
    );
    rule_drops(
        Rule::FinanceRow,
        "Investeringar och utfall för 2024: Biblioteket 10 000 8 000 80",
        "culture-leisure",
    );
    // Costs as negative amounts make a budget row, its finance word only in the heading; a row
    // of statistics (pupils by year, a range `1-6`) keeps its theme.
    rule_drops(
        Rule::FinanceRow,
        "Liikuntatoimi | -20.000 -6.738 | 33,7",
        "physical-activity",
    );
    rule_drops(
        Rule::FinanceRow,
        "Kansalaisopisto - 15 000 - 13 750 | 91,7",
        "culture-leisure",
    );
    rule_drops(
        Rule::FinanceRow,
        "Liikuntatoimi 980 000 1 020 000 -40 000 104,1",
        "physical-activity",
    );
    rule_drops(
        Rule::FinanceRow,
        "Liikuntatoimi -20 000 -6 738",
        "physical-activity",
    );
    for (row, theme) in [
        (
            "Perusopetuksen oppilaat | 751 | 1 056 | 1 043 | 1 276",
            "education",
        ),
        (
            "Perusopetus, luokat 1-6 | 1052 | 1008 | 944 | 894",
            "education",
        ),
        (
            "Perusopetus, lukuvuosi 2019-2020 | 1052 | 1008",
            "education",
        ),
        (
            "Perusopetuksen oppilaat, tavoite 1000-1200 | 1052 | 1008",
            "education",
        ),
        ("Liikuntasuunnitelma 2021 - 2025", "physical-activity"),
        ("Kulttuuripalvelut 2022 -2025", "culture-leisure"),
        (
            "Kouluaterioiden lukumäärä, kpl | 414 460 | 425 000 | 404 370",
            "nutrition",
        ),
    ] {
        assert_eq!(themes(row, RuleSet::all()), [theme], "{row}");
    }
    // A realisation table with its proposal in one unit: dotted thousands count as numbers of
    // their own for the finance-word test, as they did before cost rows were read.
    rule_drops(
        Rule::FinanceRow,
        "Talousarvion 2025 investointien toteuma 1.1.-31.3.2025: TA 2025 Tot. 03/2025 Tot-% \
         Kansalaisopisto -10.000 0 0 Kulttuuritoimi -10.000 -10.000 100,0 Liikuntatoimi -20.000 \
         330,48 (vuoden 2024 alv-korjauksia) -1,7 Ehdotus Esittelijä: Mika Kamunen, Sivistys- ja \
         hyvinvointijohtaja Hyvinvointilautakunta merkitsee hyvinvointilautakunnan alaisen talouden \
         ja toiminnan toteutumisen ajalta 1.1-31.3.2025 tiedokseen ja toimittaa sen edelleen \
         kaupunginhallitukselle ja -valtuustolle tiedoksi. Päätös Hyvinvointilautakunta hyväksyi \
         sivistys- ja hyvinvointijohtajan ehdotuksen.",
        "culture-leisure",
    );
    // A sentence about the same money keeps its theme.
    let kept = themes(
        "Uimahallin peruskorjauksen investointi sisältyy talousarvioon, ja uimahalli avataan syksyllä 2026.",
        RuleSet::all(),
    );
    assert_eq!(kept, ["physical-activity"]);
    // So does a minutes item's title, which names an appropriation but is no table row.
    let title = themes(
        "§ 22 Terveyden edistämisen määrärahan käyttö 2025",
        RuleSet::all(),
    );
    assert_eq!(title, ["wellbeing-promotion"]);
    // A facility in a finance row keeps its theme (an appropriation for the swimming hall);
    // the cost centre beside it does not.
    let row = "Talousarvion 2025 investointien toteuma 1.1.-30.9.2025: uusi uimahalli 76.000 €, \
        kirjasto 18.500 €, TA25 TOT 9/2025";
    let (lex, a) = analyse(row, RuleSet::all());
    let ids: Vec<&str> = a
        .hits
        .iter()
        .map(|h| lex.themes[h.theme].id.as_str())
        .collect();
    assert_eq!(ids, ["physical-activity"], "{:?}", a.dropped);
    assert!(a.dropped.iter().any(|d| d.rule == Rule::FinanceRow));
    // A short sentence, money written with thousands groups, and the Swedish verb `ta` are
    // no finance rows.
    for (text, theme) in [
        (
            "Liikuntapalvelujen investoinnit kasvavat.",
            "physical-activity",
        ),
        (
            "Vuonna 2023 nuorisotyön määrärahoja korotettiin 20 000 eurolla ja lasten liikuntaan 10 000 euroa.",
            "physical-activity",
        ),
        (
            "Ungdomarna får ta ansvar för sin fritid.",
            "children-youth-families",
        ),
    ] {
        let kept = themes(text, RuleSet::all());
        assert!(kept.iter().any(|t| t == theme), "{kept:?}: {text}");
    }
}

#[test]
fn learned() {
    // With a model that is sure no candidate counts, the theme goes; without the rule it stays.
    // (How a model is trained and what its features are: src/analyse/learned.rs, eval.rs.)
    let text = "Kirjaston aukioloaikoja pidennetään.";
    let mut lex = lexicon();
    lex.learned = Some(linjaus::analyse::learned::Model {
        threshold: 0.5,
        weights: [("bias".to_string(), -5.0)].into_iter().collect(),
    });
    let ids = |lex: &Lexicon| {
        let a = analyse_text(&normalise(text), lex, FacetSet::default());
        a.themes()
            .into_iter()
            .map(|t| lex.themes[t].id.clone())
            .collect::<Vec<_>>()
    };
    assert!(ids(&lex).is_empty(), "{:?}", ids(&lex));
    lex.rules = RuleSet::all().without(Rule::Learned);
    assert_eq!(ids(&lex), ["culture-leisure"]);
}

#[test]
fn rule_set_is_part_of_the_cache_fingerprint() {
    let mut lex = lexicon();
    let all = linjaus::cache::lexicon_fingerprint(&lex);
    for r in Rule::ALL {
        lex.rules = RuleSet::all().without(r);
        assert_ne!(linjaus::cache::lexicon_fingerprint(&lex), all, "{r:?}");
    }
}

#[test]
fn every_rule_has_a_test_here() {
    // A new rule must get a test above; this list is Rule::ALL.
    let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(
        ids,
        [
            "lookalike",
            "organisation-head",
            "weak-alone",
            "listing",
            "long-unit",
            "enumeration",
            "weak-cue",
            "number-counts",
            "heading-facets",
            "table-header-facets",
            "procedural-context",
            "organ-phrase",
            "context-cue",
            "suffix-cue",
            "target-needs-goal",
            "learned",
            "personnel-context",
            "finance-row",
        ]
    );
}

#[test]
fn swedish_first_person_goal_and_updated_action() {
    // `Vi motverkar …` states a line the municipality commits to (as Finnish `ehkäisemme`);
    // `godkänner den uppdaterade planen` reports an action done.
    let f = facets(
        "Vi motverkar utanförskap bland unga genom uppsökande ungdomsarbete.",
        RuleSet::all(),
    );
    assert!(f.contains(&"goal"), "{f:?}");
    let f = facets(
        "Kommunstyrelsen godkänner den uppdaterade beredskapsplanen.",
        RuleSet::all(),
    );
    assert!(f.contains(&"action"), "{f:?}");
}

#[test]
fn a_unit_without_language_cues_is_read_in_its_documents_language() {
    // A Swedish budget's table row has no function word: it is read as Swedish because the
    // document is, so `Idrottshallen` is physical activity; in a Finnish document a row with
    // no cue stays Finnish.
    let lex = lexicon();
    let sv = analyse_units(
        vec![
            unit(
                0,
                UnitKind::Paragraph,
                &[],
                "Kommunen satsar på motion och idrott för alla invånare och stöder föreningarna.",
            ),
            unit(
                1,
                UnitKind::TableRow,
                &[],
                "Idrottshallen, renovering | 300 000 €",
            ),
        ],
        &lex,
    );
    assert_eq!(sv[1].analysis.lang, linjaus::model::Lang::Sv);
    let themes: Vec<&str> = sv[1]
        .analysis
        .themes()
        .into_iter()
        .map(|t| lex.themes[t].id.as_str())
        .collect();
    assert_eq!(themes, ["physical-activity"]);
    let fi = analyse_units(
        vec![
            unit(
                0,
                UnitKind::Paragraph,
                &[],
                "Kunta panostaa liikuntaan ja tukee yhdistyksiä, ja uimahalli peruskorjataan.",
            ),
            unit(
                1,
                UnitKind::TableRow,
                &[],
                "Liikuntahalli, peruskorjaus | 300 000 €",
            ),
        ],
        &lex,
    );
    assert_eq!(fi[1].analysis.lang, linjaus::model::Lang::Fi);
    assert!(!fi[1].analysis.themes().is_empty());
}

#[test]
fn performance_words_alone_are_no_evaluation() {
    // Effectiveness, performance and conclusions are talked about everywhere; they judge an
    // achievement only beside another evaluation cue (the audit committee, an assessment).
    for text in [
        "Toiminnan tuloksellisuutta parannetaan uusilla toimintamalleilla.",
        "Palvelujen vaikuttavuutta lisätään kehittämällä ohjausta.",
        "Kokeilusta tehdään johtopäätökset syksyllä.",
    ] {
        assert!(
            !facets(text, RuleSet::all()).contains(&"evaluation"),
            "{text}"
        );
    }
    assert!(
        facets(
            "Tarkastuslautakunta arvioi liikuntapalvelujen tuloksellisuutta.",
            RuleSet::all()
        )
        .contains(&"evaluation")
    );
}
