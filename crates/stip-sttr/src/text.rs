//! Cleaning STTR markdown texts: trim and dedent, unescape `\.`-style escapes, images become their alt text; a
//! markdown hard line break (two spaces at the end of a line) is kept.

/// Cleans a markdown text from an STTR file for display: trims, removes common indentation,
/// unescapes backslash-escaped punctuation and replaces images (`![alt](url)`) by their alt text,
/// so no external image is ever loaded. Links are kept (the web layer renders markdown).
pub fn clean_markdown(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().collect();
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let dedented: Vec<String> = lines
        .iter()
        .map(|l| {
            let l = if l.len() >= indent && l.is_char_boundary(indent) { &l[indent..] } else { l.trim_start() };
            trim_end_keeping_hard_break(l)
        })
        .collect();
    let joined = dedented.join("\n");
    let stripped = strip_images(&joined);
    let unescaped = unescape(&stripped);
    // collapse 3+ blank lines left behind by removed images
    let mut out = String::new();
    let mut blank = 0;
    for l in unescaped.trim().lines() {
        if l.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(&trim_end_keeping_hard_break(l));
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// Trims the end of a line, but keeps a markdown hard line break (two or more spaces after text) as two spaces.
fn trim_end_keeping_hard_break(l: &str) -> String {
    let t = l.trim_end();
    if !t.is_empty() && l[t.len()..].starts_with("  ") { format!("{t}  ") } else { t.to_string() }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

fn strip_images(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("![") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let parsed = after.find(']').and_then(|close| {
            let alt = &after[..close];
            let tail = &after[close + 1..];
            let tail = tail.strip_prefix('(')?;
            let end = tail.find(')')?;
            Some((alt, &tail[end + 1..]))
        });
        match parsed {
            Some((alt, tail)) => {
                out.push_str(alt.trim());
                rest = tail;
            }
            None => {
                out.push_str("![");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whitespace-collapsed single-line text (question texts, names).
pub(crate) fn one_line(raw: &str) -> String {
    unescape(&raw.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_punctuation_is_unescaped() {
        assert_eq!(clean_markdown("U mag dit uitvoeren\\."), "U mag dit uitvoeren.");
    }

    #[test]
    fn external_images_become_their_alt_text() {
        let t = clean_markdown("Let op.\n\n![2.5 meter](https://example.org/a.png)\n![hoog](https://x/b.png)");
        assert_eq!(t, "Let op.\n\n2.5 meter\nhoog");
        assert!(!t.contains("http"));
    }

    #[test]
    fn links_stay_and_indentation_is_removed() {
        assert_eq!(clean_markdown("   Klik [hier](https://a/b.pdf). \n   Dan."), "Klik [hier](https://a/b.pdf).\nDan.");
    }

    #[test]
    fn a_hard_line_break_is_kept_and_the_last_line_ends_clean() {
        assert_eq!(clean_markdown("  Hoogte: 3 m  \n  Breedte: 2 m  "), "Hoogte: 3 m  \nBreedte: 2 m");
        assert_eq!(clean_markdown("Hoogte\\\nBreedte"), "Hoogte\\\nBreedte");
    }
}
