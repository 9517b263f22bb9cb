//! Ruleset diagnostics: what is wrong, where (file, line, column, the line itself), and a hint.

use crate::limits::{ECHOED_LINE_CHARS, HINT_CANDIDATES, HINT_NAME_CHARS, MAX_DIAGNOSTICS};
use std::fmt;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

/// What sort of problem a diagnostic is: a stable code for programs (the message is for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// Not TOML, or a value of the wrong shape, type or key.
    Syntax,
    /// `extends` names no ruleset, makes a cycle, chains too deep, or the variant has no own id.
    Extends,
    /// A variant's change names something the ruleset it extends does not have.
    Variant,
    /// The text is over the size limit.
    TooLarge,
    /// No built-in ruleset has the id.
    UnknownRuleset,
    /// A declared input, parameter or flag that nothing reads or raises.
    Unused,
    /// Any other check of what the ruleset means: names, sums, ranges, expressions, rule keys.
    Invalid,
    /// How many more problems were found than are listed.
    More,
}

/// One problem found while loading a ruleset.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
    /// 1-based line of the offending text.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The offending text as byte offsets into the text the diagnostic points into (an editor
    /// underlines it); empty for a diagnostic with no place.
    pub span: Range<usize>,
    /// The ruleset the fault is in when it is not the one loaded: a ruleset it extends, whose
    /// part it inherits. `line` and `column` are in that ruleset's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(skip)]
    source_line: String,
    #[serde(skip)]
    marker: (usize, usize),
}

/// Everything wrong with a ruleset, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, schemars::JsonSchema)]
pub struct RulesetError {
    /// The file name, or `builtin:<id>` for an embedded ruleset.
    pub origin: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Diagnostic {
    /// A diagnostic not tied to a place in the text (shown at line 1, column 1).
    fn unplaced(code: Code, message: String, hint: Option<String>) -> Self {
        Diagnostic {
            code,
            message,
            hint,
            line: 1,
            column: 1,
            span: 0..0,
            origin: None,
            source_line: String::new(),
            marker: (0, 0),
        }
    }
}

impl RulesetError {
    /// A single diagnostic not tied to a place in the text.
    pub(crate) fn general(origin: &str, code: Code, message: String, hint: Option<String>) -> Self {
        RulesetError {
            origin: origin.to_owned(),
            diagnostics: vec![Diagnostic::unplaced(code, message, hint)],
        }
    }
}

/// Where one ruleset's text starts in a text that holds several (a variant, then what it
/// extends), and the name its diagnostics carry.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub origin: String,
    pub start: usize,
}

/// Collects diagnostics against one source text, or several laid end to end in segments.
pub(crate) struct Reporter<'a> {
    origin: &'a str,
    source: &'a str,
    /// Where each ruleset's text starts; a fault is placed in the segment it falls in.
    segments: Vec<Segment>,
    found: Vec<(usize, Diagnostic)>,
    /// Problems found beyond `MAX_DIAGNOSTICS`, counted only.
    unlisted: usize,
}

impl<'a> Reporter<'a> {
    pub fn new(origin: &'a str, source: &'a str) -> Self {
        Reporter::over(origin, source, Vec::new())
    }

    /// A reporter over texts laid end to end; the first segment is `origin`'s own.
    pub fn over(origin: &'a str, source: &'a str, segments: Vec<Segment>) -> Self {
        Reporter { origin, source, segments, found: Vec::new(), unlisted: 0 }
    }

