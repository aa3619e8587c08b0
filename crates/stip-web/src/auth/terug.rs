//! Where a login sends someone back to: only a path on this site, never another site (no open redirect).

/// Where to go after logging in when no (good) `terug` is given.
pub(crate) const STANDAARD: &str = "/";

/// The longest way back: a Vergunningcheck's answers and a drawn plan travel in it (see `pages::begin`).
const MAX_LENGTE: usize = 8000;

/// `terug` when it is a local path (`/…`, not `//host`, no backslash, no control characters), else [`STANDAARD`].
pub(crate) fn veilig(terug: &str) -> &str {
    let lokaal = terug.starts_with('/')
        && !terug.starts_with("//")
        && !terug.contains('\\')
        && !terug.chars().any(char::is_control)
        && terug.len() <= MAX_LENGTE;
    if lokaal { terug } else { STANDAARD }
}

/// The login page that leads back to `terug`.
pub(crate) fn inloggen_url(terug: &str) -> String {
    match veilig(terug) {
        STANDAARD => "/inloggen".to_string(),
        pad => format!("/inloggen?terug={}", crate::pages::url_encode(pad)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_on_this_site_is_a_way_back() {
        assert_eq!(veilig("/kaart?x=1&y=2"), "/kaart?x=1&y=2");
        for kwaad in
            ["https://kwaad.example/", "//kwaad.example", "/\\kwaad.example", "kwaad", "", "/a\r\nSet-Cookie: x"]
        {
            assert_eq!(veilig(kwaad), STANDAARD, "{kwaad:?}");
        }
    }

    #[test]
    fn the_login_url_carries_the_way_back_encoded() {
        assert_eq!(inloggen_url("/mijn?x=1&y=2"), "/inloggen?terug=%2Fmijn%3Fx%3D1%26y%3D2");
        assert_eq!(inloggen_url("//kwaad.example"), "/inloggen");
    }
}
