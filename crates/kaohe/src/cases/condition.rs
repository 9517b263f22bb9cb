//! The condition language of case counts: which cases a count takes, written over the case
//! table's columns.
//!
//! ```text
//! closed_at and closed_at <= deadline and not forced_closure
//! source in ['public', 'hotline'] and satisfaction != 'invalid'
//! kind == 'event' and subclass not in long_construction and reworks >= 1
//! ```
//!
//! A time column alone means the stage happened; a flag column alone means it is set. Times
//! compare with times (and with `period_start`, `period_end` and `assessed_at`, the marks of the
//! month the case is counted in); a comparison with a time that is empty is false. Text and
//! choice columns compare with quoted values, lists, or a named `[case_list]`.

use crate::cases::columns::{choice_code, choice_list, Column, ColumnType};
use crate::limits::{MAX_EXPRESSION_BYTES, MAX_EXPRESSION_DEPTH};

/// A time a condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeOperand {
    Column(Column),
    /// The first instant of the month the case is counted in.
    PeriodStart,
    /// The first instant after it.
    PeriodEnd,
    /// The moment the month's figures are taken (`[cases] assessed_days_after`).
    AssessedAt,
}

/// How two values are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Relation {
    #[inline]
    pub fn holds<T: Ord>(self, left: T, right: T) -> bool {
        match self {
            Relation::Lt => left < right,
            Relation::Le => left <= right,
            Relation::Gt => left > right,
            Relation::Ge => left >= right,
            Relation::Eq => left == right,
            Relation::Ne => left != right,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    All,
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
    /// A time column is filled in.
    Happened(Column),
    Flag(Column),
    Times(TimeOperand, Relation, TimeOperand),
    Count(Column, Relation, u32),
    /// A text or choice column holds one of the values (or, negated, none of them).
    Text {
        column: Column,
        values: Vec<Box<str>>,
        negated: bool,
    },
}

/// A fault at a byte offset of the condition text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    pub at: usize,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Number(u32),
    Op(&'static str),
}

fn fault(at: usize, message: impl Into<String>) -> ConditionError {
    ConditionError { at, message: message.into(), hint: None }
}

fn tokens(text: &str) -> Result<Vec<(usize, Token)>, ConditionError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let token = match c {
            c if c.is_whitespace() => continue,
            'a'..='z' | '_' => {
                let mut word = String::from(c);
                while let Some((_, c)) = chars.next_if(|(_, c)| c.is_ascii_alphanumeric() || *c == '_') {
                    word.push(c);
                }
                Token::Word(word)
            }
            '0'..='9' => {
                let mut digits = String::from(c);
                while let Some((_, c)) = chars.next_if(|(_, c)| c.is_ascii_digit()) {
                    digits.push(c);
                }
                Token::Number(digits.parse().map_err(|_| fault(at, "the number is too large"))?)
            }
            '\'' | '"' => {
                let mut value = String::new();
                loop {
                    match chars.next() {
                        Some((_, end)) if end == c => break,
                        Some((_, other)) => value.push(other),
                        None => return Err(fault(at, "the quoted value is not closed")),
                    }
                }
                Token::Text(value)
            }
            '(' => Token::Op("("),
            ')' => Token::Op(")"),
            '[' => Token::Op("["),
            ']' => Token::Op("]"),
            ',' => Token::Op(","),
            '<' | '>' | '=' | '!' => {
                let equals = chars.next_if(|(_, c)| *c == '=').is_some();
                match (c, equals) {
                    ('<', false) => Token::Op("<"),
                    ('<', true) => Token::Op("<="),
                    ('>', false) => Token::Op(">"),
                    ('>', true) => Token::Op(">="),
                    ('=', true) => Token::Op("=="),
                    ('!', true) => Token::Op("!="),
                    _ => {
                        return Err(fault(
                            at,
                            format!("`{c}` is not an operator; compare with ==, !=, <, <=, >, >="),
                        ))
                    }
                }
            }
            other => return Err(fault(at, format!("`{other}` is not allowed here"))),
        };
        out.push((at, token));
    }
    Ok(out)
}

/// Parses a condition. `list` answers the values of a named `[case_list]`.
pub fn parse(text: &str, list: &dyn Fn(&str) -> Option<Vec<String>>) -> Result<Condition, ConditionError> {
    if text.len() > MAX_EXPRESSION_BYTES {
        return Err(fault(0, format!("the condition is longer than {MAX_EXPRESSION_BYTES} bytes")));
    }
    let tokens = tokens(text)?;
    let mut parser = Parser { tokens, next: 0, end: text.len(), depth: 0, list };
    let condition = parser.or()?;
    match parser.tokens.get(parser.next) {
        None => Ok(condition),
        Some((at, _)) => Err(fault(*at, "expected `and`, `or` or the end of the condition")),
    }
}

