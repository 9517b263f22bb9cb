//! The metric expression language: decimals, names, `+ - * /`, comparisons (true = 1),
//! `min(..)`, `max(..)` and `if(condition, then, else)`. Parsed once at load, names resolved to
//! value slots, evaluated with checked decimal arithmetic.

use std::ops::Neg;

use rust_decimal::Decimal;

use crate::number::{compare, parse_decimal};

/// Deep nesting is refused so a hostile ruleset cannot exhaust the stack.
use crate::limits::{MAX_EXPRESSION_BYTES, MAX_EXPRESSION_DEPTH as MAX_DEPTH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Min,
    Max,
    If,
    /// The whole number at or below the value (a count of whole allowances).
    Floor,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(Decimal),
    /// A name, at a byte offset in the expression text; `slot` is set by [`Expr::resolve`].
    Name {
        name: String,
        at: usize,
        slot: usize,
    },
    Negate(Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Call(Function, Vec<Expr>),
}

/// A syntax error at a byte offset of the expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
}

/// Why an evaluation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalError {
    ZeroDenominator,
    Overflow,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(Decimal),
    Name(String),
    Op(&'static str),
    Open,
    Close,
    Comma,
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_digit() || c == '.' {
            let mut end = at;
            while let Some(&(i, d)) = chars.peek() {
                if d.is_ascii_digit() || d == '.' || d == '%' {
                    end = i.saturating_add(d.len_utf8());
                    chars.next();
                    if d == '%' {
                        break;
                    }
                } else {
                    break;
                }
            }
            let literal = text.get(at..end).unwrap_or_default();
            let value = parse_decimal(literal)
                .ok_or_else(|| SyntaxError { at, message: format!("`{literal}` is not a number") })?;
            tokens.push((at, Token::Number(value)));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut end = at;
            while let Some(&(i, d)) = chars.peek() {
                if d.is_ascii_alphanumeric() || d == '_' {
                    end = i.saturating_add(1);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push((at, Token::Name(text.get(at..end).unwrap_or_default().to_owned())));
        } else {
            chars.next();
            let next = chars.peek().map(|&(_, n)| n);
            let token = match (c, next) {
                ('<', Some('=')) => Token::Op("<="),
                ('>', Some('=')) => Token::Op(">="),
                ('=', Some('=')) => Token::Op("=="),
                ('!', Some('=')) => Token::Op("!="),
                ('<', _) => Token::Op("<"),
                ('>', _) => Token::Op(">"),
                ('+', _) => Token::Op("+"),
                ('-', _) => Token::Op("-"),
                ('*', _) => Token::Op("*"),
                ('/', _) => Token::Op("/"),
                ('(', _) => Token::Open,
                (')', _) => Token::Close,
                (',', _) => Token::Comma,
                _ => return Err(SyntaxError { at, message: format!("unexpected character `{c}`") }),
            };
            if matches!(token, Token::Op(op) if op.len() == 2) {
                chars.next();
            }
            tokens.push((at, token));
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    next: usize,
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(_, t)| t)
    }

    fn position(&self) -> usize {
        self.tokens.get(self.next).map_or(self.end, |(at, _)| *at)
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError { at: self.position(), message: message.into() })
    }

    fn take_op(&mut self, ops: &[&'static str]) -> Option<&'static str> {
        match self.peek() {
            Some(Token::Op(op)) if ops.contains(op) => {
                let op = *op;
                self.next = self.next.saturating_add(1);
                Some(op)
            }
            _ => None,
        }
    }

    fn expect(&mut self, wanted: &Token, what: &str) -> Result<(), SyntaxError> {
        if self.peek() == Some(wanted) {
            self.next = self.next.saturating_add(1);
            Ok(())
        } else {
            self.error(format!("expected {what}"))
        }
    }

    fn comparison(&mut self) -> Result<Expr, SyntaxError> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_DEPTH {
            return self.error(format!("expression nested deeper than {MAX_DEPTH} levels"));
        }
        let left = self.sum()?;
        let result = match self.take_op(&["<", "<=", ">", ">=", "==", "!="]) {
            Some(op) => {
                let right = self.sum()?;
                if matches!(self.peek(), Some(Token::Op("<" | "<=" | ">" | ">=" | "==" | "!="))) {
                    return self.error("comparisons do not chain: use parentheses");
                }
                Expr::Binary(binary(op), Box::new(left), Box::new(right))
            }
            None => left,
        };
        self.depth = self.depth.saturating_sub(1);
        Ok(result)
    }

    fn sum(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.product()?;
        while let Some(op) = self.take_op(&["+", "-"]) {
            left = Expr::Binary(binary(op), Box::new(left), Box::new(self.product()?));
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.unary()?;
        while let Some(op) = self.take_op(&["*", "/"]) {
            left = Expr::Binary(binary(op), Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        if self.take_op(&["-"]).is_some() {
            self.depth = self.depth.saturating_add(1);
            if self.depth > MAX_DEPTH {
                return self.error(format!("expression nested deeper than {MAX_DEPTH} levels"));
            }
            let inner = self.unary()?;
            self.depth = self.depth.saturating_sub(1);
            return Ok(Expr::Negate(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        let at = self.position();
        let Some((_, token)) = self.tokens.get(self.next).cloned() else {
            return self.error("expected a number, a name or `(`");
        };
        self.next = self.next.saturating_add(1);
        match token {
            Token::Number(value) => Ok(Expr::Number(value)),
            Token::Open => {
                let inner = self.comparison()?;
                self.expect(&Token::Close, "`)`")?;
                Ok(inner)
            }
            Token::Name(name) if self.peek() == Some(&Token::Open) => {
                let function = match name.as_str() {
                    "min" => Function::Min,
                    "max" => Function::Max,
                    "if" => Function::If,
                    "floor" => Function::Floor,
                    _ => {
                        return Err(SyntaxError {
                            at,
                            message: format!("unknown function `{name}`: use min, max, if or floor"),
                        })
                    }
                };
                self.next = self.next.saturating_add(1);
                let mut args = vec![self.comparison()?];
                while self.peek() == Some(&Token::Comma) {
                    self.next = self.next.saturating_add(1);
                    args.push(self.comparison()?);
                }
                self.expect(&Token::Close, "`,` or `)`")?;
                let (arity_ok, wanted) = match function {
                    Function::If => (args.len() == 3, "exactly 3"),
                    Function::Floor => (args.len() == 1, "exactly 1"),
                    Function::Min | Function::Max => (args.len() >= 2, "at least 2"),
                };
                if !arity_ok {
                    return Err(SyntaxError {
                        at,
                        message: format!("`{name}` takes {wanted} arguments, got {}", args.len()),
                    });
                }
                Ok(Expr::Call(function, args))
            }
            Token::Name(name) => Ok(Expr::Name { name, at, slot: usize::MAX }),
            _ => Err(SyntaxError { at, message: "expected a number, a name or `(`".into() }),
        }
    }
}

fn binary(op: &str) -> BinaryOp {
    match op {
        "+" => BinaryOp::Add,
        "-" => BinaryOp::Sub,
        "*" => BinaryOp::Mul,
        "/" => BinaryOp::Div,
        "<" => BinaryOp::Lt,
        "<=" => BinaryOp::Le,
        ">" => BinaryOp::Gt,
        ">=" => BinaryOp::Ge,
        "==" => BinaryOp::Eq,
        _ => BinaryOp::Ne,
    }
}

impl Expr {
    pub fn parse(text: &str) -> Result<Expr, SyntaxError> {
        if text.len() > MAX_EXPRESSION_BYTES {
            let message =
                format!("the expression is {} bytes long; the limit is {MAX_EXPRESSION_BYTES}", text.len());
            return Err(SyntaxError { at: 0, message });
        }
        let tokens = tokenize(text)?;
        let mut parser = Parser { tokens, next: 0, end: text.len(), depth: 0 };
        let expr = parser.comparison()?;
        if parser.next < parser.tokens.len() {
            return parser.error("unexpected text after the expression");
        }
        Ok(expr)
    }

    /// Every name with its byte offset, in reading order.
    pub fn names(&self) -> Vec<(&str, usize)> {
        let mut names = Vec::new();
        self.visit(&mut |expr| {
            if let Expr::Name { name, at, .. } = expr {
                names.push((name.as_str(), *at));
            }
        });
        names
    }

    /// Whether some division has a denominator that is not a constant.
    pub fn divides_by_variable(&self) -> bool {
        let mut found = false;
        self.visit(&mut |expr| {
            if let Expr::Binary(BinaryOp::Div, _, denominator) = expr {
                found |= !matches!(**denominator, Expr::Number(_));
            }
        });
        found
    }

    /// A constant zero denominator, which no input can rescue.
    pub fn divides_by_zero_constant(&self) -> bool {
        let mut found = false;
        self.visit(&mut |expr| {
            if let Expr::Binary(BinaryOp::Div, _, denominator) = expr {
                found |= matches!(**denominator, Expr::Number(n) if n.is_zero());
            }
        });
        found
    }

    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Number(_) | Expr::Name { .. } => {}
            Expr::Negate(inner) => inner.visit(f),
            Expr::Binary(_, left, right) => {
                left.visit(f);
                right.visit(f);
            }
            Expr::Call(_, args) => args.iter().for_each(|arg| arg.visit(f)),
        }
    }

    /// Binds every name to a slot; `lookup` answers the slot or an error message.
    pub fn resolve<E>(&mut self, lookup: &mut impl FnMut(&str, usize) -> Result<usize, E>) -> Result<(), E> {
        match self {
            Expr::Number(_) => Ok(()),
            Expr::Name { name, at, slot } => {
                *slot = lookup(name, *at)?;
                Ok(())
            }
            Expr::Negate(inner) => inner.resolve(lookup),
            Expr::Binary(_, left, right) => {
                left.resolve(lookup)?;
                right.resolve(lookup)
            }
            Expr::Call(_, args) => args.iter_mut().try_for_each(|arg| arg.resolve(lookup)),
        }
    }

    /// The expression's value over the value slots.
    #[inline]
    pub fn eval(&self, values: &[Decimal]) -> Result<Decimal, EvalError> {
        // Most operands are names and numbers: read here rather than by a call for each.
        match self {
            Expr::Number(value) => Ok(*value),
            Expr::Name { slot, .. } => values.get(*slot).copied().ok_or(EvalError::Overflow),
            _ => self.eval_node(values),
        }
    }

    fn eval_node(&self, values: &[Decimal]) -> Result<Decimal, EvalError> {
        match self {
            Expr::Number(value) => Ok(*value),
            Expr::Name { slot, .. } => values.get(*slot).copied().ok_or(EvalError::Overflow),
            Expr::Negate(inner) => Ok(inner.eval(values)?.neg()),
            Expr::Binary(op, left, right) => {
                let (a, b) = (left.eval(values)?, right.eval(values)?);
                let truth = |t: bool| Ok(if t { Decimal::ONE } else { Decimal::ZERO });
                match op {
                    BinaryOp::Add => a.checked_add(b).ok_or(EvalError::Overflow),
                    BinaryOp::Sub => a.checked_sub(b).ok_or(EvalError::Overflow),
                    BinaryOp::Mul => a.checked_mul(b).ok_or(EvalError::Overflow),
                    BinaryOp::Div if b.is_zero() => Err(EvalError::ZeroDenominator),
                    BinaryOp::Div => a.checked_div(b).ok_or(EvalError::Overflow),
                    BinaryOp::Lt => truth(compare(a, b).is_lt()),
                    BinaryOp::Le => truth(compare(a, b).is_le()),
                    BinaryOp::Gt => truth(compare(a, b).is_gt()),
                    BinaryOp::Ge => truth(compare(a, b).is_ge()),
                    BinaryOp::Eq => truth(compare(a, b).is_eq()),
                    BinaryOp::Ne => truth(compare(a, b).is_ne()),
                }
            }
            Expr::Call(Function::If, args) => match args.as_slice() {
                [condition, then, otherwise] => {
                    if condition.eval(values)?.is_zero() {
                        otherwise.eval(values)
                    } else {
                        then.eval(values)
                    }
                }
                _ => Err(EvalError::Overflow),
            },
            Expr::Call(Function::Floor, args) => match args.as_slice() {
                [value] => Ok(value.eval(values)?.floor()),
                _ => Err(EvalError::Overflow),
            },
            Expr::Call(function, args) => {
                let mut best: Option<Decimal> = None;
                for arg in args {
                    let value = arg.eval(values)?;
                    best = Some(match (best, function) {
                        (None, _) => value,
                        (Some(b), Function::Min) => b.min(value),
                        (Some(b), _) => b.max(value),
                    });
                }
                best.ok_or(EvalError::Overflow)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn eval(text: &str, names: &[(&str, &str)]) -> Result<Decimal, EvalError> {
        let mut expr = Expr::parse(text).unwrap();
        let values: Vec<Decimal> = names.iter().map(|(_, v)| d(v)).collect();
        expr.resolve(&mut |name, _| names.iter().position(|(n, _)| *n == name).ok_or(())).unwrap();
        expr.eval(&values)
    }

    #[test]
    fn precedence_and_functions() {
        assert_eq!(eval("1 + 2 * 3", &[]), Ok(d("7")));
        assert_eq!(eval("(1 + 2) * 3", &[]), Ok(d("9")));
        assert_eq!(eval("-2 * -3", &[]), Ok(d("6")));
        assert_eq!(eval("10 - 4 - 3", &[]), Ok(d("3")));
        assert_eq!(eval("min(3, a, 7)", &[("a", "2")]), Ok(d("2")));
        assert_eq!(eval("max(3, a)", &[("a", "2")]), Ok(d("3")));
        assert_eq!(eval("if(a >= 2, 10, 20)", &[("a", "2")]), Ok(d("10")));
        assert_eq!(eval("a * 15 < b", &[("a", "20"), ("b", "310")]), Ok(d("1")));
        assert_eq!(eval("70% + 0.1", &[]), Ok(d("0.8")));
    }

    #[test]
    fn division_is_exact_and_checked() {
        assert_eq!(eval("a / b", &[("a", "7"), ("b", "8")]), Ok(d("0.875")));
        assert_eq!(eval("a / b", &[("a", "7"), ("b", "0")]), Err(EvalError::ZeroDenominator));
        let huge = "79228162514264337593543950335";
        assert_eq!(eval("a * 2", &[("a", huge)]), Err(EvalError::Overflow));
    }

    #[test]
    fn syntax_errors_point_at_the_offending_text() {
        assert_eq!(Expr::parse("1 +").unwrap_err().at, 3);
        assert_eq!(Expr::parse("a $ b").unwrap_err().at, 2);
        assert_eq!(Expr::parse("a < b < c").unwrap_err().at, 6);
        assert!(Expr::parse("sqrt(2)").unwrap_err().message.contains("unknown function"));
        assert!(Expr::parse("if(1, 2)").unwrap_err().message.contains("exactly 3"));
        assert!(Expr::parse("(1").unwrap_err().message.contains("`)`"));
        let deep = format!("{}1{}", "(".repeat(100), ")".repeat(100));
        assert!(Expr::parse(&deep).unwrap_err().message.contains("nested deeper"));
    }

    #[test]
    fn knows_its_divisions() {
        assert!(Expr::parse("a / b").unwrap().divides_by_variable());
        assert!(!Expr::parse("a / 12").unwrap().divides_by_variable());
        assert!(Expr::parse("a / 0").unwrap().divides_by_zero_constant());
        let names = Expr::parse("min(a, b * c)").unwrap();
        assert_eq!(names.names(), vec![("a", 4), ("b", 7), ("c", 11)]);
    }
}
