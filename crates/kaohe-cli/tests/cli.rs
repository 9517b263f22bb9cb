//! The `kaohe` command end to end: output, exit codes and messages.

use std::path::PathBuf;
use std::process::{Command, Output};

use unicode_width::UnicodeWidthStr;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn kaohe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kaohe")).args(args).current_dir(root()).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_file(name: &str, contents: &str) -> String {
    let path = std::env::temp_dir().join(format!("kaohe-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}

const HAISHU: &str = "examples/ningbo/haishu-2026-03.toml";

#[test]
fn scores_the_example_month_as_a_table() {
    let out = kaohe(&["score", "ningbo/district", HAISHU]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    // By hand (rulesets/ningbo/district.toml): operators 20 × 20 = 400 < 420 cells -2;
    // online 56.5% (drop 3.5 -> 1 started step) -1 and 2 late arrivals -2; filing 3380/5200 = 65%
    // (drop 5 -> 1 step) -1; closure 93.4% (drop 1.6 -> 2 steps) -2; 1 late supervised case -1;
    // partner satisfaction exactly 85% is not above 85% -> 1 lost. 100 - 10 = 90.
    assert!(table.contains("总分 90 / 100"), "{table}");
    assert!(table.contains("扣 2 分"), "{table}");
    // Chinese labels line up: every row's score column ends at the same display width.
    let ends: Vec<usize> = table
        .lines()
        .filter(|l| l.starts_with("  ") && !l.trim_start().is_empty() && !l.starts_with("   "))
        .map(|l| {
            let (head, _) = l.split_at(l.find(|c: char| c.is_ascii_digit()).unwrap());
            let numbers: String =
                l[head.len()..].chars().take_while(|c| !c.is_alphabetic() || c.is_ascii()).collect();
            head.width() + numbers.trim_end().width()
        })
        .collect();
    assert!(ends.len() == 20, "20 item rows, got {}: {table}", ends.len());
    assert!(ends.windows(2).all(|w| w[0] == w[1]), "score column misaligned: {ends:?}\n{table}");
}

#[test]
fn json_carries_the_same_numbers_as_strings() {
    let out = kaohe(&["score", "ningbo/district", HAISHU, "--format", "json"]);
    assert!(out.status.success());
    let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card["total"], "90");
    let items: Vec<&serde_json::Value> =
        card["sections"].as_array().unwrap().iter().flat_map(|s| s["items"].as_array().unwrap()).collect();
    let score = |id: &str| items.iter().find(|i| i["id"] == id).unwrap()["score"].clone();
    assert_eq!(score("staffing"), "2");
    assert_eq!(score("closure"), "5");
    assert_eq!(score("partner_opinion"), "0");
    let closure = items.iter().find(|i| i["id"] == "closure").unwrap();
    assert_eq!(closure["effects"][0]["arithmetic"]["steps"], "2");
}

#[test]
fn english_labels_on_request() {
    let out = kaohe(&["score", "ningbo/district", "examples/ningbo/jiangbei-2026-03.json", "--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    // 1 uniform breach -1; 2 unreported major events × 3 = -6 and the flag; 1 sampled case -1: 92.
    assert!(table.contains("Total 92 / 100"), "{table}");
    assert!(table.contains("Flag loses eligibility for the year's awards"), "{table}");
}

#[test]
fn a_misspelt_input_exits_1_naming_it() {
    let inputs =
        std::fs::read_to_string(root().join(HAISHU)).unwrap().replace("late_arrivals", "late_arrival");
    let file = temp_file("misspelt.toml", &inputs);
    let out = kaohe(&["score", "ningbo/district", &file]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("input `late_arrival`: is not an input of ruleset `ningbo/district`; did you mean `late_arrivals`?"), "{err}");
}

#[test]
fn a_file_refused_as_a_whole_writes_nothing_and_an_empty_one_its_frame() {
    // An input named by two columns refuses the file: no CSV header, no JSON `[`, on stdout.
    let twice = temp_file("twice.csv", "unit,month,closure_rate,closure_rate\n海曙区,2026-01,99%,50%\n");
    for format in ["csv", "json"] {
        let out = kaohe(&["score", "ningbo/district", &twice, "--format", format]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("column input `closure_rate`: is a column twice"),
            "{}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), "", "{format}");
    }
    // A file of no rows is read whole: the CSV header alone, an empty JSON array.
    let empty = temp_file("no-rows.csv", "unit,month,late_arrivals\n");
    let csv = text(&kaohe(&["score", "ningbo/district", &empty, "--format", "csv"]).stdout);
    assert!(csv.starts_with("unit,month,kind,total,grade,flags,") && csv.lines().count() == 1, "{csv}");
    let json = text(&kaohe(&["score", "ningbo/district", &empty, "--format", "json"]).stdout);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap(), serde_json::json!([]));
}

#[test]
fn a_negative_count_exits_1_naming_it() {
    let inputs = std::fs::read_to_string(root().join(HAISHU))
        .unwrap()
        .replace("late_arrivals = 2", "late_arrivals = -2");
    let file = temp_file("negative.toml", &inputs);
    let out = kaohe(&["score", "ningbo/district", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("input `late_arrivals`: is -2, a negative count"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_reports_file_line_and_column() {
    let ruleset = std::fs::read_to_string(root().join("rulesets/ningbo/district.toml")).unwrap();
    let out = kaohe(&["check", "rulesets/ningbo/district.toml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("ok (ningbo/district)"));

    let broken = ruleset.replace("value = \"closure_rate\"", "value = \"closure_rat\"");
    let line = broken.lines().position(|l| l.contains("\"closure_rat\"")).unwrap() + 1;
    let file = temp_file("broken.toml", &broken);
    let out = kaohe(&["check", &file]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("{file}:{line}:9: error: unknown input or metric `closure_rat`")), "{err}");
    assert!(err.contains("did you mean `closure_rate`?"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(kaohe(&["score"]).status.code(), Some(2));
    assert_eq!(kaohe(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn lists_the_built_in_rulesets() {
    let out = kaohe(&["rulesets"]);
    assert!(out.status.success());
    let listing = text(&out.stdout);
    assert!(
        listing.contains("ningbo/district") && listing.contains("宁波市数字化城市管理工作考核办法"),
        "{listing}"
    );
}

fn ruleset_files(dir: &std::path::Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ruleset_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "toml") {
            found.push(path.strip_prefix(root()).unwrap().to_string_lossy().into_owned());
        }
    }
}

#[test]
fn every_shipped_ruleset_checks_and_is_listed_with_its_source() {
    let mut files = Vec::new();
    ruleset_files(&root().join("rulesets"), &mut files);
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let out = kaohe(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listing = text(&kaohe(&["rulesets"]).stdout);
    for file in &files {
        let id = file.trim_start_matches("rulesets/").trim_end_matches(".toml");
        let line = listing
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} not listed"));
        assert!(
            line.trim_end().split("  ").filter(|c| !c.trim().is_empty()).count() >= 3,
            "no source for {id}: {line}"
        );
    }
}

#[test]
fn a_ruleset_without_its_weights_names_each_missing_parameter() {
    let check = text(&kaohe(&["check", "rulesets/shenzhen/platform.toml"]).stdout);
    assert!(
        check.contains(
            "cannot score until a ruleset extending it supplies the values of these parameters (18): full_marks, building_points"
        ),
        "{check}"
    );
    let out = kaohe(&["score", "shenzhen/platform", "examples/shenzhen/district-platform-2026-q1.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().filter(|l| l.starts_with("error: parameter `")).count(), 18, "{err}");
    assert!(err.contains("parameter `data_exchange_points`: has no value"), "{err}");
}

#[test]
fn a_variant_file_scores_like_its_parent_where_unchanged() {
    let out = kaohe(&["score", "examples/variants/ningbo-adopter.toml", HAISHU, "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // On-time closure 86.2% clears the raised 85% threshold and there are no spot-check failures,
    // so the adopter's card equals Ningbo's: 90.
    assert_eq!(card["ruleset"], "examples/ningbo-adopter");
    assert_eq!(card["total"], "90");
}

const NINGBO_YEAR: &str = "examples/ningbo/2026-districts.csv";

#[test]
fn scores_many_rows_as_csv_with_one_column_per_item() {
    let out = kaohe(&["score", "ningbo/district", NINGBO_YEAR, "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("unit,month,kind,total,grade,flags,organisation_structure,funding,"),
        "{header}"
    );
    assert_eq!(header.split(',').count(), 6 + 20);
    assert_eq!(lines.count(), 72, "six districts × twelve months");
}

#[test]
fn csv_rows_write_their_numbers_as_the_cards_do() {
    // The composite template's settled quotients (13.75 written with 20 places by the division,
    // 10.00...) are written in their shortest form, the form of the card's JSON, cell for cell.
    let rows = "examples/templates/2026-composite.csv";
    let csv = text(&kaohe(&["score", "templates/district-composite", rows, "--format", "csv"]).stdout);
    let jsonl = text(&kaohe(&["score", "templates/district-composite", rows, "--format", "jsonl"]).stdout);
    let mut checked = 0;
    for (line, record) in csv.lines().skip(1).zip(jsonl.lines()) {
        let card: serde_json::Value = serde_json::from_str(record).unwrap();
        let mut numbers = vec![card["card"]["total"].as_str().unwrap().to_owned()];
        for section in card["card"]["sections"].as_array().unwrap() {
            for item in section["items"].as_array().unwrap() {
                numbers.push(item["score"].as_str().unwrap().to_owned());
            }
        }
        let cells: Vec<&str> = line.split(',').collect();
        let written: Vec<&str> = std::iter::once(cells[3]).chain(cells[6..].iter().copied()).collect();
        assert_eq!(written, numbers, "{line}");
        checked += 1;
    }
    assert!(checked >= 12, "{checked} rows");
}

#[test]
fn every_bad_row_is_reported_with_its_line_and_the_rest_still_scored() {
    let rows = "unit,month,grid_cells,inspectors,operators,inspector_online_rate,reported_items,valid_cases,daily_valid_collections,on_time_closure_rate,closure_rate,rework_rate,superior_satisfaction,partner_satisfaction,community_satisfaction,late_arrivals\n\
        海曙区,2026-01,400,30,20,80%,1000,800,400,90%,98%,1%,95%,90%,90%,2\n\
        江北区,2026-01,400,30,20,80%,1000,800,400,90%,101%,1%,95%,90%,90%,0\n\
        镇海区,2026-01,400,30,20,80%,1000,800,400,90%,98%,1%,95%,90%,90%,-1\n";
    let file = temp_file("rows.csv", rows);
    let out = kaohe(&["score", "ningbo/district", &file, "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("{file}:3 (江北区 2026-01): input `closure_rate`: is 101%")), "{err}");
    assert!(
        err.contains(&format!("{file}:4 (镇海区 2026-01): input `late_arrivals`: is -1, a negative count")),
        "{err}"
    );
    // The good row is still written: 100 - 2 late arrivals = 98.
    let line: serde_json::Value = serde_json::from_str(text(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!((line["unit"].as_str(), line["card"]["total"].as_str()), (Some("海曙区"), Some("98")));
}

#[test]
fn a_long_file_is_written_in_row_order_with_its_bad_rows_reported_in_order() {
    // 1,000 rows: more than the runs of rows the reading thread hands over at a time. Row k (line
    // k + 2) has k mod 4 late arrivals and is otherwise clean, so its total is 100 - k mod 4 (one
    // point a late arrival). Bad rows sit in different runs: a closure rate over 100% (scoring
    // refuses it), a row with a missing cell and a unit-month given twice (reading refuses them).
    let header = "unit,month,grid_cells,inspectors,operators,inspector_online_rate,reported_items,valid_cases,daily_valid_collections,on_time_closure_rate,closure_rate,rework_rate,superior_satisfaction,partner_satisfaction,community_satisfaction,late_arrivals";
    let (bad_rate, short, twice) = (3, 600, 999);
    let mut rows = vec![header.to_owned()];
    for k in 0..1000 {
        let closure = if k == bad_rate { "101%" } else { "98%" };
        let unit = if k == twice { "u0".to_owned() } else { format!("u{k}") };
        let row = format!("{unit},2026-01,400,30,20,80%,1000,800,400,90%,{closure},1%,95%,90%,90%,{}", k % 4);
        rows.push(if k == short { row.replacen(",400,", ",", 1) } else { row });
    }
    let file = temp_file("long.csv", &(rows.join("\n") + "\n"));
    let out = kaohe(&["score", "ningbo/district", &file, "--format", "csv"]);
    assert_eq!(out.status.code(), Some(1));
    let written: Vec<(String, String)> = text(&out.stdout)
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[0].to_owned(), cells[3].to_owned())
        })
        .collect();
    let expected: Vec<(String, String)> = (0..1000)
        .filter(|k| ![bad_rate, short, twice].contains(k))
        .map(|k| (format!("u{k}"), (100 - k % 4).to_string()))
        .collect();
    assert_eq!(written, expected);
    let err = text(&out.stderr);
    let reported: Vec<&str> = err.lines().collect();
    assert_eq!(reported.len(), 4, "{err}");
    assert!(reported[0].contains(&format!("{file}:5 (u3 2026-01): input `closure_rate`: is 101%")), "{err}");
    assert!(reported[1].contains(&format!("{file}:602: the row has 15 cells; the header has 16")), "{err}");
    assert!(
        reported[2].contains(&format!("{file}:1001: u0 2026-01 appears twice: first on line 2")),
        "{err}"
    );
    assert_eq!(reported[3], "error: 3 rows were not scored (each is reported above)");
}

#[test]
fn rows_need_a_unit_and_a_month() {
    let file = temp_file("nomonth.csv", "unit,grid_cells\n海曙区,400\n");
    let out = kaohe(&["score", "ningbo/district", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(":1: the first row must name the columns `unit`, `month` (YYYY-MM)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn rolls_the_example_year_up_with_bonus_and_the_eligibility_flag() {
    let out = kaohe(&[
        "rollup",
        "ningbo/district",
        NINGBO_YEAR,
        "--period-inputs",
        "examples/ningbo/2026-bonus.csv",
        "--format",
        "jsonl",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let cards: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(cards.len(), 6);
    for card in &cards {
        let months = card["card"]["months"].as_array().unwrap();
        assert_eq!(months.len(), 12);
        let flags = card["card"]["flags"].as_array().unwrap();
        // The generator gives 北仑区 one unreported major event in April and one in October.
        assert_eq!(!flags.is_empty(), card["unit"] == "北仑区", "{card}");
        // Every annual total is the mean of the monthly totals plus the bonus.
        let counted: Vec<f64> =
            months.iter().map(|m| m["counted"].as_str().unwrap().parse().unwrap()).collect();
        let bonus: f64 = card["card"]["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == "bonus")
            .map(|v| v["value"].as_str().unwrap().parse().unwrap())
            .unwrap();
        let total: f64 = card["card"]["total"].as_str().unwrap().parse().unwrap();
        assert!((counted.iter().sum::<f64>() / 12.0 + bonus - total).abs() < 0.006, "{card}");
    }
}

#[test]
fn ranks_each_month_within_kinds() {
    let rows = "unit,month,grid_cells,inspectors,operators,inspector_online_rate,reported_items,valid_cases,daily_valid_collections,on_time_closure_rate,closure_rate,rework_rate,superior_satisfaction,partner_satisfaction,community_satisfaction,late_arrivals\n\
        甲,2026-01,400,30,20,80%,1000,800,400,90%,98%,1%,95%,90%,90%,2\n\
        乙,2026-01,400,30,20,80%,1000,800,400,90%,98%,1%,95%,90%,90%,0\n\
        丙,2026-01,400,30,20,80%,1000,800,400,90%,98%,1%,95%,90%,90%,2\n\
        丁,2026-01,400,30,20,80%,1000,800,400,90%,98%,1%,95%,90%,90%,3\n";
    let file = temp_file("rank.csv", rows);
    let out = kaohe(&["rank", "ningbo/district", &file, "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // 乙 100; 甲 and 丙 98 (2 late arrivals); 丁 97: ranks 1, 2, 2, 4.
    let ranks: Vec<String> = text(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(5).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        ranks,
        vec![
            "2026-01,district_bureau,1,乙,100",
            "2026-01,district_bureau,2,甲,98",
            "2026-01,district_bureau,2,丙,98",
            "2026-01,district_bureau,4,丁,97"
        ]
    );
}

#[test]
fn the_composite_ranking_shows_each_grade_and_its_deposit_consequence() {
    let out = kaohe(&[
        "rank",
        "templates/district-composite",
        "examples/templates/2026-composite.csv",
        "--period",
        "year",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert_eq!(table.lines().count(), 26, "25 units and a header");
    for (grade, consequence) in [
        ("优秀", "返还保证金，并给予一倍奖金奖励"),
        ("良好", "返还保证金，并给予0.5倍奖金奖励"),
        ("合格", "原额返还保证金"),
    ] {
        assert!(table.lines().any(|l| l.contains(grade) && l.contains(consequence)), "{grade}: {table}");
    }
}

#[test]
fn the_report_shows_each_month_with_the_deficit_carried_into_it() {
    // templates/staff-performance, 结转下月 (办法 六.1): January's 130 points of deductions leave
    // 100 - 130 = -30, carried into February's card: 100 - 0 - 30 = 70. Points lost over the year:
    // January 100 - (-30) = 130, February 100 - 70 = 30, 160 in all. The year: mean of the months
    // after carry-over (0 + 70) / 2 = 35, so 0.4 × 35 + 0.6 × 90 = 14 + 54 = 68. February's row
    // comes first: it waits for January's deficit.
    let rows = temp_file("carry-rows.csv", "unit,month,deductions\n张三,2026-02,0\n张三,2026-01,130\n");
    let ratings = temp_file(
        "carry-ratings.csv",
        "unit,period,rating_leader,rating_deputies,rating_members,rating_others\n张三,2026,90,90,90,90\n",
    );
    let html = std::env::temp_dir().join(format!("kaohe-cli-{}-carry.html", std::process::id()));
    let html = html.to_string_lossy().into_owned();
    let out = kaohe(&[
        "report",
        "templates/staff-performance",
        &rows,
        "--period-inputs",
        &ratings,
        "-o",
        &html,
        "--force",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<title>张三 68 </title>"), "{page}");
    assert!(page.contains("<title>1月 -30</title>") && page.contains("<title>2月 70</title>"), "{page}");
    assert!(page.contains("<td class=\"sum\">160</td>"), "{page}");
}

/// Runs `kaohe` with `input` on standard input.
fn kaohe_reading(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn standard_input_is_read_where_a_file_is_named_dash() {
    // One month piped as TOML scores as the file does: 90 (see scores_the_example_month_as_a_table).
    let month = std::fs::read(root().join(HAISHU)).unwrap();
    let piped = kaohe_reading(
        &["score", "ningbo/district", "-", "--input-format", "toml", "--format", "json"],
        &month,
    );
    assert!(piped.status.success(), "{}", text(&piped.stderr));
    let file = kaohe(&["score", "ningbo/district", HAISHU, "--format", "json"]);
    assert_eq!(text(&piped.stdout), text(&file.stdout));
    let card: serde_json::Value = serde_json::from_slice(&piped.stdout).unwrap();
    assert_eq!(card["total"], "90");
    // A year of rows piped as CSV ranks as the file does.
    let year = std::fs::read(root().join("examples/ningbo/2026-districts.csv")).unwrap();
    let args =
        ["rank", "ningbo/district", "-", "--input-format", "csv", "--period", "year", "--format", "json"];
    let piped = kaohe_reading(&args, &year);
    assert!(piped.status.success(), "{}", text(&piped.stderr));
    let file = kaohe(&[
        "rank",
        "ningbo/district",
        "examples/ningbo/2026-districts.csv",
        "--period",
        "year",
        "--format",
        "json",
    ]);
    assert_eq!(text(&piped.stdout), text(&file.stdout));
    // Without --input-format, piped rows are JSON lines: CSV text is refused, naming <stdin>.
    let refused = kaohe_reading(&["rank", "ningbo/district", "-"], &year);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("<stdin>:1"), "{}", text(&refused.stderr));
}

#[test]
fn check_and_rulesets_print_json_when_asked() {
    let broken = temp_file("broken.toml", "format = 1\nid = \"x/y\"\n");
    let out = kaohe(&["check", "--format", "json", "rulesets/ningbo/district.toml", &broken, "no-such.toml"]);
    // One ruleset loads, one does not, one cannot be read: JSON for all three, exit 1.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let checked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let oks: Vec<bool> = checked.as_array().unwrap().iter().map(|c| c["ok"].as_bool().unwrap()).collect();
    assert_eq!(oks, [true, false, false]);
    assert_eq!(checked[0]["id"], "ningbo/district");
    assert!(!checked[1]["diagnostics"].as_array().unwrap().is_empty());
    assert!(checked[2]["error"].as_str().unwrap().contains("no-such.toml"));
    let out = kaohe(&["rulesets", "--format", "json"]);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = listed.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"ningbo/district") && ids.contains(&"templates/staff-performance"), "{ids:?}");
}

/// The same three Ningbo cases as an export with the platform's Chinese headers (in GBK, through
/// mappings/platform-export.toml, plus the rework and supervision columns the export lacks) and
/// as a table with the English column names.
const EXPORT: &str = "案件号,问题来源,问题类型,大类名称,小类名称,小类明细,街道,上报时间,立案时间,首次派遣时间,处置截止时间,处置结束时间,结案时间,强制结案时间,延期类型,当前阶段,reworks,supervised
E1,监督员上报,事件,市容环境,暴露垃圾,,海曙区,2026-03-02 09:00:00,2026-03-02 10:00:00,2026-03-02 10:30:00,2026-03-03 10:30:00,2026-03-03 09:00:00,2026-03-03 12:00:00,,,结案,0,0
E2,公众举报,部件,公用设施,井盖,,海曙区,2026-03-05 09:00:00,2026-03-05 10:00:00,2026-03-05 10:30:00,2026-03-08 10:30:00,2026-03-09 09:00:00,2026-03-09 12:00:00,2026-03-09 12:00:00,,结案,1,1
E3,监督员上报,事件,市容环境,暴露垃圾,,海曙区,2026-03-06 09:00:00,2026-03-06 10:00:00,2026-03-06 10:30:00,2026-03-07 10:30:00,,,,,[作废],0,0
E4,监督员上报,事件,街面秩序,占道经营,,海曙区,2026-03-07 09:00:00,,,,,,,,不予立案,0,0
";
const ENGLISH: &str = "case_id,source,kind,unit,reported_at,filed_at,dispatched_at,deadline,handled_at,closed_at,forced_closure,void,reworks,supervised
E1,inspector,event,海曙区,2026-03-02 09:00:00,2026-03-02 10:00:00,2026-03-02 10:30:00,2026-03-03 10:30:00,2026-03-03 09:00:00,2026-03-03 12:00:00,0,0,0,0
E2,public,component,海曙区,2026-03-05 09:00:00,2026-03-05 10:00:00,2026-03-05 10:30:00,2026-03-08 10:30:00,2026-03-09 09:00:00,2026-03-09 12:00:00,1,0,1,1
E3,inspector,event,海曙区,2026-03-06 09:00:00,2026-03-06 10:00:00,2026-03-06 10:30:00,2026-03-07 10:30:00,,,0,1,0,0
E4,inspector,event,海曙区,2026-03-07 09:00:00,,,,,,0,0,0,0
";

#[test]
fn a_gbk_export_through_its_mapping_counts_as_the_english_table_does() {
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(EXPORT);
    assert!(!unmappable);
    let export = std::env::temp_dir().join(format!("kaohe-cli-{}-export.csv", std::process::id()));
    std::fs::write(&export, &gbk).unwrap();
    let english = temp_file("english-cases.csv", ENGLISH);
    let mapping = "mappings/platform-export.toml";
    let from_export =
        kaohe(&["indicators", "ningbo/district", export.to_str().unwrap(), "--mapping", mapping]);
    let from_english = kaohe(&["indicators", "ningbo/district", &english]);
    assert!(from_export.status.success(), "{}", text(&from_export.stderr));
    assert!(from_english.status.success(), "{}", text(&from_english.stderr));
    // By hand: E3 is void, E4 never filed. Inspector reports in March E1, E4 = 2; filed E1 = 1.
    // Due in March (deadline in March, filed): E1, E2 = 2; both closed before 04-01 -> 2 / 2 = 1.
    // On time (handled <= deadline): E1 only -> 1 / 2 = 0.5. Reworked E2 -> 1 / 2 = 0.5.
    // Supervised and not closed by its deadline: E2 (closed 03-09 > 03-08) = 1.
    let rows = text(&from_export.stdout);
    assert_eq!(
        rows,
        "unit,month,reported_items,valid_cases,closure_rate,on_time_closure_rate,rework_rate,late_supervised_cases\n\
         海曙区,2026-03,2,1,1,0.5,0.5,1\n"
    );
    assert_eq!(rows, text(&from_english.stdout));
    let notes = text(&from_export.stderr);
    assert!(notes.contains("1 void cases (作废) left out"), "{notes}");
    assert!(notes.contains("columns not used: 小类明细, 延期类型"), "{notes}");
}

#[test]
fn an_export_value_the_mapping_does_not_know_is_refused_with_its_line() {
    let export = temp_file("unknown-source.csv", &EXPORT.replace("E4,监督员上报", "E4,巡查员上报"));
    let out =
        kaohe(&["indicators", "ningbo/district", &export, "--mapping", "mappings/platform-export.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let message = text(&out.stderr);
    assert!(
        message.contains(":5: column source (问题来源): `巡查员上报` is not one of inspector"),
        "{message}"
    );
}

#[test]
fn scores_the_example_year_from_its_case_records() {
    let out = kaohe(&[
        "score",
        "ningbo/district",
        "examples/ningbo/2026-other-inputs.csv",
        "--cases",
        "examples/ningbo/2026-cases.csv",
        "--within",
        "2026",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Six districts by twelve months, and a header.
    assert_eq!(text(&out.stdout).lines().count(), 1 + 6 * 12);
    assert!(text(&out.stderr).contains("unit-months outside 2026 left out"), "{}", text(&out.stderr));
    // An input both counted and given in the rows file is refused, naming it.
    let doubled = kaohe(&[
        "score",
        "ningbo/district",
        "examples/ningbo/2026-districts.csv",
        "--cases",
        "examples/ningbo/2026-cases.csv",
        "--within",
        "2026-03",
    ]);
    assert_eq!(doubled.status.code(), Some(1));
    assert!(
        text(&doubled.stderr)
            .contains("closure_rate is counted from the case records and also given in the rows file"),
        "{}",
        text(&doubled.stderr)
    );
}

#[test]
fn case_cells_that_are_not_text_are_refused_where_they_are_read() {
    let header =
        b"case_id,unit,source,reported_at,filed_at,deadline,handled_at,closed_at,reworks,supervised,note\n";
    let write = |name: &str, row: &[u8]| {
        let path = std::env::temp_dir().join(format!("kaohe-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, [&header[..], row].concat()).unwrap();
        path.to_string_lossy().into_owned()
    };
    // A byte that is not UTF-8 in the unit column (read): refused with its line.
    let bad = write("bad-unit.csv", b"A1,\xff\xfe,inspector,2026-03-01 09:00:00,,,,,0,0,x\n");
    let out = kaohe(&["indicators", "ningbo/district", &bad, "--encoding", "utf8"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(":2: the row is not UTF-8 text"), "{}", text(&out.stderr));
    // The same byte in a column no count reads is not looked at: the row counts.
    let unread = write(
        "bad-note.csv",
        b"A1,\xe6\xb5\xb7\xe6\x9b\x99\xe5\x8c\xba,inspector,2026-03-01 09:00:00,2026-03-01 10:00:00,2026-03-03 10:00:00,\
          2026-03-02 10:00:00,2026-03-02 12:00:00,0,0,\xff\n",
    );
    let out = kaohe(&["indicators", "ningbo/district", &unread, "--encoding", "utf8"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Reported 1, filed 1, due 1, closed 1, handled by the deadline 1, no rework, none supervised.
    assert!(text(&out.stdout).contains("海曙区,2026-03,1,1,1,1,0,0"), "{}", text(&out.stdout));
}

#[test]
fn text_lost_in_a_file_is_refused_with_what_the_mark_means() {
    let write = |name: &str, bytes: &[u8]| {
        let path = std::env::temp_dir().join(format!("kaohe-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        path.to_string_lossy().into_owned()
    };
    let gbk = |text: &str| encoding_rs::GBK.encode(text).0.into_owned();
    // The example year's header and first two rows; the second row's unit is given as 海曙 and a
    // byte GBK has no character for (0xFF) where 区 was.
    let example = std::fs::read_to_string(root().join(NINGBO_YEAR)).unwrap();
    let lines: Vec<&str> = example.lines().take(3).collect();
    let (header, good, lost) = (lines[0], lines[1], lines[2].strip_prefix("海曙区").unwrap());
    // Scores a file refused in part: what stderr says, and how many lines stdout has.
    let score = |name: &str, bytes: &[u8], options: &[&str]| {
        let file = write(name, bytes);
        let out = kaohe(&[&["score", "ningbo/district", file.as_str()], options].concat());
        assert_eq!(out.status.code(), Some(1));
        (text(&out.stderr), text(&out.stdout).lines().count())
    };
    let rows = [gbk(&format!("{header}\n{good}\n海曙")), vec![0xFF], gbk(&format!("{lost}\n"))].concat();
    let (err, written) = score("lost.csv", &rows, &["--encoding", "gbk", "--format", "csv"]);
    assert!(err.contains("lost.csv:3: the row holds bytes that are not GBK text"), "{err}");
    assert_eq!(written, 2, "the header and the good row: {err}");
    // The same in JSON lines, which were read with the mark before.
    let names: Vec<&str> = header.split(',').collect();
    let json = |row: &str| {
        let cells =
            names.iter().zip(row.split(',')).map(|(n, v)| format!("\"{n}\": \"{v}\"")).collect::<Vec<_>>();
        format!("{{{}}}\n", cells.join(", "))
    };
    let (first, second) = (json(good), json(lines[2]));
    let (before, after) = second.split_once("海曙区").unwrap();
    let lines_file = [gbk(&first), gbk(&format!("{before}海曙")), vec![0xFF], gbk(after)].concat();
    let (err, written) = score("lost.jsonl", &lines_file, &["--encoding", "gbk", "--format", "jsonl"]);
    assert!(err.contains("lost.jsonl:2: the line holds bytes that are not GBK text"), "{err}");
    assert_eq!(written, 1, "{err}");
    // UTF-8 holding U+FFFD itself: the text was lost before the file was saved, and GBK is no cure.
    let utf8 = format!("{header}\n{good}\n海曙\u{FFFD}{lost}\n");
    let (err, written) = score("mark.csv", utf8.as_bytes(), &["--format", "csv"]);
    assert!(err.contains("mark.csv:3: the row holds U+FFFD"), "{err}");
    assert_eq!(written, 2, "{err}");
}

#[test]
fn an_excel_export_counts_as_its_csv_twin_does() {
    // tests/cases/platform-export.xlsx holds the four cases of EXPORT above, times as Excel
    // date-times (one as text), counts as numbers (one as text).
    let mapping = "mappings/platform-export.toml";
    let out =
        kaohe(&["indicators", "ningbo/district", "tests/cases/platform-export.xlsx", "--mapping", mapping]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let english = temp_file("english-twin.csv", ENGLISH);
    let twin = kaohe(&["indicators", "ningbo/district", &english]);
    assert_eq!(text(&out.stdout), text(&twin.stdout));
    assert!(text(&out.stdout).contains("海曙区,2026-03,2,1,1,0.5,0.5,1"), "{}", text(&out.stdout));
}

#[test]
fn a_parquet_export_counts_as_its_csv_twin_does() {
    // tests/cases/english-export.parquet: the cases of ENGLISH with typed columns (times as naive
    // timestamps in nanoseconds, milliseconds and microseconds, flags as booleans, reworks as
    // integers), compressed with zstd.
    let out = kaohe(&["indicators", "ningbo/district", "tests/cases/english-export.parquet"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let english = temp_file("english-parquet-twin.csv", ENGLISH);
    assert_eq!(text(&out.stdout), text(&kaohe(&["indicators", "ningbo/district", &english]).stdout));
    // A column of UTC instants has no month without a time zone: refused, naming it.
    let utc = kaohe(&["indicators", "ningbo/district", "tests/cases/utc-instants.parquet"]);
    assert_eq!(utc.status.code(), Some(1));
    assert!(text(&utc.stderr).contains("column deadline holds UTC instants"), "{}", text(&utc.stderr));
}

#[test]
fn the_report_links_points_lost_on_counted_rates_to_the_cases_behind_them() {
    let html = std::env::temp_dir().join(format!("kaohe-cli-{}-cases-report.html", std::process::id()));
    let html_path = html.to_string_lossy().into_owned();
    let out = kaohe(&[
        "report",
        "ningbo/district",
        "examples/ningbo/2026-other-inputs.csv",
        "--cases",
        "examples/ningbo/2026-cases.csv",
        "--within",
        "2026",
        "--period-inputs",
        "examples/ningbo/2026-bonus.csv",
        "--force",
        "-o",
        &html_path,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(&html).unwrap();
    // The same year through the trace: each unit-month's cases due to close and closed.
    let trace = kaohe(&[
        "indicators",
        "ningbo/district",
        "examples/ningbo/2026-cases.csv",
        "--format",
        "jsonl",
        "--trace",
        "--within",
        "2026",
    ]);
    assert!(trace.status.success(), "{}", text(&trace.stderr));
    let mut checked = 0;
    for line in text(&trace.stdout).lines() {
        let month: serde_json::Value = serde_json::from_str(line).unwrap();
        let ids = |count: &str| -> Vec<String> {
            month["cases"][count].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
        };
        let (due, closed) = (ids("due"), ids("closed"));
        let open: Vec<&String> = due.iter().filter(|id| !closed.contains(id)).collect();
        // 结案率 under 95% loses points (RULES-DIGEST §3, Ningbo): that month's block in the unit's
        // closure section lists exactly the open cases, the closure rate's exceptions.
        if open.is_empty() || closed.len() * 100 >= due.len() * 95 {
            continue;
        }
        let (unit, label) = (month["unit"].as_str().unwrap(), month["month"].as_str().unwrap());
        let summary = format!("<summary>{unit} · 结案率</summary>");
        let section = &page[page.find(&summary).unwrap_or_else(|| panic!("no closure section for {unit}"))..];
        let section = &section[..section.find("</details>").unwrap()];
        let block =
            &section[section.find(&format!("<h3>{label} ")).unwrap_or_else(|| panic!("{unit} {label}"))..];
        let listed = block.lines().find(|l| l.contains("未计入")).unwrap();
        let listed: Vec<&str> = listed.split(": ").nth(1).unwrap().split(", ").collect();
        assert_eq!(listed, open, "{unit} {label}");
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} unit-months with a closure rate under 95%");
    // Every section is linked from its cell in the table of points lost, and every link lands.
    let sections: Vec<&str> =
        page.split("<details id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    let links: Vec<&str> = page.split("<a href=\"#").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert!(!sections.is_empty());
    assert_eq!(sections, links);
}

#[test]
fn doc_prints_the_scheme_as_its_published_table() {
    let md = kaohe(&["doc", "ningbo/district"]);
    assert!(md.status.success(), "{}", text(&md.stderr));
    // 附件3 工作成效·结案率: below 95%, 1 point per point below (a started step counts).
    assert!(text(&md.stdout)
        .contains("| 结案率 | 7 | 结案率低于95%：低于 95% 时，每低 1 个百分点扣 1 分（不足一档按一档计）"));
    let html = kaohe(&["doc", "examples/variants/ningbo-adopter.toml", "--format", "html", "--lang", "en"]);
    let page = text(&html.stdout);
    assert!(html.status.success(), "{}", text(&html.stderr));
    assert!(page.starts_with("<!doctype html>") && page.contains("<th>How it is scored</th>"), "{page}");
    let unknown = kaohe(&["doc", "ningbo/nowhere"]);
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn compare_lines_up_two_schemes_by_unit() {
    // A variant whose failed spot checks cost 3 instead of Ningbo's 1 (说明B's parameter).
    let variant = temp_file(
        "spot-checks-3.toml",
        "format = 1\nextends = \"ningbo/district\"\nid = \"test/spot-checks-3\"\ntitle = \"变体\"\ntitle_en = \"variant\"\n\
         version = \"1\"\nnotes = []\n\n[parameter.spot_check_deduction]\nvalue = \"3\"\nnote = \"three points\"\n",
    );
    let out = kaohe(&[
        "compare",
        "ningbo/district",
        &variant,
        "examples/ningbo/2026-districts.csv",
        "--period",
        "year",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(
        table.starts_with("period,kind,unit,rank_a,total_a,grade_a,rank_b,total_b,grade_b,change,moved\n"),
        "{table}"
    );
    // 海曙区 failed 3 filing spot checks (02, 08, 10), each now 2 points more: its months sum to
    // 1144 - 6 = 1138, and 1138 / 12 = 94.83 against 1144 / 12 = 95.33 (half up): a change of -0.5.
    assert!(table.contains("2026,district_bureau,海曙区,2,95.33,,2,94.83,,-0.5,0\n"), "{table}");
    assert_eq!(table.lines().count(), 1 + 6);
}
