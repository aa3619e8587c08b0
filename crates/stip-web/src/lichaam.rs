//! Upload bodies in bounded memory: at most a configured number of heavy uploads at once (the others wait briefly,
//! then get 503 with `Retry-After`), the CSRF token read from the start of a multipart form without holding the rest
//! of the body, and every body handed on in small zero-copy pieces, so that the multipart parser never copies a
//! whole document into its buffer. The handler then streams each file into one buffer of its own (see
//! `pages::zaken::multipart_per_veld`): one copy of a document in memory, not four.

use crate::AppState;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::Frame;
use http_body_util::BodyExt;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// The largest piece a body is handed on in.
pub(crate) const STUK: usize = 64 * 1024;
/// How much of a multipart body is searched for the CSRF field (forms send it first); a token further on makes the
/// whole body be read first.
pub(crate) const KOP_MAX: usize = 64 * 1024;
/// An upload with a declared body up to this size needs no permit.
pub(crate) const LICHT: usize = 1024 * 1024;
/// How long an upload waits for a permit before it is refused with 503.
pub(crate) const WACHT: Duration = Duration::from_secs(10);
/// What `Retry-After` says to a refused upload (seconds).
const OPNIEUW_NA: &str = "5";

/// A body made of pieces already read and the rest still to come; every data frame goes on in pieces of at most
/// [`STUK`] bytes (slices of the same memory: no copy), and after each piece the reader is made to come back once
/// (`Pending`, woken at once). The multipart parser reads its input until the input has nothing ready: without the
/// pause it would copy a whole body that is already in memory (or arrives fast) into its own buffer before handing
/// out the first piece of a file.
pub(crate) struct Gehakt {
    gelezen: VecDeque<Bytes>,
    rest: Body,
    pauze: bool,
}

impl Gehakt {
    pub(crate) fn body(gelezen: impl IntoIterator<Item = Bytes>, rest: Body) -> Body {
        Body::new(Gehakt { gelezen: gelezen.into_iter().collect(), rest, pauze: false })
    }
}

impl HttpBody for Gehakt {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        if std::mem::take(&mut this.pauze) {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        loop {
            if let Some(voor) = this.gelezen.front_mut() {
                if voor.is_empty() {
                    this.gelezen.pop_front();
                    continue;
                }
                let stuk = voor.split_to(voor.len().min(STUK));
                this.pauze = true;
                return Poll::Ready(Some(Ok(Frame::data(stuk))));
            }
            match Pin::new(&mut this.rest).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) => this.gelezen.push_back(data),
                    Err(frame) => return Poll::Ready(Some(Ok(frame))),
                },
                anders => return anders,
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.gelezen.iter().all(Bytes::is_empty) && self.rest.is_end_stream()
    }
}

/// The boundary of a `multipart/form-data` content type.
pub(crate) fn grens(content_type: &str) -> Option<String> {
    let (soort, rest) = content_type.split_once(';')?;
    if !soort.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    let g = rest.split(';').find_map(|p| p.trim().strip_prefix("boundary="))?.trim_matches('"');
    (!g.is_empty()).then(|| g.to_string())
}

fn vind(hooiberg: &[u8], naald: &[u8]) -> Option<usize> {
    let (&eerste, _) = naald.split_first()?;
    let mut vanaf = 0;
    while vanaf + naald.len() <= hooiberg.len() {
        let i = vanaf + hooiberg[vanaf..=hooiberg.len() - naald.len()].iter().position(|&b| b == eerste)?;
        if hooiberg[i..].starts_with(naald) {
            return Some(i);
        }
        vanaf = i + 1;
    }
    None
}

/// Whether a part's headers name the field `veld` (`name="csrf"`, not `filename="csrf"`).
fn noemt(koppen: &[u8], veld: &str) -> bool {
    let naald = format!("name=\"{veld}\"");
    let mut vanaf = 0;
    while let Some(i) = vind(&koppen[vanaf..], naald.as_bytes()) {
        let i = vanaf + i;
        if i == 0 || matches!(koppen[i - 1], b' ' | b';' | b'\t') {
            return true;
        }
        vanaf = i + 1;
    }
    false
}

/// The value of the part named `veld` in (the start of) a multipart body, once that part is complete in it.
pub(crate) fn veld_in(body: &[u8], grens: &str, veld: &str) -> Option<String> {
    let scheiding = format!("--{grens}");
    let scheiding = scheiding.as_bytes();
    let mut pos = vind(body, scheiding)? + scheiding.len();
    loop {
        let rest = &body[pos..];
        if rest.starts_with(b"--") {
            return None;
        }
        let kop_eind = vind(rest, b"\r\n\r\n")?;
        let begin = kop_eind + 4;
        let lengte = vind(&rest[begin..], scheiding)?;
        if noemt(&rest[..kop_eind], veld) {
            let waarde = String::from_utf8_lossy(&rest[begin..begin + lengte]);
            return Some(waarde.trim_end_matches("\r\n").trim().to_string());
        }
        pos += begin + lengte + scheiding.len();
    }
}

/// Why a body could not be read: too long, or the connection failed.
#[derive(Debug)]
pub(crate) struct Onleesbaar;

