//! A browser for in-process tests: keeps cookies between requests (the CSRF cookie, the session cookie) and fills the
//! CSRF field of forms, so a test can walk through login and pages as a person does.

use super::{Answer, TestApp, encode};
use axum::body::Body;
use axum::http::Request;
use std::collections::BTreeMap;

pub struct Browser<'a> {
    app: &'a TestApp,
    cookies: BTreeMap<String, String>,
    /// Extra headers sent with every request (e.g. `x-forwarded-proto`).
    pub headers: Vec<(String, String)>,
    /// The address the browser connects from, as the server's connect info tells it (none: in-process, unknown).
    pub peer: Option<std::net::SocketAddr>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser { app, cookies: BTreeMap::new(), headers: Vec::new(), peer: None }
    }

    /// A browser logged in as `wie` (their session cookie set).
    pub fn als(app: &'a TestApp, wie: &super::persoon::Persoon) -> Browser<'a> {
        let mut b = Browser::new(app);
        b.zet_cookie(stip_web::auth::SESSIE_COOKIE, &wie.token);
        b
    }

    /// A browser that connects from `ip` (the server sees it as the peer's address).
    pub fn van(app: &'a TestApp, ip: &str) -> Browser<'a> {
        let mut b = Browser::new(app);
        b.peer = Some(std::net::SocketAddr::new(ip.parse().expect("an IP address"), 50_000));
        b
    }

    pub fn cookie(&self, naam: &str) -> Option<&str> {
        self.cookies.get(naam).map(String::as_str)
    }

    pub fn zet_cookie(&mut self, naam: &str, waarde: &str) {
        self.cookies.insert(naam.to_string(), waarde.to_string());
    }

    fn bewaar(&mut self, answer: &Answer) {
        for c in answer.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()) {
            let paar = c.split(';').next().unwrap_or_default();
            let Some((naam, waarde)) = paar.split_once('=') else { continue };
            if c.contains("Max-Age=0") {
                self.cookies.remove(naam);
            } else {
                self.cookies.insert(naam.to_string(), waarde.to_string());
            }
        }
    }

    async fn stuur(&mut self, mut request: axum::http::request::Builder, body: Body) -> Answer {
        if !self.cookies.is_empty() {
            let header = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            request = request.header("cookie", header);
        }
        for (k, v) in &self.headers {
            request = request.header(k, v);
        }
        let mut request = request.body(body).unwrap();
        if let Some(peer) = self.peer {
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        }
        let answer = self.app.request(request).await;
        self.bewaar(&answer);
        answer
    }

    pub async fn get(&mut self, uri: &str) -> Answer {
        self.stuur(Request::get(uri), Body::empty()).await
    }

    /// Posts a form with the browser's CSRF token in its `csrf` field (fetching a page first when it has none).
    pub async fn post_form(&mut self, uri: &str, velden: &[(&str, &str)]) -> Answer {
        if self.cookie(stip_web::CSRF_COOKIE).is_none() {
            self.get("/").await;
        }
        let token = self.cookie(stip_web::CSRF_COOKIE).expect("a page gives the CSRF cookie").to_string();
        let mut body: Vec<String> = velden.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        body.push(format!("{}={}", stip_web::CSRF_VELD, encode(&token)));
        let request = Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
        self.stuur(request, Body::from(body.join("&"))).await
    }

    /// Posts a `multipart/form-data` form as a browser does for an upload: the CSRF field first, then the fields, then
    /// the files (field name, file name, bytes).
    pub async fn post_multipart(
        &mut self,
        uri: &str,
        velden: &[(&str, &str)],
        bestanden: &[(&str, &str, &[u8])],
    ) -> Answer {
        if self.cookie(stip_web::CSRF_COOKIE).is_none() {
            self.get("/").await;
        }
        let token = self.cookie(stip_web::CSRF_COOKIE).expect("a page gives the CSRF cookie").to_string();
        let grens = "----stipgrens7MA4YWxkTrZu0gW";
        let mut body: Vec<u8> = Vec::new();
        let mut veld = |naam: &str, waarde: &str| {
            body.extend_from_slice(
                format!("--{grens}\r\nContent-Disposition: form-data; name=\"{naam}\"\r\n\r\n{waarde}\r\n").as_bytes(),
            );
        };
        veld(stip_web::CSRF_VELD, &token);
        for (k, v) in velden {
            veld(k, v);
        }
        for (naam, bestand, inhoud) in bestanden {
            body.extend_from_slice(
                format!(
                    "--{grens}\r\nContent-Disposition: form-data; name=\"{naam}\"; filename=\"{bestand}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(inhoud);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{grens}--\r\n").as_bytes());
        let request = Request::post(uri).header("content-type", format!("multipart/form-data; boundary={grens}"));
        self.stuur(request, Body::from(body)).await
    }

    /// Logs in through the login page.
    pub async fn log_in(&mut self, email: &str, wachtwoord: &str) -> Answer {
        self.post_form("/inloggen", &[("email", email), ("wachtwoord", wachtwoord)]).await
    }
}
