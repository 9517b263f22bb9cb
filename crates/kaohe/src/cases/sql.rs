//! A ruleset's case counts as one SQL query, for an engine that already holds the cases: DuckDB
//! on one machine, Spark SQL on a cluster. The query gives the counts only (exact integers, one
//! row per unit and month); the indicators are then worked out from them by
//! [`CaseRules::values`], so ratios are exact and settled as in the core.
//!
//! The source table has the case table's columns by their English names, as text or typed
//! (times as timestamps or ISO text `2026-03-05 14:22:10`, counts as integers, flags as booleans
//! or 1/0). Choice columns may hold codes or Chinese labels.

use crate::cases::columns::{Column, ColumnType};
use crate::cases::condition::{Condition, Relation, TimeOperand};
use crate::cases::definition::{CaseRules, CountError, Measure, RepeatCounting};

/// The SQL dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Spark,
}

impl Dialect {
    fn text(self) -> &'static str {
        match self {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Spark => "STRING",
        }
    }

    fn month_key(self, time: &str) -> String {
        match self {
            Dialect::DuckDb => format!("strftime({time}, '%Y-%m')"),
            Dialect::Spark => format!("date_format({time}, 'yyyy-MM')"),
        }
    }

    fn next_month(self, time: &str) -> String {
        match self {
            Dialect::DuckDb => format!("({time} + INTERVAL 1 MONTH)"),
            Dialect::Spark => format!("CAST(add_months({time}, 1) AS TIMESTAMP)"),
        }
    }
}

/// A SQL string literal.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

const YES: &str = "('1', 'true', 'TRUE', 'True', '是', 'yes', 'Y')";

impl CaseRules {
    /// One query over `table` giving, for each unit and assessment month, one column per
    /// `[case_count]` (named by its id). `has` tells which columns the table has; a column a
    /// count needs and the table lacks is refused as in [`crate::Ruleset::count_cases`].
    pub fn sql(
        &self,
        dialect: Dialect,
        starts_on: u8,
        table: &str,
        has: &dyn Fn(Column) -> bool,
    ) -> Result<String, CountError> {
        let needed = self.checked_columns(has)?;
        let q = |c: Column| match dialect {
            Dialect::DuckDb => format!("\"{}\"", c.name()),
            Dialect::Spark => format!("`{}`", c.name()),
        };
        let text = |c: Column| format!("CAST({} AS {})", q(c), dialect.text());
        // The cases, typed, without the void and the unit-less.
        let mut select = Vec::new();
        for (column, _) in &needed {
            let typed = match column.kind() {
                ColumnType::Text => text(*column),
                ColumnType::Choice(choices) => {
                    let arms: String = choices
                        .iter()
                        .map(|(code, label)| format!(" WHEN {} THEN {}", quoted(label), quoted(code)))
                        .collect();
                    format!("CASE {}{arms} ELSE {} END", text(*column), text(*column))
                }
                ColumnType::Time => format!("TRY_CAST({} AS TIMESTAMP)", q(*column)),
                ColumnType::Count => format!("COALESCE(TRY_CAST({} AS INTEGER), 0)", q(*column)),
                ColumnType::Flag => format!("COALESCE({} IN {YES}, FALSE)", text(*column)),
            };
            select.push(format!("{typed} AS {}", q(*column)));
        }
        let mut filter = format!("{} IS NOT NULL AND {} <> ''", q(Column::Unit), text(Column::Unit));
        if has(Column::Void) {
            filter.push_str(&format!(" AND NOT COALESCE({} IN {YES}, FALSE)", text(Column::Void)));
        }
        let mut ctes =
            vec![format!("cases_typed AS (SELECT {} FROM {table} WHERE {filter})", select.join(", "))];
        // Each anchor column: its month and the month's marks beside every case that has it.
        let mut anchors: Vec<Column> = Vec::new();
        for count in &self.counts {
            if !anchors.contains(&count.in_period) {
                anchors.push(count.in_period);
            }
        }
        for anchor in &anchors {
            let time = q(*anchor);
            let shifted = if starts_on <= 1 {
                time.clone()
            } else {
                format!(
                    "CASE WHEN day({time}) >= {starts_on} THEN {} ELSE {time} END",
                    dialect.next_month(&time)
                )
            };
            let first_day = if starts_on <= 1 { 1 } else { starts_on };
            let mark = format!("make_timestamp(year(s), month(s), {first_day}, 0, 0, 0)");
            let (start, end) = if starts_on <= 1 {
                (mark.clone(), format!("{mark} + INTERVAL 1 MONTH"))
            } else {
                (format!("{mark} - INTERVAL 1 MONTH"), mark.clone())
            };
            ctes.push(format!(
                "at_{anchor} AS (SELECT *, {month} AS month, {start} AS period_start, {end} AS period_end, \
                 {end} + INTERVAL {lag} DAY AS assessed_at FROM (SELECT *, {shifted} AS s FROM cases_typed \
                 WHERE {time} IS NOT NULL) anchored)",
                anchor = anchor.name(),
                month = dialect.month_key("s"),
                lag = self.assessed_days_after,
            ));
        }
        // Counts of cases and sums that share an anchor are one aggregation (one scan): each is a
        // conditional sum, and a unit-month is kept when any of them took a case. Repeats group
        // by their own keys and are one aggregation each.
        let unit = q(Column::Unit);
        let mut sources: Vec<String> = Vec::new();
        let mut column_of: Vec<String> = Vec::with_capacity(self.counts.len());
        for anchor in &anchors {
            let mut sums = Vec::new();
            let mut took = Vec::new();
            for (index, count) in self.counts.iter().enumerate() {
                if count.in_period != *anchor || matches!(count.measure, Measure::Repeats(_)) {
                    continue;
                }
                let condition = condition_sql(&count.condition, &q);
                let amount = match &count.measure {
                    Measure::Sum(column) => q(*column),
                    _ => "1".to_owned(),
                };
                sums.push(format!("SUM(CASE WHEN {condition} THEN {amount} ELSE 0 END) AS n_{index}"));
                took.push(condition);
            }
            if sums.is_empty() {
                continue;
            }
            let name = format!("sums_{}", anchor.name());
            ctes.push(format!(
                "{name} AS (SELECT {unit} AS unit, month, {} FROM at_{} WHERE {} GROUP BY {unit}, month)",
                sums.join(", "),
                anchor.name(),
                took.join(" OR "),
            ));
            sources.push(name);
        }
        for (index, count) in self.counts.iter().enumerate() {
            let Measure::Repeats(repeats) = &count.measure else {
                let source = format!("sums_{}", count.in_period.name());
                column_of.push(format!("{source}.n_{index}"));
                continue;
            };
            let mut keys: Vec<String> = repeats.same.iter().map(|c| q(*c)).collect();
            keys.push(q(repeats.by));
            let arms: String = repeats
                .at_least
                .iter()
                .map(|(value, at_least)| format!(" WHEN {} THEN {at_least}", quoted(value)))
                .collect();
            let counted = match repeats.counting {
                RepeatCounting::EveryCase => "size",
                RepeatCounting::AfterFirst => "size - 1",
            };
            let name = format!("repeats_{index}");
            ctes.push(format!(
                "{name} AS (SELECT unit, month, SUM(CASE WHEN size >= (CASE by_value{arms} END) \
                 THEN {counted} ELSE 0 END) AS n_{index} FROM (SELECT {unit} AS unit, month, {by} AS by_value, \
                 COUNT(*) AS size FROM at_{anchor} WHERE {condition} GROUP BY {unit}, month, {keys}) grouped \
                 GROUP BY unit, month)",
                by = q(repeats.by),
                anchor = count.in_period.name(),
                condition = condition_sql(&count.condition, &q),
                keys = keys.join(", "),
            ));
            column_of.push(format!("{name}.n_{index}"));
            sources.push(name);
        }
        let keys: Vec<String> = sources.iter().map(|s| format!("SELECT unit, month FROM {s}")).collect();
        ctes.push(format!("unit_months AS ({})", keys.join(" UNION ")));
        let columns: String = self
            .counts
            .iter()
            .zip(&column_of)
            .map(|(c, column)| format!(", COALESCE({column}, 0) AS {}", quoted_name(dialect, &c.id)))
            .collect();
        let joins: String = sources
            .iter()
            .map(|s| {
                format!(" LEFT JOIN {s} ON {s}.unit = unit_months.unit AND {s}.month = unit_months.month")
            })
            .collect();
        Ok(format!(
            "WITH {}\nSELECT unit_months.unit AS unit, unit_months.month AS month{columns} FROM unit_months{joins} \
             ORDER BY unit, month",
            ctes.join(",\n")
        ))
    }
}

