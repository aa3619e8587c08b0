//! The STTR texts (toelichtingen, markdown) as HTML: parsed by pulldown-cmark (CommonMark), written by an
//! allowlist. Only paragraphs, bullet and numbered lists, bold, italic, inline code, line breaks and links are
//! written, with fixed classes; everything else is escaped text (raw HTML shows as text), a heading becomes a bold
//! line (it would break the page's heading order), an image becomes its alt text (no image is ever loaded), and only
//! `http(s):`, `mailto:` and site-relative links become links.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Renders `md` as HTML that is safe to put in a page as is.
pub fn naar_html(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + md.len() / 2);
    // per open list: its class; per open link: whether it was written as a link
    let mut lijsten: Vec<&'static str> = Vec::new();
    let mut links: Vec<bool> = Vec::new();
    let mut in_afbeelding = 0usize;
    for event in Parser::new_ext(md, Options::empty()) {
        if in_afbeelding > 0 {
            // inside an image only its alt text is written
            match event {
                Event::Start(Tag::Image { .. }) => in_afbeelding += 1,
                Event::End(TagEnd::Image) => in_afbeelding -= 1,
                Event::Text(t) | Event::Code(t) => out.push_str(&escape(&t)),
                Event::SoftBreak | Event::HardBreak => out.push(' '),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::HtmlBlock | Tag::CodeBlock(_) => out.push_str("<p class=\"utrecht-paragraph\">"),
                Tag::Heading { .. } => out.push_str("<p class=\"utrecht-paragraph\"><strong>"),
                Tag::List(start) => {
                    let (tag, class) =
                        if start.is_some() { ("ol", "utrecht-ordered-list") } else { ("ul", "utrecht-unordered-list") };
                    match start {
                        Some(n) if n != 1 => out.push_str(&format!("<{tag} class=\"{class}\" start=\"{n}\">")),
                        _ => out.push_str(&format!("<{tag} class=\"{class}\">")),
                    }
                    lijsten.push(class);
                }
                Tag::Item => {
                    let class = lijsten.last().copied().unwrap_or("utrecht-unordered-list");
                    out.push_str(&format!("<li class=\"{class}__item\">"));
                }
                Tag::Strong => out.push_str("<strong>"),
                Tag::Emphasis => out.push_str("<em>"),
                Tag::Link { link_type, dest_url, .. } => {
                    let href =
                        if link_type == LinkType::Email { format!("mailto:{dest_url}") } else { dest_url.to_string() };
                    let veilig = veilige_url(&href);
                    if veilig {
                        out.push_str(&format!("<a class=\"utrecht-link\" href=\"{}\">", escape(href.trim())));
                    }
                    links.push(veilig);
                }
                Tag::Image { .. } => in_afbeelding = 1,
                // block quotes, footnotes, tables and the like: their content only
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::HtmlBlock | TagEnd::CodeBlock => out.push_str("</p>"),
                TagEnd::Heading(_) => out.push_str("</strong></p>"),
                TagEnd::List(ordered) => {
                    lijsten.pop();
                    out.push_str(if ordered { "</ol>" } else { "</ul>" });
                }
                TagEnd::Item => out.push_str("</li>"),
                TagEnd::Strong => out.push_str("</strong>"),
                TagEnd::Emphasis => out.push_str("</em>"),
                TagEnd::Link if links.pop() == Some(true) => out.push_str("</a>"),
                _ => {}
            },
            Event::Text(t) => out.push_str(&escape(&t)),
            Event::Code(t) => {
                out.push_str("<code>");
                out.push_str(&escape(&t));
                out.push_str("</code>");
            }
            // raw HTML is shown as the text it is, never interpreted
            Event::Html(t) | Event::InlineHtml(t) => out.push_str(&escape(t.trim_end_matches('\n'))),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("<br>"),
            _ => {}
        }
    }
    out
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

/// Whether a link target is one a person may follow: the web (`http(s):`), e-mail (`mailto:`) or this site.
fn veilige_url(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("https://")
        || u.starts_with("http://")
        || u.starts_with("mailto:")
        || (u.starts_with('/') && !u.starts_with("//") && !u.starts_with("/\\"))
}

#[cfg(test)]
mod tests {
    use super::naar_html;
    use proptest::prelude::*;

