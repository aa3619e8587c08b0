//! A small, safe markdown → HTML renderer for the STTR texts (toelichtingen): paragraphs, bullet and numbered
//! lists, bold and links. Everything else is escaped text; images become their alt text, so no image is loaded,
//! and only `http(s):`, `mailto:` and site-relative links become links.

/// Renders `md` as HTML that is safe to put in a page as is.
pub fn naar_html(md: &str) -> String {
    let mut out = String::new();
    let mut alinea: Vec<&str> = Vec::new();
    let mut lijst: Option<(&'static str, Vec<String>)> = None;
    let sluit_alinea = |alinea: &mut Vec<&str>, out: &mut String| {
        if !alinea.is_empty() {
            out.push_str("<p class=\"utrecht-paragraph\">");
            out.push_str(&inline(&alinea.join(" ")));
            out.push_str("</p>");
            alinea.clear();
        }
    };
    let sluit_lijst = |lijst: &mut Option<(&'static str, Vec<String>)>, out: &mut String| {
        if let Some((tag, items)) = lijst.take() {
            let class = if tag == "ul" { "utrecht-unordered-list" } else { "utrecht-ordered-list" };
            out.push_str(&format!("<{tag} class=\"{class}\">"));
            for item in items {
                out.push_str(&format!("<li class=\"{class}__item\">{}</li>", inline(&item)));
            }
            out.push_str(&format!("</{tag}>"));
        }
    };
    for regel in md.lines() {
        let t = regel.trim();
        if t.is_empty() {
            sluit_alinea(&mut alinea, &mut out);
            sluit_lijst(&mut lijst, &mut out);
            continue;
        }
        if let Some((tag, item)) = lijstitem(t) {
            sluit_alinea(&mut alinea, &mut out);
            match &mut lijst {
                Some((huidig, items)) if *huidig == tag => items.push(item.to_string()),
                _ => {
                    sluit_lijst(&mut lijst, &mut out);
                    lijst = Some((tag, vec![item.to_string()]));
                }
            }
            continue;
        }
        if let Some((_, items)) = &mut lijst
            && regel.starts_with([' ', '\t'])
            && let Some(laatste) = items.last_mut()
        {
            laatste.push(' ');
            laatste.push_str(t);
            continue;
        }
        sluit_lijst(&mut lijst, &mut out);
        // A heading inside a text would break the page's heading order: it becomes a bold line.
        let kop = t.trim_start_matches('#');
        if kop.len() < t.len() && kop.starts_with(' ') {
            sluit_alinea(&mut alinea, &mut out);
            out.push_str(&format!("<p class=\"utrecht-paragraph\"><strong>{}</strong></p>", inline(kop.trim())));
            continue;
        }
        alinea.push(t);
    }
    sluit_alinea(&mut alinea, &mut out);
    sluit_lijst(&mut lijst, &mut out);
    out
}

fn lijstitem(t: &str) -> Option<(&'static str, &str)> {
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).or_else(|| t.strip_prefix("+ ")) {
        return Some(("ul", rest.trim()));
    }
    let cijfers = t.bytes().take_while(u8::is_ascii_digit).count();
    if cijfers > 0 && cijfers < 4 {
        let rest = &t[cijfers..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(("ol", rest.trim()));
        }
    }
    None
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn veilige_url(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("https://")
        || u.starts_with("http://")
        || u.starts_with("mailto:")
        || (u.starts_with('/') && !u.starts_with("//"))
}

/// `[tekst](url)` at the start of `s`: (tekst, url, length used).
fn link_aan_begin(s: &str) -> Option<(&str, &str, usize)> {
    let rest = s.strip_prefix('[')?;
    let sluit = rest.find(']')?;
    let tekst = &rest[..sluit];
    let na = rest[sluit + 1..].strip_prefix('(')?;
    let eind = na.find(')')?;
    let url = &na[..eind];
    Some((tekst, url, 1 + sluit + 1 + 1 + eind + 1))
}

fn inline(s: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    'scan: while i < s.len() {
        let rest = &s[i..];
        if let Some(na) = rest.strip_prefix('!')
            && let Some((alt, _, len)) = link_aan_begin(na)
        {
            out.push_str(&escape(alt.trim()));
            i += 1 + len;
            continue 'scan;
        }
        if let Some((tekst, url, len)) = link_aan_begin(rest) {
            if veilige_url(url) {
                out.push_str(&format!(
                    "<a class=\"utrecht-link\" href=\"{}\">{}</a>",
                    escape(url.trim()),
                    inline(tekst)
                ));
            } else {
                out.push_str(&inline(tekst));
            }
            i += len;
            continue 'scan;
        }
        for teken in ["**", "__"] {
            if let Some(na) = rest.strip_prefix(teken)
                && let Some(eind) = na.find(teken)
                && eind > 0
            {
                out.push_str(&format!("<strong>{}</strong>", inline(&na[..eind])));
                i += 2 * teken.len() + eind;
                continue 'scan;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::naar_html;

    #[test]
    fn html_in_a_text_is_escaped_and_never_runs() {
        let html = naar_html("Let op <script>alert(1)</script> & \"zo\"");
        assert_eq!(
            html,
            "<p class=\"utrecht-paragraph\">Let op &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;zo&quot;</p>"
        );
    }

    #[test]
    fn paragraphs_lists_bold_and_links_become_html() {
        let html = naar_html(
            "Eerste **vet** regel\nloopt door.\n\n- een\n- [twee](https://example.org/a?b=1&c=2)\n\n1. a\n2. b",
        );
        assert_eq!(
            html,
            "<p class=\"utrecht-paragraph\">Eerste <strong>vet</strong> regel loopt door.</p>\
             <ul class=\"utrecht-unordered-list\"><li class=\"utrecht-unordered-list__item\">een</li>\
             <li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\" href=\"https://example.org/a?b=1&amp;c=2\">twee</a></li></ul>\
             <ol class=\"utrecht-ordered-list\"><li class=\"utrecht-ordered-list__item\">a</li><li class=\"utrecht-ordered-list__item\">b</li></ol>"
        );
    }

    #[test]
    fn an_image_is_its_alt_text_and_a_script_link_is_plain_text() {
        let html = naar_html("![2,5 meter](https://x.example/a.png) [klik](javascript:alert(1))");
        assert!(!html.contains("<img") && !html.contains("x.example") && !html.contains("javascript"), "{html}");
        assert!(html.contains("2,5 meter") && html.contains("klik"), "{html}");
    }

    #[test]
    fn a_heading_becomes_a_bold_line_and_unclosed_marks_stay_text() {
        assert_eq!(naar_html("## Kop"), "<p class=\"utrecht-paragraph\"><strong>Kop</strong></p>");
        assert_eq!(naar_html("a ** b [c"), "<p class=\"utrecht-paragraph\">a ** b [c</p>");
    }
}