    /// A problem with what the ruleset means (`Code::Invalid`).
    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>, hint: Option<String>) {
        self.error_as(Code::Invalid, span, message, hint);
    }

    pub fn error_as(
        &mut self,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        if self.found.len() >= MAX_DIAGNOSTICS {
            self.unlisted = self.unlisted.saturating_add(1);
            return;
        }
        let start = floor_char_boundary(self.source, span.start);
        let end = floor_char_boundary(self.source, span.end.max(start));
        let line_start =
            self.source.get(..start).and_then(|s| s.rfind('\n')).map_or(0, |i| i.saturating_add(1));
        let line_end = self
            .source
            .get(start..)
            .and_then(|s| s.find('\n'))
            .map_or(self.source.len(), |i| start.saturating_add(i));
        let source_line = self.source.get(line_start..line_end).unwrap_or_default().trim_end_matches('\r');
        let before = self.source.get(line_start..start).unwrap_or_default();
        let marked = self.source.get(start..end.min(line_end)).unwrap_or_default();
        // The segment the fault falls in: lines count from its start, and a later one is named.
        let (segment_start, origin) = match self.segments.iter().rposition(|s| s.start <= start) {
            Some(0) | None => (0, None),
            Some(n) => self.segments.get(n).map_or((0, None), |s| (s.start, Some(s.origin.clone()))),
        };
        let lines_before = |end: usize| self.source.get(..end).map_or(0, |s| s.matches('\n').count());
        let line = lines_before(start).saturating_sub(lines_before(segment_start)).saturating_add(1);
        let column = before.chars().count();
        let (source_line, before, marked) = window(source_line, column, marked);
        let diagnostic = Diagnostic {
            code,
            message: message.into(),
            hint,
            line,
            column: column.saturating_add(1),
            span: start.saturating_sub(segment_start)..end.saturating_sub(segment_start),
            origin,
            marker: (before.width(), marked.width().max(1)),
            source_line,
        };
        self.found.push((start, diagnostic));
    }

    pub fn finish(mut self) -> Result<(), RulesetError> {
        if self.found.is_empty() {
            return Ok(());
        }
        self.found.sort_by_key(|(at, _)| *at);
        let mut error = RulesetError {
            origin: self.origin.to_owned(),
            diagnostics: self.found.into_iter().map(|(_, d)| d).collect(),
        };
        if self.unlisted > 0 {
            error.diagnostics.push(Diagnostic::unplaced(
                Code::More,
                format!("{} more problems are not listed", self.unlisted),
                Some(format!("only the first {MAX_DIAGNOSTICS} are shown; fix these and check again")),
            ));
        }
        Err(error)
    }
}

/// The part of a source line a diagnostic shows: the whole line when short, else a window of
/// `ECHOED_LINE_CHARS` characters around the fault with `…` where text was cut. Returns the shown
/// text, the text before the fault within it and the faulty text within it.
fn window(line: &str, column: usize, marked: &str) -> (String, String, String) {
    let length = line.chars().count();
    if length <= ECHOED_LINE_CHARS {
        let before: String = line.chars().take(column).collect();
        return (line.to_owned(), before, marked.to_owned());
    }
    let first = column.saturating_sub(ECHOED_LINE_CHARS / 4);
    let last = first.saturating_add(ECHOED_LINE_CHARS).min(length);
    let lead = if first > 0 { "…" } else { "" };
    let tail = if last < length { "…" } else { "" };
    let shown: String = line.chars().skip(first).take(last.saturating_sub(first)).collect();
    let before: String = line.chars().skip(first).take(column.saturating_sub(first)).collect();
    let room = last.saturating_sub(column);
    let marked: String = marked.chars().take(room).collect();
    (format!("{lead}{shown}{tail}"), format!("{lead}{before}"), marked)
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at = at.saturating_sub(1);
    }
    at
}

impl fmt::Display for RulesetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, d) in self.diagnostics.iter().enumerate() {
            if n > 0 {
                writeln!(f)?;
            }
            let origin = d.origin.as_deref().unwrap_or(&self.origin);
            write!(f, "{origin}:{}:{}: error: {}", d.line, d.column, d.message)?;
            if !d.source_line.is_empty() {
                let gutter = " ".repeat(d.line.to_string().len());
                write!(f, "\n{gutter} |\n{} | {}\n{gutter} | ", d.line, d.source_line)?;
                write!(f, "{}{}", " ".repeat(d.marker.0), "^".repeat(d.marker.1))?;
            }
            if let Some(hint) = &d.hint {
                write!(f, "\n  = hint: {hint}")?;
            }
            if d.origin.is_some() {
                write!(f, "\n  = note: inherited by {}, which extends {origin}", self.origin)?;
            }
        }
        Ok(())
    }
}