fn quoted_name(dialect: Dialect, id: &str) -> String {
    match dialect {
        Dialect::DuckDb => format!("\"{id}\""),
        Dialect::Spark => format!("`{id}`"),
    }
}

/// A condition as a SQL boolean that is never NULL, so `NOT` reads as the core's `not`: a
/// comparison with an empty time is false, and an empty text cell holds none of the values.
fn condition_sql(condition: &Condition, q: &dyn Fn(Column) -> String) -> String {
    let operand = |o: &TimeOperand| match o {
        TimeOperand::Column(c) => q(*c),
        TimeOperand::PeriodStart => "period_start".to_owned(),
        TimeOperand::PeriodEnd => "period_end".to_owned(),
        TimeOperand::AssessedAt => "assessed_at".to_owned(),
    };
    let relation = |r: Relation| match r {
        Relation::Lt => "<",
        Relation::Le => "<=",
        Relation::Gt => ">",
        Relation::Ge => ">=",
        Relation::Eq => "=",
        Relation::Ne => "<>",
    };
    let joined = |parts: &[Condition], word: &str| {
        let parts: Vec<String> = parts.iter().map(|p| condition_sql(p, q)).collect();
        format!("({})", parts.join(&format!(" {word} ")))
    };
    match condition {
        Condition::All => "TRUE".to_owned(),
        Condition::And(parts) => joined(parts, "AND"),
        Condition::Or(parts) => joined(parts, "OR"),
        Condition::Not(inner) => format!("(NOT {})", condition_sql(inner, q)),
        Condition::Happened(c) => format!("({} IS NOT NULL)", q(*c)),
        Condition::Flag(c) => q(*c),
        Condition::Times(l, r, rr) => {
            format!("COALESCE({} {} {}, FALSE)", operand(l), relation(*r), operand(rr))
        }
        Condition::Count(c, r, n) => format!("COALESCE({} {} {n}, FALSE)", q(*c), relation(*r)),
        Condition::Text { column, values, negated } => {
            let list: Vec<String> = values.iter().map(|v| quoted(v)).collect();
            let list = list.join(", ");
            if *negated {
                format!("COALESCE({} NOT IN ({list}), TRUE)", q(*column))
            } else {
                format!("COALESCE({} IN ({list}), FALSE)", q(*column))
            }
        }
    }
}
