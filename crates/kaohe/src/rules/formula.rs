//! `formula`: an amount computed from an expression over inputs, parameters and metrics, deducted,
//! awarded or set as the item's score.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::outcome::Arithmetic;
use super::raw::RawRule;
use super::{Direction, Fired, Firing, Keep, Keys, Scope, Site};
use crate::expr::Expr;
use crate::message::Plain;

pub(crate) const KEYS: Keys = Keys { required: &["expr", "effect"], optional: &[], one_of: None };

#[derive(Debug, Clone)]
pub(crate) struct FormulaRule {
    expr: Expr,
    /// The expression as written, for the scheme's table.
    text: String,
    pub(super) direction: Direction,
}

impl FormulaRule {
    pub(super) fn method(&self, zh: &mut String, en: &mut String) {
        super::effect_words(self.direction, (format!("`{}`", self.text), String::new()), zh, en);
    }

    pub(crate) fn compile(
        scope: &mut dyn Scope,
        raw: &RawRule,
        site: &Site,
        reads: &mut Vec<usize>,
    ) -> Option<FormulaRule> {
        let text = raw.expr.as_ref()?;
        let expr = scope.expression(text, site.context)?;
        if expr.divides_by_variable() {
            scope.error(
                text.span(),
                format!("{} divides by a value that may be zero", site.context),
                Some("compute the ratio in a [metric] with its `zero_denominator` policy, and read the metric here".into()),
            );
            return None;
        }
        reads.extend(scope.slots_of(&expr));
        Some(FormulaRule { expr, text: text.get_ref().clone(), direction: *raw.effect.as_ref()?.get_ref() })
    }

    #[inline]
    pub(crate) fn fire<K: Keep>(&self, at: &Firing) -> Fired<K> {
        let value = at.eval(&self.expr)?;
        Ok(Some((self.direction.outcome(value), K::arithmetic(|| Arithmetic::Formula { value }))))
    }
}

pub(crate) fn describe(value: Decimal, zh: &mut String, en: &mut String) {
    let _ = write!(zh, "计算值 {}，", Plain(value));
    let _ = write!(en, "computed {}: ", Plain(value));
}
