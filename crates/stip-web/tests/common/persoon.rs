//! People with an account and a bearer token (made in the store, as a login would), and calling the API as them.

use super::{Answer, TestApp};
use axum::body::Body;
use axum::http::Request;
use serde_json::Value;
use stip_store::{GebruikerRepository, NieuweGebruiker, NieuweSessie, Rol};
use time::{Duration, OffsetDateTime};

/// Someone with an account and a bearer token (made in the store, as a login would).
pub struct Persoon {
    pub id: uuid::Uuid,
    pub token: String,
    pub email: String,
}

pub async fn persoon(app: &TestApp, naam: &str, rollen: &[Rol], gezag: Option<&str>) -> Persoon {
    let email = format!("{}@example.nl", naam.to_lowercase().replace(' ', "."));
    let g = app
        .store
        .maak_gebruiker(NieuweGebruiker {
            email: Some(&email),
            naam,
            rollen,
            bevoegd_gezag: gezag,
            team: gezag.map(|_| "Vergunningen"),
            ..NieuweGebruiker::default()
        })
        .await
        .unwrap();
    let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())[..43].to_string();
    // Long enough for tests that move the clock on by months (an objection, its decision and the appeal term).
    let verloopt = OffsetDateTime::now_utc() + Duration::days(365);
    app.store
        .start_sessie(NieuweSessie {
            token_hash: &stip_web::auth::token_hash(&token),
            gebruiker: g.id,
            verloopt,
            begint: OffsetDateTime::now_utc(),
        })
        .await
        .unwrap();
    Persoon { id: g.id.0, token, email }
}

pub async fn api(app: &TestApp, method: &str, uri: &str, wie: Option<&Persoon>, body: Option<Value>) -> Answer {
    // The key only matters to `indienen`; every other endpoint ignores it.
    let mut r = Request::builder().method(method).uri(uri).header("idempotency-key", "matrix");
    if let Some(p) = wie {
        r = r.header("authorization", format!("Bearer {}", p.token));
    }
    let body = match body {
        Some(b) => {
            r = r.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    app.request(r.body(body).unwrap()).await
}

pub async fn upload(app: &TestApp, uri: &str, wie: &Persoon, inhoud: Vec<u8>) -> Answer {
    let r = Request::post(uri)
        .header("authorization", format!("Bearer {}", wie.token))
        .header("content-type", "application/octet-stream")
        .body(Body::from(inhoud))
        .unwrap();
    app.request(r).await
}

pub async fn bytes(app: &TestApp, uri: &str, wie: &Persoon) -> (u16, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let r = Request::get(uri).header("authorization", format!("Bearer {}", wie.token)).body(Body::empty()).unwrap();
    let answer = app.router.clone().oneshot(r).await.unwrap();
    let status = answer.status().as_u16();
    (status, answer.into_body().collect().await.unwrap().to_bytes().to_vec())
}

/// Like [`api`], for an answer that is not text (a PDF): its status and bytes.
pub async fn api_bytes(
    app: &TestApp,
    method: &str,
    uri: &str,
    wie: Option<&Persoon>,
    body: Option<Value>,
) -> (u16, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut r = Request::builder().method(method).uri(uri);
    if let Some(p) = wie {
        r = r.header("authorization", format!("Bearer {}", p.token));
    }
    let body = match body {
        Some(b) => {
            r = r.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let antwoord = app.router.clone().oneshot(r.body(body).unwrap()).await.unwrap();
    let status = antwoord.status().as_u16();
    (status, antwoord.into_body().collect().await.unwrap().to_bytes().to_vec())
}
