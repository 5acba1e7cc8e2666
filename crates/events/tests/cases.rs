//! Table-driven cases, French and English, one per rule of the events
//! stage (none taken from the seed): each sentence runs through the whole
//! pipeline and one event is checked for type, actor and target codes,
//! place, time value and basis, and modality.

use newsgraph_doc::{Document, Event, Modality, Published, TimeBasis};

struct Case {
    /// Which rule the case justifies.
    rule: &'static str,
    lang: &'static str,
    text: &'static str,
    trigger: &'static str,
    kind: &'static str,
    /// Actor codes (entity code, or the state's for a capital).
    actors: &'static [&'static str],
    /// Target codes.
    targets: &'static [&'static str],
    /// Place text, when the case checks it.
    place: Option<&'static str>,
    time: Option<&'static str>,
    basis: Option<TimeBasis>,
    modality: Modality,
    modifiers: &'static [Modality],
}

const CASES: &[Case] = &[
    Case {
        rule: "nationality adjectives the KB lacks are read through the actor table's country part",
        lang: "en",
        text: "Turkish police arrested two Gambian activists.",
        trigger: "arrested",
        kind: "COERCE",
        actors: &["TUR"],
        targets: &["GMB"],
        place: None,
        time: None,
        basis: Some(TimeBasis::Publication),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "a third-person pronoun subject under a reporting verb is the reporter",
        lang: "en",
        text: "Switzerland said it had expelled two Russian diplomats.",
        trigger: "expelled",
        kind: "SANCTION",
        actors: &["CHE"],
        targets: &["RUS"],
        place: None,
        time: None,
        basis: Some(TimeBasis::Publication),
        modality: Modality::Reported,
        modifiers: &[],
    },
    Case {
        rule: "a protest with no target named is aimed at the protesters' own state",
        lang: "en",
        text: "Thousands of Serbian students protested in the streets.",
        trigger: "protested",
        kind: "PROTEST",
        actors: &["SRB"],
        targets: &["SRB"],
        place: None,
        time: None,
        basis: Some(TimeBasis::Publication),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "rejecting an appeal from X is aimed at X (from role); reject has no code of its own in PETRARCH2, its patterns' type",
        lang: "en",
        text: "Serbia rejected an appeal from Croatia.",
        trigger: "rejected",
        kind: "REJECT",
        actors: &["SRB"],
        targets: &["HRV"],
        place: None,
        time: None,
        basis: Some(TimeBasis::Publication),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "reporting verb with a noun-phrase object after an adjunct: a statement about the object's complement",
        lang: "fr",
        text: "Le président français Emmanuel Macron a souligné, lors du sommet de Bruxelles, le rôle de l'OTAN.",
        trigger: "souligné",
        kind: "CONSULT",
        actors: &["FRAGOV"],
        targets: &["IGOWSTNAT"],
        place: None,
        time: None,
        basis: Some(TimeBasis::Publication),
        modality: Modality::Reported,
        modifiers: &[],
    },
    Case {
        rule: "verb trigger, nsubj actor, attached timex at day precision, place from à+city",
        lang: "fr",
        text: "Le président français Emmanuel Macron a rencontré Olaf Scholz à Berlin le 3 mars 2022.",
        trigger: "rencontré",
        kind: "CONSULT",
        actors: &["FRAGOV"],
        // Olaf Scholz has no code in the KB; the actor table (PETRARCH2's
        // dictionaries) codes him.
        targets: &["DEUGOVLAB"],
        place: None,
        time: Some("2022-03-03"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "passive: agent from par, target from the passive subject",
        lang: "fr",
        text: "La Pologne a été attaquée par l'Allemagne en 1939.",
        trigger: "attaquée",
        kind: "ASSAULT",
        actors: &["DEU"],
        targets: &["POL"],
        place: None,
        time: Some("1939"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "passive participle on a treaty noun: the parties of entre, coordinated",
        lang: "fr",
        text: "Le traité entre la France et l'Allemagne, signé en 1963, a scellé la réconciliation.",
        trigger: "signé",
        kind: "AGREE",
        actors: &["FRA", "DEU"],
        targets: &[],
        place: None,
        time: Some("1963"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "a hyphenated pair of states names both (Inde-Pakistan)",
        lang: "fr",
        text: "L'Inde et le Pakistan ont longtemps négocié. L'accord de la commission Inde-Pakistan, signé en 2003, reste en vigueur.",
        trigger: "signé",
        kind: "AGREE",
        actors: &["IND", "PAK"],
        targets: &[],
        place: None,
        time: Some("2003"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "reported clause: conditional after a past reporting verb is reported+planned, time inherited (context), capital as state",
        lang: "fr",
        text: "Le 5 avril, Paris a annoncé que la France déploierait des soldats au Niger.",
        trigger: "déploierait",
        kind: "MOBILIZE",
        actors: &["FRA"],
        targets: &["NER"],
        place: None,
        time: Some("2023-04-05"),
        basis: Some(TimeBasis::Context),
        modality: Modality::Reported,
        modifiers: &[Modality::Conditional, Modality::Planned],
    },
    Case {
        rule: "statement by a capital: seat of power gets the GOV code",
        lang: "fr",
        text: "Le 5 avril, Paris a annoncé que la France déploierait des soldats au Niger.",
        trigger: "annoncé",
        kind: "CONSULT",
        actors: &["FRAGOV"],
        targets: &[],
        place: None,
        time: Some("2023-04-05"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Reported,
        modifiers: &[],
    },
    Case {
        rule: "event noun: the theme's nationality adjective is the actor, vers is the target",
        lang: "fr",
        text: "Le transfert d'armes américaines vers l'Ukraine se poursuit.",
        trigger: "transfert",
        kind: "AID",
        actors: &["USA"],
        targets: &["UKR"],
        place: None,
        time: None,
        basis: None,
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "negation ne…pas",
        lang: "fr",
        text: "La Russie n'a pas attaqué l'Ukraine en 2013.",
        trigger: "attaqué",
        kind: "ASSAULT",
        actors: &["RUS"],
        targets: &["UKR"],
        place: None,
        time: Some("2013"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Negated,
        modifiers: &[],
    },
    Case {
        rule: "negative pronoun subject (personne ne…)",
        lang: "fr",
        text: "Personne n'a attaqué la Géorgie en 2010.",
        trigger: "attaqué",
        kind: "ASSAULT",
        actors: &[],
        targets: &["GEO"],
        place: None,
        time: Some("2010"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Negated,
        modifiers: &[],
    },
    Case {
        rule: "denial verb: the denied clause is denied; past without date is bounded by publication",
        lang: "fr",
        text: "Le Kremlin a démenti que la Russie ait bombardé Kiev.",
        trigger: "bombardé",
        kind: "ASSAULT",
        actors: &[],
        targets: &["RUS", "UKR"],
        place: None,
        time: None,
        basis: Some(TimeBasis::Publication),
        modality: Modality::Denied,
        modifiers: &[],
    },
    Case {
        rule: "prévoir de: planned, subject control gives the actor, recipient under the object",
        lang: "fr",
        text: "La France prévoit de livrer des chars à la Pologne.",
        trigger: "livrer",
        kind: "AID",
        actors: &["FRA"],
        targets: &["POL"],
        place: None,
        time: None,
        basis: None,
        modality: Modality::Planned,
        modifiers: &[],
    },
    Case {
        rule: "il est prévu que: planned, coordinated actors, month timex",
        lang: "fr",
        text: "Il est prévu que la Chine et le Brésil signent un accord commercial en juin.",
        trigger: "signent",
        kind: "AGREE",
        actors: &["CHN", "BRA"],
        targets: &[],
        place: None,
        time: Some("2023-06"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Planned,
        modifiers: &[],
    },
    Case {
        rule: "an offer voiced without its own actor is folded into the statement (speaker acts)",
        lang: "fr",
        text: "Le ministre malien a affirmé que des vaccins seraient disponibles pour le Niger.",
        trigger: "affirmé",
        kind: "AGREE",
        actors: &["MLI"],
        targets: &[],
        place: None,
        time: None,
        basis: Some(TimeBasis::Publication),
        modality: Modality::Reported,
        modifiers: &[Modality::Conditional, Modality::Planned],
    },
    Case {
        rule: "event noun under an aspectual verb: the verb's timex; à + city: place, its state the recipient",
        lang: "fr",
        text: "La livraison de blé ukrainien à Nairobi a commencé lundi.",
        trigger: "livraison",
        kind: "AID",
        actors: &["UKR"],
        targets: &["KENGOV"],
        place: Some("Nairobi"),
        time: Some("2023-05-08"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "English verb from the PETRARCH2-derived dictionary, day timex",
        lang: "en",
        text: "Russia attacked Ukraine on 24 February 2022.",
        trigger: "attacked",
        kind: "ASSAULT",
        actors: &["RUS"],
        targets: &["UKR"],
        place: None,
        time: Some("2022-02-24"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "English passive by-agent",
        lang: "en",
        text: "Ukraine was attacked by Russia in 2014.",
        trigger: "attacked",
        kind: "ASSAULT",
        actors: &["RUS"],
        targets: &["UKR"],
        place: None,
        time: Some("2014"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "plans to: planned, control subject, to-recipient",
        lang: "en",
        text: "Germany is planning to deliver tanks to Poland.",
        trigger: "deliver",
        kind: "AID",
        actors: &["DEU"],
        targets: &["POL"],
        place: None,
        time: None,
        basis: None,
        modality: Modality::Planned,
        modifiers: &[],
    },
    Case {
        rule: "English negation (did not)",
        lang: "en",
        text: "Iran did not threaten Israel.",
        trigger: "threaten",
        kind: "THREATEN",
        actors: &["IRN"],
        targets: &["ISR"],
        place: None,
        time: None,
        basis: Some(TimeBasis::Publication),
        modality: Modality::Negated,
        modifiers: &[],
    },
    Case {
        rule: "if-clause: conditional",
        lang: "en",
        text: "If Iran attacks Israel, the United States will sanction Tehran.",
        trigger: "attacks",
        kind: "ASSAULT",
        actors: &["IRN"],
        targets: &["ISR"],
        place: None,
        time: None,
        basis: None,
        modality: Modality::Conditional,
        modifiers: &[],
    },
    Case {
        rule: "English event noun: nationality adjective of the theme, to-recipient, time of the aspectual verb",
        lang: "en",
        text: "The deployment of Russian troops to Belarus began in February.",
        trigger: "deployment",
        kind: "MOBILIZE",
        actors: &["RUS"],
        targets: &["BLR"],
        place: None,
        time: Some("2023-02"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "English reported clause with would: reported, place from in+state",
        lang: "en",
        text: "Putin said that Russia would deploy nuclear weapons in Belarus.",
        trigger: "deploy",
        kind: "MOBILIZE",
        actors: &["RUS"],
        // A deployment in a state with no other target named is aimed at it.
        targets: &["BLR"],
        place: Some("Belarus"),
        time: None,
        basis: None,
        modality: Modality::Reported,
        modifiers: &[Modality::Conditional, Modality::Planned],
    },
    Case {
        rule: "English: parties of between on the treaty a participle modifies",
        lang: "en",
        text: "The treaty between Russia and China, signed in 2001, is still in force.",
        trigger: "signed",
        kind: "AGREE",
        actors: &["RUS", "CHN"],
        targets: &[],
        place: None,
        time: Some("2001"),
        basis: Some(TimeBasis::Timex),
        modality: Modality::Asserted,
        modifiers: &[],
    },
    Case {
        rule: "English denial: denied, source the denier",
        lang: "en",
        text: "Moscow denied that Russia had bombed Kyiv.",
        trigger: "bombed",
        kind: "ASSAULT",
        actors: &["RUS"],
        targets: &["UKR"],
        place: None,
        time: None,
        basis: Some(TimeBasis::Publication),
        modality: Modality::Denied,
        modifiers: &[],
    },
    Case {
        rule: "a reporting cue that is an event verb is that act, asserted",
        lang: "en",
        text: "China accused Japan of provoking tensions.",
        trigger: "accused",
        kind: "ACCUSE",
        actors: &["CHN"],
        targets: &["JPN"],
        place: None,
        time: None,
        basis: Some(TimeBasis::Publication),
        modality: Modality::Asserted,
        modifiers: &[],
    },
];

fn run(lang: &str, text: &str) -> Document {
    let mut doc = Document::new("case", text);
    doc.language = Some(lang.into());
    doc.published = Published::parse_lenient("2023-05-10").ok();
    newsgraph_pipeline::analyze(&mut doc, &Default::default());
    doc
}

fn codes(v: &[newsgraph_doc::ArgRef]) -> Vec<String> {
    v.iter()
        .map(|a| a.code.clone().unwrap_or_default())
        .collect()
}

fn find<'a>(doc: &'a Document, trigger: &str) -> Option<&'a Event> {
    doc.events.iter().find(|e| e.trigger.text == trigger)
}

#[test]
fn cases() {
    let mut failures = Vec::new();
    for c in CASES {
        let doc = run(c.lang, c.text);
        let Some(e) = find(&doc, c.trigger) else {
            failures.push(format!(
                "[{}] {:?}: no event {:?}: {:?}",
                c.rule, c.text, c.trigger, doc.events
            ));
            continue;
        };
        let got = (
            e.kind.as_str(),
            codes(&e.actors),
            codes(&e.targets),
            e.place.as_ref().map(|p| p.text.as_str()),
            e.time.value.as_deref(),
            e.time.basis,
            e.modality,
            e.modifiers.as_slice(),
        );
        let want_actors: Vec<String> = c.actors.iter().map(|s| s.to_string()).collect();
        let want_targets: Vec<String> = c.targets.iter().map(|s| s.to_string()).collect();
        let ok = got.0 == c.kind
            && got.1 == want_actors
            && got.2 == want_targets
            && (c.place.is_none() || got.3 == c.place)
            && got.4 == c.time
            && got.5 == c.basis
            && got.6 == c.modality
            && got.7 == c.modifiers;
        if !ok {
            failures.push(format!("[{}] {:?}: got {got:?}", c.rule, c.text));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// A participant named by a common noun with a proper-noun dependent, or
/// by a proper noun no other layer knows (an unknown company): it must
/// still be a participant, with the entity when there is one, else the
/// phrase's text (`{entity: null, text: "le groupe Arvex"}`).
struct NamedCase {
    rule: &'static str,
    lang: &'static str,
    text: &'static str,
    trigger: &'static str,
    /// Check the actors (else the targets).
    actor: bool,
    /// The name the participant's text must contain.
    name: &'static str,
}

const NAMED: &[NamedCase] = &[
    NamedCase {
        rule: "fr nsubj: common-noun head with a proper-noun dependent",
        lang: "fr",
        text: "Le groupe Arvex a signé un accord avec le syndicat.",
        trigger: "signé",
        actor: true,
        name: "Arvex",
    },
    NamedCase {
        rule: "fr nsubj of a control verb: the company named under its noun",
        lang: "fr",
        text: "Le constructeur Voltrana a menacé de fermer l'usine.",
        trigger: "menacé",
        actor: true,
        name: "Voltrana",
    },
    NamedCase {
        rule: "fr event noun: avec-complement target named under a common noun",
        lang: "fr",
        text: "Le groupe Arvex a signé un accord avec le syndicat CGT.",
        trigger: "accord",
        actor: false,
        name: "CGT",
    },
    NamedCase {
        rule: "en nsubj: appositive name after a common noun",
        lang: "en",
        text: "The carmaker Voltrana threatened to close the plant.",
        trigger: "threatened",
        actor: true,
        name: "Voltrana",
    },
    NamedCase {
        rule: "en nsubj: compound name before a common noun",
        lang: "en",
        text: "The Vexlor consortium condemned the decision.",
        trigger: "condemned",
        actor: true,
        name: "Vexlor",
    },
    NamedCase {
        rule: "en two subjects in the parse: the proper-noun one",
        lang: "en",
        text: "The company Voltrana accused the union of lying.",
        trigger: "accused",
        actor: true,
        name: "Voltrana",
    },
];

#[test]
fn named_participants_without_entities() {
    let mut failures = Vec::new();
    for c in NAMED {
        let doc = run(c.lang, c.text);
        let Some(e) = find(&doc, c.trigger) else {
            failures.push(format!(
                "[{}] {:?}: no event {:?}",
                c.rule, c.text, c.trigger
            ));
            continue;
        };
        let args = if c.actor { &e.actors } else { &e.targets };
        let ok = args.iter().any(|a| a.text.contains(c.name));
        if !ok {
            failures.push(format!("[{}] {:?}: got {args:?}", c.rule, c.text));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        NAMED.len(),
        failures.join("\n")
    );
}

#[test]
fn no_parse_no_events() {
    let mut doc = Document::new("x", "La Russie a attaqué l'Ukraine.");
    doc.language = Some("fr".into());
    newsgraph_events::annotate(&mut doc);
    assert!(doc.events.is_empty());
    let mut doc = Document::new("x", "Rußland griff an.");
    doc.language = Some("de".into());
    newsgraph_pipeline::analyze(&mut doc, &Default::default());
    assert!(doc.events.is_empty());
}

/// An event with no actor, target or place is not coded.
#[test]
fn no_participant_no_event() {
    let doc = run("en", "The meeting was postponed.");
    assert!(find(&doc, "meeting").is_none(), "{:?}", doc.events);
    let doc = run("en", "Poland's parliament demanded an apology from Moscow.");
    let e = find(&doc, "demanded").expect("demanded is an event");
    assert_eq!(codes(&e.actors), vec!["POL".to_string()]);
}
