//! The matcher on real-world Finnish and Swedish forms: inflection, compounds, phrases,
//! look-alikes, weak terms, listing units.

use crate::util::lexicon;
use linjaus::analyse::{analyse_text, text::normalise};
use linjaus::model::FacetSet;

fn themes(text: &str) -> Vec<String> {
    let lex = lexicon();
    let a = analyse_text(&normalise(text), &lex, FacetSet::default());
    a.themes()
        .into_iter()
        .map(|t| lex.themes[t].id.clone())
        .collect()
}

fn facets(text: &str) -> Vec<&'static str> {
    analyse_text(&normalise(text), &lexicon(), FacetSet::default())
        .facets
        .ids()
}

#[test]
fn inflected_and_compound_forms() {
    // (word form as it appears in municipal text, theme it must find)
    let cases = [
        ("kuntoliikuntapaikkojen", "physical-activity"),
        ("liikunnan", "physical-activity"),
        ("lähiliikuntapaikoilla", "physical-activity"),
        ("liikkumista", "physical-activity"),
        ("uimahallin", "physical-activity"),
        ("ulkoilureittien", "physical-activity"),
        ("lähisuhdeväkivallan", "violence"),
        ("väkivaltaa", "violence"),
        ("koulukiusaamisen", "violence"),
        ("ikääntyneiden", "older-people"),
        ("ikäihmisten", "older-people"),
        ("kotihoidon", "older-people"),
        ("omaishoitajien", "older-people"),
        ("muistisairaiden", "older-people"),
        ("lasten", "children-youth-families"),
        ("lapsiperheiden", "children-youth-families"),
        ("nuorten", "children-youth-families"),
        ("lastensuojelun", "children-youth-families"),
        ("nuorisotyön", "children-youth-families"),
        ("mielenterveyspalveluihin", "mental-health"),
        ("mielenterveyden", "mental-health"),
        ("masennuksen", "mental-health"),
        ("päihteiden", "substance-use"),
        ("päihdetyön", "substance-use"),
        ("alkoholinkäyttö", "substance-use"),
        ("tupakoinnin", "substance-use"),
        ("yksinäisyyttä", "loneliness-community"),
        ("yhteisöllisyyden", "loneliness-community"),
        ("osallisuuden", "participation"),
        ("nuorisovaltuuston", "participation"),
        ("turvallisuuden", "safety"),
        ("liikenneturvallisuutta", "safety"),
        ("kaatumistapaturmien", "safety"),
        ("työllisyyden", "employment-income"),
        ("pitkäaikaistyöttömien", "employment-income"),
        ("toimeentulotuen", "employment-income"),
        ("nuorisotyöttömyys", "employment-income"),
        ("varhaiskasvatuksen", "education"),
        ("perusopetuksen", "education"),
        ("syrjäytymisen", "exclusion-prevention"),
        ("kirjastojen", "culture-leisure"),
        ("harrastamisen", "culture-leisure"),
        ("toimintakyvyn", "functional-capacity"),
        ("kotoutumisen", "integration"),
        ("maahanmuuttajien", "integration"),
        ("esteettömyyden", "disability-accessibility"),
        ("hyvinvointialueen palvelujen", "services-cooperation"),
        ("yhdyspintatyön", "services-cooperation"),
        ("järjestöjen", "ngos"),
        ("kouluruokailun", "nutrition"),
        ("terveyserojen", "equality"),
        ("elinympäristön", "living-environment"),
        ("asunnottomuuden", "living-environment"),
    ];
    let mut failures = Vec::new();
    for (form, theme) in cases {
        let text = format!("Kunta panostaa {form} kehittämiseen.");
        if !themes(&text).iter().any(|t| t == theme) {
            failures.push(format!("{form} → {theme}: got {:?}", themes(&text)));
        }
    }
    assert!(cases.len() >= 40);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn phrases_match_across_inflection() {
    assert!(
        themes("Ehkäisevää päihdetyötä tehdään kouluissa.").contains(&"substance-use".to_string())
    );
    assert!(
        themes("Lasten fyysisen aktiivisuuden lisääminen.")
            .contains(&"physical-activity".to_string())
    );
    assert!(
        themes("Etsivää nuorisotyötä tehdään kylillä.")
            .contains(&"exclusion-prevention".to_string())
    );
    // `matalan kynnyksen` is weak: a low-threshold exercise group is not exclusion prevention.
    assert!(
        !themes("Matalan kynnyksen liikuntaryhmiä järjestettiin.")
            .contains(&"exclusion-prevention".to_string())
    );
    assert!(
        themes("Hyvinvointi-\nkertomus valmistui.").contains(&"wellbeing-promotion".to_string())
    );
}

#[test]
fn look_alikes_are_not_themes() {
    assert!(
        !themes("Hyvinvointialueen laskutus siirtyi uuteen järjestelmään.")
            .contains(&"wellbeing-promotion".to_string())
    );
    assert!(
        themes("Hyvinvointialueen laskutus siirtyi uuteen järjestelmään.").is_empty()
            || !themes("Hyvinvointialueen laskutus.").contains(&"wellbeing-promotion".to_string())
    );
    assert!(themes("Tietoturvaa ja tietoturvallisuutta parannetaan.").is_empty());
    // `mielipide` is no `mieli` (mental health); residents' opinions gathered are
    // participation (labelling guide).
    assert_eq!(
        themes("Asukkaiden mielipiteet kerättiin mielipidekyselyllä."),
        ["participation"]
    );
    assert!(!themes("Työturvallisuus on henkilöstön asia.").contains(&"safety".to_string()));
    assert!(
        !themes("Hankinnoissa suositaan ympäristöystävällisiä tuotteita.")
            .contains(&"loneliness-community".to_string())
    );
    assert!(!themes("Toimintakulut kasvoivat.").contains(&"functional-capacity".to_string()));
    assert!(!themes("Lukien 1.1.2026 maksut nousevat.").contains(&"education".to_string()));
    // The same word is the wellbeing theme when it is about residents' wellbeing.
    assert!(
        themes("Kunta edistää kuntalaisten hyvinvointia.")
            .contains(&"wellbeing-promotion".to_string())
    );
}

#[test]
fn weak_terms_need_a_second_cue() {
    // `tapahtuma` is weak for culture: alone it is not enough, with `kulttuuri` it counts.
    assert!(!themes("Tapahtuma järjestettiin torilla.").contains(&"culture-leisure".to_string()));
    assert!(
        themes("Kulttuuritapahtuma järjestettiin torilla.")
            .contains(&"culture-leisure".to_string())
    );
    assert!(!themes("Ympäristö muuttuu.").contains(&"living-environment".to_string()));
    assert!(
        themes("Ympäristö ja viheralueet paranevat.").contains(&"living-environment".to_string())
    );
}

#[test]
fn swedish_units_use_swedish_terms() {
    assert!(
        themes("Kommunen främjar motion och idrott för barn och unga.")
            .contains(&"physical-activity".to_string())
    );
    assert!(
        themes("Kommunen främjar motion och idrott för barn och unga.")
            .contains(&"children-youth-families".to_string())
    );
    assert!(
        themes("Ensamheten bland äldre minskas genom mötesplatser.")
            .contains(&"loneliness-community".to_string())
    );
    assert!(themes("Våld i nära relationer förebyggs.").contains(&"violence".to_string()));
    assert!(!themes("Kostnaderna för välfärdsområdet ökade.").contains(&"nutrition".to_string()));
    assert!(
        !themes("Kostnaderna för välfärdsområdet ökade.")
            .contains(&"wellbeing-promotion".to_string())
    );
}

#[test]
fn facets_of_a_goal_row() {
    let f = facets(
        "Sitova tavoite: liikunta lisääntyy. Mittari: käyttökerrat, tavoitetaso 150 000. Vastuu: vapaa-aikajohtaja. Määräraha 120 000 €.",
    );
    assert_eq!(
        f,
        [
            "binding",
            "goal",
            "indicator",
            "owner",
            "resources",
            "target"
        ]
    );
    assert_eq!(
        facets("Tarkastuslautakunta toteaa, että tavoite toteutui."),
        ["evaluation", "goal", "outcome"]
    );
    assert!(
        facets("Lautakunta kokoontui.").is_empty(),
        "a weak owner cue alone is not a facet"
    );
}

#[test]
fn listing_units_are_not_about_every_theme() {
    let row = "Liikuntapalvelut 120 | Kirjasto 80 | Nuorisotyö 60 | Kotihoito 40 | Työllisyyspalvelut 30 | Ruokapalvelut 20";
    assert!(themes(row).is_empty(), "{:?}", themes(row));
}
