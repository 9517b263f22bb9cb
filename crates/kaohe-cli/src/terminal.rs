//! Text bound for a terminal: control characters (ANSI and OSC escapes), bidirectional overrides
//! and zero-width characters from rulesets, unit names or echoed lines are shown escaped, so that
//! no input can move the cursor, rewrite the screen or hide text.

/// `text` with every invisible or controlling character written as `\u{..}`; line breaks and tabs
/// stay as they are.
pub fn visible(text: &str) -> String {
    if !text.chars().any(hidden) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| if hidden(c) { format!("\\u{{{:x}}}", u32::from(c)) } else { c.to_string() })
        .collect()
}

fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn escapes_what_a_terminal_would_act_on() {
        assert_eq!(visible("海曙\u{1b}[2J区"), "海曙\\u{1b}[2J区");
        assert_eq!(visible("a\u{202E}b\u{200B}c\u{7}"), "a\\u{202e}b\\u{200b}c\\u{7}");
        assert_eq!(visible("line\n\tnext"), "line\n\tnext");
    }
}