struct Parser<'a> {
    tokens: Vec<(usize, Token)>,
    next: usize,
    end: usize,
    depth: usize,
    list: &'a dyn Fn(&str) -> Option<Vec<String>>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.next).map_or(self.end, |(at, _)| *at)
    }

    fn take(&mut self) -> Option<(usize, Token)> {
        let token = self.tokens.get(self.next).cloned();
        self.next = self.next.saturating_add(1);
        token
    }

    fn word(&mut self, word: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Word(w)) if w == word);
        if found {
            self.next = self.next.saturating_add(1);
        }
        found
    }

    fn op(&mut self, op: &str) -> bool {
        let found = matches!(self.peek(), Some(Token::Op(o)) if *o == op);
        if found {
            self.next = self.next.saturating_add(1);
        }
        found
    }

    fn or(&mut self) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.and()?];
        while self.word("or") {
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Condition::Or(parts) })
    }

    fn and(&mut self) -> Result<Condition, ConditionError> {
        let mut parts = vec![self.unary()?];
        while self.word("and") {
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Condition::And(parts) })
    }

    fn unary(&mut self) -> Result<Condition, ConditionError> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_EXPRESSION_DEPTH {
            return Err(fault(self.at(), format!("the condition nests deeper than {MAX_EXPRESSION_DEPTH}")));
        }
        let condition = if self.word("not") {
            Condition::Not(Box::new(self.unary()?))
        } else if self.op("(") {
            let inner = self.or()?;
            if !self.op(")") {
                return Err(fault(self.at(), "expected `)`"));
            }
            inner
        } else {
            self.comparison()?
        };
        self.depth = self.depth.saturating_sub(1);
        Ok(condition)
    }

    fn comparison(&mut self) -> Result<Condition, ConditionError> {
        let at = self.at();
        let Some((_, Token::Word(name))) = self.take() else {
            return Err(fault(at, "expected a column name, `not` or `(`"));
        };
        if name == "all" {
            return Ok(Condition::All);
        }
        let left = operand(&name).ok_or_else(|| not_a_column(at, &name))?;
        // `in`, `not in`, a comparison operator, or nothing: the column stands alone.
        let negated_in = matches!(self.peek(), Some(Token::Word(w)) if w == "not")
            && matches!(self.tokens.get(self.next.saturating_add(1)), Some((_, Token::Word(w))) if w == "in");
        if negated_in {
            self.next = self.next.saturating_add(2);
        }
        let comparison = if negated_in || self.word("in") {
            None
        } else {
            let found = match self.peek() {
                Some(Token::Op(op)) => relation(op),
                _ => None,
            };
            match found {
                Some(found) => {
                    self.next = self.next.saturating_add(1);
                    Some(found)
                }
                None => return self.alone(left, at, &name),
            }
        };
        match left {
            TimeOperand::Column(column) => match column.kind() {
                ColumnType::Text | ColumnType::Choice(_) => self.text(column, comparison, negated_in, at),
                ColumnType::Count => {
                    let comparison = comparison
                        .ok_or_else(|| fault(at, format!("{name} is a count: compare it with a number")))?;
                    let number_at = self.at();
                    match self.take() {
                        Some((_, Token::Number(n))) => Ok(Condition::Count(column, comparison, n)),
                        _ => Err(fault(
                            number_at,
                            format!("{name} is a count: compare it with a whole number"),
                        )),
                    }
                }
                ColumnType::Time => self.time(left, comparison, at, &name),
                ColumnType::Flag => {
                    Err(fault(at, format!("{name} is a flag: write `{name}` or `not {name}`")))
                }
            },
            _ => self.time(left, comparison, at, &name),
        }
    }

    /// A column standing alone: a time that happened, or a flag that is set.
    fn alone(&mut self, left: TimeOperand, at: usize, name: &str) -> Result<Condition, ConditionError> {
        match left {
            TimeOperand::Column(column) if column.kind() == ColumnType::Time => {
                Ok(Condition::Happened(column))
            }
            TimeOperand::Column(column) if column.kind() == ColumnType::Flag => Ok(Condition::Flag(column)),
            _ => Err(fault(at, format!("`{name}` alone is not a condition; compare it with something"))),
        }
    }

    fn time(
        &mut self,
        left: TimeOperand,
        comparison: Option<Relation>,
        at: usize,
        name: &str,
    ) -> Result<Condition, ConditionError> {
        let comparison = comparison
            .ok_or_else(|| fault(at, format!("{name} is a time: compare it with <, <=, >, >=, == or !=")))?;
        let right_at = self.at();
        let right = match self.take() {
            Some((_, Token::Word(word))) => match operand(&word) {
                Some(TimeOperand::Column(c)) if c.kind() != ColumnType::Time => {
                    return Err(fault(right_at, format!("{name} is a time and `{word}` is not")));
                }
                Some(found) => found,
                None => return Err(not_a_column(right_at, &word)),
            },
            _ => {
                return Err(fault(
                    right_at,
                    format!("{name} is a time: compare it with another time column or a period mark"),
                ))
            }
        };
        Ok(Condition::Times(left, comparison, right))
    }

    fn text(
        &mut self,
        column: Column,
        comparison: Option<Relation>,
        negated_in: bool,
        at: usize,
    ) -> Result<Condition, ConditionError> {
        let values_at = self.at();
        let (values, negated) = match comparison {
            Some(Relation::Eq) | Some(Relation::Ne) => match self.take() {
                Some((_, Token::Text(value))) => (vec![value], comparison == Some(Relation::Ne)),
                _ => return Err(fault(values_at, format!("compare {} with a quoted value", column.name()))),
            },
            Some(_) => {
                return Err(fault(
                    at,
                    format!("{} is text: compare it with ==, !=, in or not in", column.name()),
                ))
            }
            None => (self.values()?, negated_in),
        };
        let values = match column.kind() {
            ColumnType::Choice(choices) => values
                .iter()
                .map(|value| {
                    choice_code(choices, value).map(Box::from).ok_or_else(|| ConditionError {
                        at: values_at,
                        message: format!("`{value}` is not a value of {}", column.name()),
                        hint: Some(format!("the values are {}", choice_list(choices))),
                    })
                })
                .collect::<Result<_, _>>()?,
            _ => values.into_iter().map(Box::from).collect(),
        };
        Ok(Condition::Text { column, values, negated })
    }

    /// `['a', 'b']` or the name of a `[case_list]`.
    fn values(&mut self) -> Result<Vec<String>, ConditionError> {
        let at = self.at();
        match self.take() {
            Some((_, Token::Op("["))) => {
                let mut values = Vec::new();
                loop {
                    let value_at = self.at();
                    match self.take() {
                        Some((_, Token::Text(value))) => values.push(value),
                        _ => return Err(fault(value_at, "expected a quoted value")),
                    }
                    if self.op("]") {
                        return Ok(values);
                    }
                    if !self.op(",") {
                        return Err(fault(self.at(), "expected `,` or `]`"));
                    }
                }
            }
            Some((_, Token::Word(name))) => (self.list)(&name).ok_or_else(|| ConditionError {
                at,
                message: format!("`{name}` is not a declared list"),
                hint: Some(format!("declare it as [case_list.{name}] with its values")),
            }),
            _ => Err(fault(at, "expected a list `['a', 'b']` or the name of a [case_list]")),
        }
    }
}