/// Reads a multipart body until its field `veld` (the CSRF token) is complete, and gives the value with the body to
/// hand on: what was read and the rest, unread. When the field is not in the first [`KOP_MAX`] bytes the whole body is
/// read (up to `limiet`) and searched.
pub(crate) async fn veld_uit_multipart(
    mut body: Body,
    grens: &str,
    veld: &str,
    limiet: usize,
) -> Result<(Option<String>, Body), Onleesbaar> {
    let mut stukken: Vec<Bytes> = Vec::new();
    let mut begin: Vec<u8> = Vec::new();
    let mut totaal = 0usize;
    loop {
        if let Some(waarde) = veld_in(&begin, grens, veld) {
            return Ok((Some(waarde), Gehakt::body(stukken, body)));
        }
        if begin.len() >= KOP_MAX {
            break;
        }
        match body.frame().await {
            None => return Ok((None, Gehakt::body(stukken, Body::empty()))),
            Some(Err(_)) => return Err(Onleesbaar),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    totaal += data.len();
                    if totaal > limiet {
                        return Err(Onleesbaar);
                    }
                    let erbij = data.len().min(KOP_MAX - begin.len());
                    begin.extend_from_slice(&data[..erbij]);
                    stukken.push(data);
                }
            }
        }
    }
    // Not at the start: the whole body, then.
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.map_err(|_| Onleesbaar)?.into_data() {
            totaal += data.len();
            if totaal > limiet {
                return Err(Onleesbaar);
            }
            stukken.push(data);
        }
    }
    let mut alles = Vec::with_capacity(totaal);
    for s in &stukken {
        alles.extend_from_slice(s);
    }
    let waarde = veld_in(&alles, grens, veld);
    drop(alles);
    Ok((waarde, Gehakt::body(stukken, Body::empty())))
}

/// The permits for heavy uploads: a POST to an upload path whose body may be larger than [`LICHT`] waits up to
/// [`WACHT`] for one of the configured number, and holds it until its answer is made; when none comes free it gets
/// 503 with `Retry-After`. Everything else passes at once.
pub(crate) async fn uploadplek(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let zwaar = request.method() == Method::POST
        && crate::is_upload(request.uri().path())
        && request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .is_none_or(|l| l > LICHT);
    if !zwaar {
        return next.run(request).await;
    }
    let plekken = state.uploadplekken();
    match tokio::time::timeout(WACHT, plekken.acquire_owned()).await {
        Ok(Ok(plek)) => {
            let response = next.run(request).await;
            drop(plek);
            response
        }
        _ => {
            tracing::info!(path = request.uri().path(), "upload refused: every upload permit is taken");
            let mut r = crate::error::ApiError::new(
                crate::error::ErrorCode::Busy,
                "stip verwerkt nu te veel uploads tegelijk; probeer het over een paar seconden opnieuw",
            )
            .into_response();
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(OPNIEUW_NA));
            r
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc.def\r\n--XyZ\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7\r\n--XyZ--\r\n";

    #[test]
    fn the_token_is_found_in_an_upload_forms_multipart_body_once_its_part_is_complete() {
        assert_eq!(grens("multipart/form-data; boundary=XyZ").as_deref(), Some("XyZ"));
        assert_eq!(grens("multipart/form-data; boundary=\"XyZ\"").as_deref(), Some("XyZ"));
        assert_eq!(grens("application/x-www-form-urlencoded"), None);
        assert_eq!(veld_in(BODY, "XyZ", "csrf").as_deref(), Some("abc.def"));
        assert_eq!(veld_in(BODY, "Other", "csrf"), None);
        assert_eq!(veld_in(&BODY[..60], "XyZ", "csrf"), None, "the value may go on: not yet");
        let achteraan = b"--b\r\nContent-Disposition: form-data; name=\"x\"; filename=\"csrf\"\r\n\r\n1\r\n--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nt\r\n--b--\r\n";
        assert_eq!(veld_in(achteraan, "b", "csrf").as_deref(), Some("t"), "a file named csrf is not the field");
    }

    #[tokio::test]
    async fn a_body_is_handed_on_whole_in_small_pieces_after_its_token_is_read() {
        let mut body = BODY.to_vec();
        body.extend(std::iter::repeat_n(b'x', 3 * STUK + 5));
        let (token, rest) =
            veld_uit_multipart(Body::from(body.clone()), "XyZ", "csrf", usize::MAX).await.expect("readable");
        assert_eq!(token.as_deref(), Some("abc.def"));
        let mut terug = Vec::new();
        let mut rest = rest;
        while let Some(frame) = rest.frame().await {
            let data = frame.unwrap().into_data().unwrap();
            assert!(data.len() <= STUK, "a piece of {}", data.len());
            terug.extend_from_slice(&data);
        }
        assert_eq!(terug, body, "nothing lost, nothing added");
        assert!(veld_uit_multipart(Body::from(body), "XyZ", "csrf", 100).await.is_err(), "over the limit");
    }

    #[tokio::test]
    async fn a_token_after_the_first_part_is_still_found_in_the_whole_body() {
        let mut body = b"--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"\r\n\r\n".to_vec();
        body.extend(std::iter::repeat_n(b'x', KOP_MAX * 2));
        body.extend_from_slice(b"\r\n--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nlaat\r\n--b--\r\n");
        let (token, _) = veld_uit_multipart(Body::from(body), "b", "csrf", usize::MAX).await.unwrap();
        assert_eq!(token.as_deref(), Some("laat"));
    }
}