/// The closest known name, for "did you mean" hints.
/// The work is bounded (each comparison costs the product of the two lengths): long names get no
/// hint, candidates too different in length are skipped unseen, and only so many are compared.
pub(crate) fn closest<'n>(name: &str, known: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    let length = name.chars().count();
    if length > HINT_NAME_CHARS {
        return None;
    }
    known
        .into_iter()
        .filter(|candidate| {
            let other = candidate.chars().take(HINT_NAME_CHARS.saturating_add(1)).count();
            other <= HINT_NAME_CHARS && length.abs_diff(other) <= (other / 3).max(2)
        })
        .take(HINT_CANDIDATES)
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

pub(crate) fn did_you_mean<'n>(name: &str, known: impl IntoIterator<Item = &'n str>) -> Option<String> {
    closest(name, known).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_skip_long_names() {
        assert_eq!(closest("closure_rat", ["closure_rate", "rework_rate"]), Some("closure_rate"));
        let long = "x".repeat(HINT_NAME_CHARS + 1);
        let near = format!("{long}y");
        assert_eq!(closest(&long, [near.as_str()]), None);
    }

    #[test]
    fn points_at_line_and_column_with_wide_characters() {
        let source = "a = 1\ntitle = \"宁波\" x\n";
        let mut reporter = Reporter::new("r.toml", source);
        let at = source.find('x').unwrap();
        reporter.error(at..at + 1, "stray text", Some("remove it".into()));
        let error = reporter.finish().unwrap_err();
        let d = &error.diagnostics[0];
        assert_eq!((d.line, d.column), (2, 14));
        let shown = error.to_string();
        assert!(shown.starts_with("r.toml:2:14: error: stray text"), "{shown}");
        // 宁波 is four columns wide on a terminal, so the caret sits under the x.
        assert!(shown.contains("2 | title = \"宁波\" x\n  |                ^"), "{shown}");
        assert!(shown.ends_with("= hint: remove it"));
    }

    #[test]
    fn long_lines_are_shown_as_a_window_and_diagnostics_are_capped() {
        let source = format!("{}x{}", "a".repeat(10_000), "b".repeat(10_000));
        let mut reporter = Reporter::new("r.toml", &source);
        for _ in 0..MAX_DIAGNOSTICS + 5 {
            reporter.error(10_000..10_001, "stray text", None);
        }
        let error = reporter.finish().unwrap_err();
        // 100 listed, then one saying 5 more were not.
        assert_eq!(error.diagnostics.len(), MAX_DIAGNOSTICS + 1);
        assert!(error.diagnostics[MAX_DIAGNOSTICS].message.starts_with("5 more problems"));
        let first = &error.diagnostics[0];
        assert_eq!(first.column, 10_001);
        assert!(first.source_line.chars().count() <= ECHOED_LINE_CHARS + 2);
        // The caret still sits under the x: the window starts 40 characters before it, after `…`.
        let caret_line = error.to_string().lines().nth(3).unwrap().to_owned();
        let caret_at = caret_line.find('^').unwrap() - caret_line.find('|').unwrap() - 2;
        assert_eq!(first.source_line.chars().nth(caret_at), Some('x'), "{caret_line}");
    }

    #[test]
    fn suggests_near_names_only() {
        let known = ["closed_cases", "grid_cells"];
        assert_eq!(closest("closed_case", known), Some("closed_cases"));
        assert_eq!(closest("gird_cells", known), Some("grid_cells"));
        assert_eq!(closest("inspectors", known), None);
    }
}