fn not_a_column(at: usize, name: &str) -> ConditionError {
    let mut names: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
    names.extend(["period_start", "period_end", "assessed_at"]);
    let hint = crate::diagnostic::did_you_mean(name, names.iter().copied())
        .unwrap_or_else(|| format!("the columns are {}", names.join(", ")));
    ConditionError { at, message: format!("`{name}` is not a case column"), hint: Some(hint) }
}

fn operand(name: &str) -> Option<TimeOperand> {
    match name {
        "period_start" => Some(TimeOperand::PeriodStart),
        "period_end" => Some(TimeOperand::PeriodEnd),
        "assessed_at" => Some(TimeOperand::AssessedAt),
        _ => Column::ALL.into_iter().find(|c| c.name() == name).map(TimeOperand::Column),
    }
}

fn relation(op: &str) -> Option<Relation> {
    Some(match op {
        "<" => Relation::Lt,
        "<=" => Relation::Le,
        ">" => Relation::Gt,
        ">=" => Relation::Ge,
        "==" => Relation::Eq,
        "!=" => Relation::Ne,
        _ => return None,
    })
}

impl Condition {
    /// Every column the condition reads, for checking a table has them.
    pub fn columns(&self, out: &mut Vec<Column>) {
        match self {
            Condition::All => {}
            Condition::And(parts) | Condition::Or(parts) => parts.iter().for_each(|p| p.columns(out)),
            Condition::Not(inner) => inner.columns(out),
            Condition::Happened(c) | Condition::Flag(c) | Condition::Count(c, _, _) => out.push(*c),
            Condition::Text { column, .. } => out.push(*column),
            Condition::Times(left, _, right) => {
                for operand in [left, right] {
                    if let TimeOperand::Column(c) = operand {
                        out.push(*c);
                    }
                }
            }
        }
    }
}
