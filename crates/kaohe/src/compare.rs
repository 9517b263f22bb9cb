//! What-if: the same units ranked under two schemes (a built-in and a city's variant, or two
//! cities' schemes), side by side: each unit's place under each, how its total changed and how many
//! places it moved.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::input_error::{overflow, InputError};
use crate::rank::Ranked;

/// A unit's place under one scheme, as a ranking gives it (its grade by label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placing<'a> {
    pub unit: &'a str,
    pub kind: &'a str,
    pub rank: usize,
    pub total: Decimal,
    pub grade: Option<&'a str>,
}

impl<'a> From<&'a Ranked> for Placing<'a> {
    fn from(ranked: &'a Ranked) -> Placing<'a> {
        Placing {
            unit: &ranked.unit,
            kind: &ranked.kind,
            rank: ranked.rank,
            total: ranked.total,
            grade: ranked.grade.as_deref().map(|g| g.label.as_str()),
        }
    }
}

/// Where a unit stands under one scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Place {
    pub rank: usize,
    pub total: Decimal,
    pub grade: Option<String>,
}

/// One unit under both schemes: its place under each (none where that scheme did not rank it), the
/// change of its total (b − a) and the places it moved (up is positive), when both ranked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Compared {
    pub unit: String,
    pub kind: String,
    pub a: Option<Place>,
    pub b: Option<Place>,
    pub change: Option<Decimal>,
    pub moved: Option<i64>,
}

/// Lines two rankings of the same units up by unit: in `a`'s order, then the units only `b` ranked.
/// A unit ranked twice in one ranking is refused: which of its places to compare would be a guess.
pub fn compare(a: &[Placing], b: &[Placing]) -> Result<Vec<Compared>, InputError> {
    let (in_a, in_b) = (by_unit(a, "a")?, by_unit(b, "b")?);
    let place = |p: &Placing| Place { rank: p.rank, total: p.total, grade: p.grade.map(str::to_owned) };
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    for before in a {
        let after = in_b.get(before.unit).copied();
        let (change, moved) = match after {
            Some(after) => {
                let change = after.total.checked_sub(before.total).ok_or_else(|| overflow(before.unit))?;
                let moved = i64::try_from(before.rank).ok().zip(i64::try_from(after.rank).ok());
                (Some(change.normalize()), moved.and_then(|(from, to)| from.checked_sub(to)))
            }
            None => (None, None),
        };
        out.push(Compared {
            unit: before.unit.to_owned(),
            kind: before.kind.to_owned(),
            a: Some(place(before)),
            b: after.map(place),
            change,
            moved,
        });
    }
    for after in b.iter().filter(|p| !in_a.contains_key(p.unit)) {
        out.push(Compared {
            unit: after.unit.to_owned(),
            kind: after.kind.to_owned(),
            a: None,
            b: Some(place(after)),
            change: None,
            moved: None,
        });
    }
    Ok(out)
}

/// A ranking's placings by unit (one lookup per unit, however long the rankings).
fn by_unit<'r, 'p>(
    ranking: &'r [Placing<'p>],
    which: &str,
) -> Result<HashMap<&'p str, &'r Placing<'p>>, InputError> {
    let mut units = HashMap::with_capacity(ranking.len());
    for (n, placing) in ranking.iter().enumerate() {
        if units.insert(placing.unit, placing).is_some() {
            // Only on the way out: where the unit came first.
            let first = ranking.iter().position(|p| p.unit == placing.unit).unwrap_or(n);
            return Err(InputError::ranked_twice(which, n, placing.unit, first));
        }
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input_error::InputErrorKind;

    fn placing(unit: &'static str, rank: usize, total: &str) -> Placing<'static> {
        Placing { unit, kind: "district", rank, total: total.parse().unwrap(), grade: None }
    }

    #[test]
    fn lines_up_units_with_their_change_and_move() {
        let a = [placing("海曙区", 1, "98.5"), placing("江北区", 2, "97"), placing("镇海区", 3, "90")];
        let b = [placing("江北区", 1, "97"), placing("海曙区", 2, "94.25"), placing("北仑区", 3, "80")];
        let compared = compare(&a, &b).unwrap();
        let rows: Vec<(&str, Option<String>, Option<i64>)> =
            compared.iter().map(|c| (c.unit.as_str(), c.change.map(|d| d.to_string()), c.moved)).collect();
        // 海曙区 94.25 − 98.5 = −4.25, from 1st to 2nd: moved −1; 江北区 97 − 97 = 0, 2nd to 1st: +1;
        // 镇海区 only under a; 北仑区 only under b, last.
        assert_eq!(
            rows,
            [
                ("海曙区", Some("-4.25".into()), Some(-1)),
                ("江北区", Some("0".into()), Some(1)),
                ("镇海区", None, None),
                ("北仑区", None, None),
            ]
        );
        assert!(compared[2].b.is_none() && compared[3].a.is_none());
    }

    #[test]
    fn a_unit_ranked_twice_is_refused_where_it_repeats() {
        let twice = [placing("海曙区", 1, "98"), placing("江北区", 2, "97"), placing("海曙区", 3, "90")];
        let error = compare(&[placing("江北区", 1, "97")], &twice).unwrap_err();
        assert_eq!((error.loc.as_str(), error.kind), ("b[2].unit", InputErrorKind::OutOfRange));
        assert_eq!(error.message, "ranks `海曙区` a second time (first at b[0]); expected each unit once");
    }
}
