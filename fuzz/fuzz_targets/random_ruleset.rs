//! Random valid-looking rulesets (every rule kind, with numbers drawn from the edges of what a
//! decimal holds) scored with extreme inputs, rolled up over a year and ranked. A ruleset error,
//! an input error or a card, never a panic. With KAOHE_FUZZ_SHOW set, each ruleset that does
//! not load is printed with its diagnostics, to see how much of the input reaches scoring.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

/// Numbers at the edges: the largest decimal, the smallest step, zero, ordinary values.
const EDGES: [&str; 12] = [
    "0",
    "1",
    "-1",
    "0.5",
    "100",
    "99.99",
    "0.0000000000000000000000000001",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "39614081257132168796771975168",
    "1000000000000000000000000000",
    "0.3333333333333333333333333333",
];

#[derive(Arbitrary, Debug)]
enum Number {
    Edge(u8),
    Scaled(i64, u8),
}

impl Number {
    fn value(&self) -> kaohe::Decimal {
        self.text().parse().unwrap_or_default()
    }

    /// The magnitude, for the amounts a ruleset writes positive.
    fn positive(&self) -> String {
        self.value().abs().to_string()
    }

    fn text(&self) -> String {
        match self {
            Number::Edge(i) => EDGES[usize::from(*i) % EDGES.len()].to_owned(),
            Number::Scaled(n, scale) => {
                kaohe::Decimal::try_new(*n, u32::from(*scale % 29)).unwrap_or_default().to_string()
            }
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Rule {
    Flag(Number),
    PerOccurrence(Number),
    Ladder { below: bool, strict: bool, threshold: Number, step: Number, deduct: Number, counting: u8 },
    Threshold { passes: u8, threshold: Number, deduct: Number },
    Proportional,
    Formula(Number),
    Veto(u8),
}

#[derive(Arbitrary, Debug)]
struct Item {
    points: Number,
    rule: Rule,
}

#[derive(Arbitrary, Debug)]
struct Case {
    amount_min: Number,
    amount_max: Number,
    places: u8,
    strategy: u8,
    items: Vec<Item>,
    grades: Vec<Number>,
    months: Vec<(Number, u32, bool, Number)>,
}

fn rule_toml(rule: &Rule) -> String {
    let pick = |options: &[&'static str], i: u8| options[usize::from(i) % options.len()];
    match rule {
        Rule::Flag(n) => format!("kind = \"flag\"\nwhen = \"f\"\ndeduct = \"{}\"", n.positive()),
        Rule::PerOccurrence(n) => format!("kind = \"per_occurrence\"\ninput = \"n\"\ndeduct = \"{}\"", n.positive()),
        Rule::Ladder { below, strict, threshold, step, deduct, counting } => format!(
            "kind = \"{}\"\nvalue = \"a\"\napplies_when = \"{}\"\nthreshold = \"{}\"\nstep = \"{}\"\ndeduct = \"{}\"\ncounting = \"{}\"",
            if *below { "ladder_below" } else { "ladder_above" },
            match (below, strict) {
                (true, true) => "<",
                (true, false) => "<=",
                (false, true) => ">",
                (false, false) => ">=",
            },
            threshold.text(),
            step.positive(),
            deduct.positive(),
            pick(&["started", "full", "proportional"], *counting)
        ),
        Rule::Threshold { passes, threshold, deduct } => format!(
            "kind = \"threshold\"\nvalue = \"a\"\npasses_when = \"{}\"\nthreshold = \"{}\"\ndeduct = \"{}\"",
            pick(&["<", "<=", ">", ">="], *passes),
            threshold.text(),
            deduct.positive()
        ),
        Rule::Proportional => "kind = \"proportional\"\nvalue = \"r\"".to_owned(),
        Rule::Formula(n) => format!("kind = \"formula\"\nexpr = \"a * {} - n / 3\"\neffect = \"deduct\"", n.text()),
        Rule::Veto(v) => format!(
            "kind = \"veto\"\nwhen = \"f\"\nveto = \"{}\"",
            pick(&["item_zero", "section_zero", "total_zero"], *v)
        ),
    }
}

/// The ruleset's text, or None when its points do not add up within a decimal. Item `z` reads
/// every input, as a ruleset must.
fn ruleset_toml(case: &Case) -> Option<String> {
    let items: Vec<&Item> = case.items.iter().take(8).collect();
    let mut points = kaohe::Decimal::ONE;
    for item in &items {
        points = points.checked_add(item.points.value().abs())?;
    }
    let strategies = ["half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"];
    let mut text = format!(
        "format = 1\nid = \"fuzz/random\"\ntitle = \"随机\"\ntitle_en = \"Random\"\njurisdiction = \"测试\"\nversion = \"1\"\ntarget_kinds = [\"unit\"]\nfull_marks = \"{points}\"\nrounding = {{ places = {}, strategy = \"{}\", scope = \"total\" }}\n[source]\ndocument = \"测试\"\n[rollup.year]\nmonths = 12\nmissing_months = \"{}\"\ncarry_negative = {}\nformula = \"total_mean\"\nlabel = \"年\"\nlabel_en = \"year\"\nbasis = \"测试\"\n",
        case.places % 29,
        strategies[usize::from(case.strategy) % strategies.len()],
        ["mean_of_present", "zero", "error"][usize::from(case.strategy / 8) % 3],
        case.strategy >= 128
    );
    text.push_str(&format!(
        "[input.a]\nkind = \"amount\"\nlabel = \"甲\"\nlabel_en = \"a\"\nmin = \"{}\"\nmax = \"{}\"\n",
        case.amount_min.value().min(case.amount_max.value()),
        case.amount_min.value().max(case.amount_max.value())
    ));
    text.push_str("[input.n]\nkind = \"count\"\nlabel = \"乙\"\nlabel_en = \"n\"\n");
    text.push_str("[input.f]\nkind = \"flag\"\nlabel = \"丙\"\nlabel_en = \"f\"\n");
    text.push_str("[input.r]\nkind = \"rate\"\nlabel = \"丁\"\nlabel_en = \"r\"\n");
    let mut grades: Vec<kaohe::Decimal> = case.grades.iter().take(4).map(Number::value).collect();
    grades.sort();
    grades.dedup();
    for (i, min) in grades.iter().rev().enumerate() {
        text.push_str(&format!("[[grade]]\nmin = \"{min}\"\nlabel = \"等{i}\"\nlabel_en = \"G{i}\"\n"));
    }
    text.push_str(&format!("[[section]]\nid = \"s\"\ntitle = \"节\"\ntitle_en = \"S\"\npoints = \"{points}\"\n"));
    text.push_str("[[section.item]]\nid = \"z\"\ntitle = \"全\"\ntitle_en = \"Z\"\npoints = 1\n");
    text.push_str("[[section.item.rule]]\nid = \"zf\"\nkind = \"formula\"\nexpr = \"min(a, 0) * 0 + min(n, 0) + min(r, 0)\"\neffect = \"deduct\"\nlabel = \"全\"\nlabel_en = \"Z\"\nbasis = \"测试\"\n");
    text.push_str("[[section.item.rule]]\nid = \"zg\"\nkind = \"flag\"\nwhen = \"f\"\ndeduct = \"0.5\"\nlabel = \"全\"\nlabel_en = \"Z\"\nbasis = \"测试\"\n");
    for (i, item) in items.iter().enumerate() {
        text.push_str(&format!(
            "[[section.item]]\nid = \"i{i}\"\ntitle = \"项\"\ntitle_en = \"I\"\npoints = \"{}\"\n[[section.item.rule]]\nid = \"r{i}\"\n{}\nlabel = \"规\"\nlabel_en = \"R\"\nbasis = \"测试\"\n",
            item.points.positive(),
            rule_toml(&item.rule)
        ));
    }
    Some(text)
}

fuzz_target!(|case: Case| {
    let Some(text) = ruleset_toml(&case) else { return };
    let ruleset = match kaohe::Ruleset::from_toml(&text, "random.toml") {
        Ok(ruleset) => ruleset,
        Err(error) => {
            if std::env::var_os("KAOHE_FUZZ_SHOW").is_some() {
                eprintln!("{text}\n{error}");
            }
            return;
        }
    };
    let mut months = Vec::new();
    let mut standings = Vec::new();
    for (unit, (a, n, f, r)) in case.months.iter().take(12).enumerate() {
        let mut inputs = kaohe::Inputs::new();
        inputs.insert("a", a.text().as_str()).insert("n", i64::from(*n)).insert("f", *f);
        inputs.insert("r", r.text().as_str());
        if let Ok(card) = ruleset.explain(&inputs) {
            standings.push(kaohe::rank::Standing { unit: unit.to_string(), kind: "unit".into(), total: card.total });
            let _ = kaohe::json::card_to_json(&card);
        }
        months.push(Some(inputs));
    }
    months.resize(12, None);
    let _ = ruleset.roll_up(kaohe::Period::Year, &months, &kaohe::Inputs::new());
    let _ = ruleset.rank(standings).ok();
});