    #[test]
    fn html_in_a_text_is_escaped_and_never_runs() {
        let html = naar_html("Let op <script>alert(1)</script> & \"zo\"");
        assert_eq!(
            html,
            "<p class=\"utrecht-paragraph\">Let op &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;zo&quot;</p>"
        );
        let html = naar_html("<div onclick=\"x()\">\nblok\n</div>");
        assert!(html.starts_with("<p class=\"utrecht-paragraph\">&lt;div onclick=&quot;x()&quot;&gt;"), "{html}");
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

    #[test]
    fn a_hard_line_break_stays_a_line_break() {
        let verwacht = "<p class=\"utrecht-paragraph\">Bouwhoogte<br>Goothoogte</p>";
        assert_eq!(naar_html("Bouwhoogte  \nGoothoogte"), verwacht);
        assert_eq!(naar_html("Bouwhoogte\\\nGoothoogte"), verwacht);
    }

    /// The tags and attributes [`naar_html`] may write; `Err` names the first thing in `html` outside them.
    fn alleen_toegestane_html(html: &str) -> Result<(), String> {
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            let na = &rest[i + 1..];
            let eind = na.find('>').ok_or_else(|| format!("an unclosed tag: {na}"))?;
            let tag = &na[..eind];
            rest = &na[eind + 1..];
            let (naam, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
            let naam = naam.strip_prefix('/').unwrap_or(naam);
            if !["p", "ul", "ol", "li", "strong", "em", "code", "a", "br"].contains(&naam) {
                return Err(format!("tag <{tag}>"));
            }
            while !attrs.is_empty() {
                let (attr, na) = attrs.split_once("=\"").ok_or_else(|| format!("attribute syntax in <{tag}>"))?;
                let (waarde, na) = na.split_once('"').ok_or_else(|| format!("an unclosed value in <{tag}>"))?;
                attrs = na.trim_start();
                let goed = match attr {
                    "class" => {
                        waarde.starts_with("utrecht-")
                            && waarde.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_')
                    }
                    "start" => waarde.bytes().all(|b| b.is_ascii_digit()),
                    "href" if naam == "a" => {
                        let w = waarde.to_ascii_lowercase();
                        (w.starts_with("https://")
                            || w.starts_with("http://")
                            || w.starts_with("mailto:")
                            || w.starts_with('/'))
                            && !w.starts_with("//")
                            && !w.starts_with("/\\")
                            && !waarde.contains(['<', '>', '\''])
                    }
                    _ => false,
                };
                if !goed {
                    return Err(format!("attribute {attr}=\"{waarde}\" in <{tag}>"));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn the_allowlist_check_catches_active_html() {
        for actief in [
            "<script>x</script>",
            "<a href=\"javascript:x\">k</a>",
            "<p onclick=\"x\">",
            "<img src=x onerror=y>",
            "<a class=\"utrecht-link\" href=\"//kwaad.example\">k</a>",
            "<p class=\"utrecht-paragraph\" style=\"x\">",
            "<a class=\"utrecht-link\" href=\"/\\kwaad.example\">k</a>",
        ] {
            assert!(alleen_toegestane_html(actief).is_err(), "{actief}");
        }
        assert!(alleen_toegestane_html(&naar_html("**a** [b](/c) 1. d")).is_ok());
    }

    /// Markdown and HTML pieces an attacker would combine.
    fn stukken() -> impl Strategy<Value = String> {
        let stuk = prop_oneof![
            Just("<script>alert(1)</script>".to_string()),
            Just("<img src=x onerror=alert(1)>".to_string()),
            Just("<a href=\"javascript:alert(1)\">x</a>".to_string()),
            Just("[x](javascript:alert(1))".to_string()),
            Just("[x](JaVaScRiPt:alert(1))".to_string()),
            Just("[x]( javascript:alert(1))".to_string()),
            Just("[x](<javascript:alert(1)>)".to_string()),
            Just("[x](java&#115;cript:alert(1))".to_string()),
            Just("[x](data:text/html,<script>)".to_string()),
            Just("[x](//kwaad.example)".to_string()),
            Just("[x](/\\kwaad.example)".to_string()),
            Just("[x](https://a.example/\"onmouseover=\"x)".to_string()),
            Just("[x]: javascript:alert(1)\n\n[x]".to_string()),
            Just("<javascript:alert(1)>".to_string()),
            Just("<https://a.example/'x>".to_string()),
            Just("<a@b.example>".to_string()),
            Just("![a\"b](https://x/\"onerror=\"y)".to_string()),
            Just("<div onclick=x>\n".to_string()),
            Just("<!-- x -->".to_string()),
            Just("```\n<script>\n```".to_string()),
            Just("`<b>`".to_string()),
            Just("**".to_string()),
            Just("_".to_string()),
            Just("# ".to_string()),
            Just("- ".to_string()),
            Just("1. ".to_string()),
            Just("> ".to_string()),
            Just("  \n".to_string()),
            Just("\\\n".to_string()),
            Just("\n\n".to_string()),
            Just("&#60;script&#62;".to_string()),
            Just("&lt;".to_string()),
            "[ -~]{0,12}",
            "\\PC{0,6}",
        ];
        prop::collection::vec(stuk, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn no_markdown_yields_a_script_an_event_handler_or_a_javascript_link(md in stukken()) {
            let html = naar_html(&md);
            if let Err(e) = alleen_toegestane_html(&html) {
                prop_assert!(false, "{} in {:?} from {:?}", e, html, md);
            }
        }

        #[test]
        fn no_text_at_all_yields_active_html(md in "\\PC{0,200}") {
            let html = naar_html(&md);
            if let Err(e) = alleen_toegestane_html(&html) {
                prop_assert!(false, "{} in {:?} from {:?}", e, html, md);
            }
        }
    }
}
