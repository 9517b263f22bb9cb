//! The scheme as its official table (`kaohe doc`): each item with its points and its rules' methods
//! and clauses, checked against the source's own wording, for every built-in ruleset.

use kaohe::render::Lang;
use kaohe::scheme::{scheme_html, scheme_markdown};

#[test]
fn ningbo_reads_as_its_published_table() {
    let ruleset = kaohe::builtin::load("ningbo/district").unwrap();
    let table = scheme_markdown(&ruleset, Lang::Zh);
    // 附件3 工作成效·立案率: 低于70%的，每下降5%扣1分；低于40%的不得分; its spot checks deduct the
    // parameter the notes set to 1 (说明B).
    assert!(
        table.contains(
            "| 工作成效（45） | 立案率 | 7 | 立案率低于70%：低于 70% 时，每低 5 个百分点扣 1 分（不足一档按一档计）；\
             低于 40% 本项不得分<br>立案抽查发现未按规定处置：每次扣 1 分（参数：抽查不合格每次扣分） | \
             附件3 工作成效·立案率·评分办法1-2<br>附件3 工作成效·立案率·评分办法3（扣分额未规定，见说明B） |"
        ),
        "{table}"
    );
    // 社会评价: 满意率达90%以上的得2分 — exactly 90% does not pass (说明D).
    assert!(table.contains("上级机关部门满意率未高于90%：须高于 90%，否则本项不得分"), "{table}");
    // The yearly rollup and the notes follow the table.
    assert!(table.contains("## 周期汇总") && table.contains("`total_mean + bonus`"), "{table}");
    assert!(table.contains("## 说明\n\n1. "), "{table}");
}

#[test]
fn every_builtin_lists_every_item_and_rule_with_points_adding_up() {
    for entry in kaohe::builtin::catalogue() {
        let ruleset = kaohe::builtin::load(entry.id).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            let table = scheme_markdown(&ruleset, lang);
            let rows: Vec<Vec<&str>> = table
                .lines()
                .filter(|l| {
                    l.starts_with("| ") && !l.starts_with("| 考核内容") && !l.starts_with("| Section")
                })
                .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
                .collect();
            let items: Vec<(&str, &str)> = ruleset.items().collect();
            assert_eq!(rows.len(), items.len(), "{}: a row per item", entry.id);
            // Points as the ruleset gives them, row by row; each row's methods and clauses pair up.
            for (row, ((_, title), (points, _))) in rows.iter().zip(items.iter().zip(ruleset.item_points())) {
                assert_eq!(row[2], points.normalize().to_string(), "{} {title}", entry.id);
                assert_eq!(
                    row[3].split("<br>").count(),
                    row[4].split("<br>").count().max(1),
                    "{} {title}",
                    entry.id
                );
            }
            let html = scheme_html(&ruleset, lang);
            assert_eq!(
                html.matches("<tr>").count(),
                items.len() + 1,
                "{}: a row per item, and the header",
                entry.id
            );
            assert!(!html.contains("<script"), "{}", entry.id);
        }
    }
}

#[test]
fn a_parameter_left_to_the_adopting_authority_says_so_and_text_is_escaped() {
    let ruleset = kaohe::builtin::load("shenzhen/platform").unwrap();
    let table = scheme_markdown(&ruleset, Lang::Zh);
    assert!(table.contains("待定"), "{table}");
    let source = kaohe::builtin::source("ningbo/district").unwrap();
    let variant = source.replacen("title = \"工作成效\"", "title = \"工作<b>成效</b> | 附\"", 1);
    let ruleset = kaohe::Ruleset::from_toml(&variant, "variant.toml").unwrap();
    assert!(scheme_html(&ruleset, Lang::Zh).contains("工作&lt;b&gt;成效&lt;/b&gt; | 附（45）"));
    assert!(scheme_markdown(&ruleset, Lang::Zh).contains("工作<b>成效</b> \\| 附（45）"));
}

#[test]
fn a_form_groups_each_input_under_the_first_section_that_reads_it() {
    let ruleset = kaohe::builtin::load("ningbo/district").unwrap();
    let sections = ruleset.section_inputs();
    assert_eq!(sections.len(), 4);
    let (title, _, inputs) = &sections[3];
    // 社会评价: the three satisfaction rates, each read by one item.
    assert_eq!(*title, "社会评价");
    assert_eq!(inputs, &["superior_satisfaction", "partner_satisfaction", "community_satisfaction"]);
    // Every input that some item reads appears once.
    let listed: Vec<&str> = sections.iter().flat_map(|(_, _, inputs)| inputs.iter().copied()).collect();
    let mut unique = listed.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), listed.len());
}
