//! Ranking units' totals for one period within groups of the same target kind, with ties sharing
//! a rank (1, 2, 2, 4).

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::input_error::{InputError, InputErrorKind, InputErrors};
use crate::ruleset::model::{Grade, Ruleset};

/// One unit's total for a period, to be ranked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub unit: String,
    /// Units are ranked only against units of the same kind (district vs department).
    pub kind: String,
    pub total: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Ranked {
    pub unit: String,
    pub kind: String,
    /// 1 for the highest total in the group; equal totals share a rank and the next is skipped.
    pub rank: usize,
    pub total: Decimal,
    pub grade: Option<Arc<Grade>>,
}

impl Ruleset {
    /// Why `kind` (given for `whose`, which the message names) cannot be assessed by this
    /// ruleset, or `None` when it is one of its target kinds: ranking and the period ledger
    /// refuse such a kind alike.
    pub(crate) fn unassessed_kind(&self, kind: &str, whose: impl std::fmt::Display) -> Option<String> {
        let kinds = &self.meta().target_kinds;
        (!kinds.iter().any(|k| k == kind)).then(|| {
            format!(
                "`{kind}` ({whose}) is not a target kind of `{}`; expected one of {}",
                self.id(),
                kinds.join(", ")
            )
        })
    }

    /// Ranks within each kind, each unit with this ruleset's grade for its total: groups in the
    /// order their kind first appears, units by total (highest first), equal totals in the order
    /// given. O(n log n) however many kinds there are. A kind the ruleset does not name is refused
    /// (a misspelt kind would otherwise rank its unit alone, first), and so is a unit given twice
    /// (it would take two places and push the units below it down).
    pub fn rank(&self, standings: Vec<Standing>) -> Result<Vec<Ranked>, InputErrors> {
        let mut problems = Vec::new();
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(standings.len());
        for (n, standing) in standings.iter().enumerate() {
            if let Some(message) = self.unassessed_kind(&standing.kind, &standing.unit) {
                problems.push(InputError::new(
                    format!("standings[{n}].kind"),
                    InputErrorKind::OutOfRange,
                    message,
                ));
            }
            match first.get(standing.unit.as_str()) {
                Some(&at) => problems.push(InputError::ranked_twice("standings", n, &standing.unit, at)),
                None => {
                    first.insert(&standing.unit, n);
                }
            }
        }
        if !problems.is_empty() {
            return Err(InputErrors(problems));
        }
        Ok(ranked(standings, |total| self.grade(total).cloned()))
    }
}

fn ranked(standings: Vec<Standing>, grade: impl Fn(Decimal) -> Option<Arc<Grade>>) -> Vec<Ranked> {
    let count = standings.len();
    let mut groups: IndexMap<String, Vec<Standing>> = IndexMap::new();
    for standing in standings {
        match groups.get_mut(&standing.kind) {
            Some(group) => group.push(standing),
            None => {
                groups.insert(standing.kind.clone(), vec![standing]);
            }
        }
    }
    let mut out = Vec::with_capacity(count);
    for mut group in groups.into_values() {
        // A stable sort keeps equal totals in the order given.
        group.sort_by_key(|s| std::cmp::Reverse(s.total));
        let mut rank = 0;
        let mut before: Option<Decimal> = None;
        for (position, Standing { unit, kind, total }) in group.into_iter().enumerate() {
            if before != Some(total) {
                rank = position.saturating_add(1);
            }
            before = Some(total);
            out.push(Ranked { unit, kind, rank, total, grade: grade(total) });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(unit: &str, kind: &str, total: &str) -> Standing {
        Standing { unit: unit.into(), kind: kind.into(), total: total.parse().unwrap() }
    }

    #[test]
    fn ties_share_a_rank_and_skip_the_next() {
        let ranked = ranked(
            vec![
                standing("a", "district", "90"),
                standing("b", "district", "95"),
                standing("c", "district", "90"),
                standing("d", "district", "80"),
                standing("x", "department", "70"),
                standing("y", "department", "70"),
            ],
            |_| None,
        );
        let got: Vec<(&str, usize)> = ranked.iter().map(|r| (r.unit.as_str(), r.rank)).collect();
        assert_eq!(got, vec![("b", 1), ("a", 2), ("c", 2), ("d", 4), ("x", 1), ("y", 1)]);
    }

    #[test]
    fn nothing_to_rank() {
        assert!(ranked(Vec::new(), |_| None).is_empty());
    }
}
