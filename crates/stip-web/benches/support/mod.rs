//! The open-loop HTTP/1.1 load generator the load benchmarks share: keep-alive connections on loopback, each on a
//! fixed schedule, latency counted from the scheduled send (so a stalled server is not hidden), and the printed
//! table of figures per request type. Used by `http_regels` here and by `crates/stip/benches/last.rs`.

use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What one connection sends, request after request, and what it learns from the answers.
pub trait Verkeer: Send + 'static {
    /// The `i`-th request of this connection: its type (an index into the caller's names) and the raw HTTP/1.1
    /// request.
    fn volgende(&mut self, i: usize) -> (usize, Vec<u8>);

    /// The answer to the request just sent; `None` when there was none (the connection failed).
    fn antwoord(&mut self, _soort: usize, _antwoord: Option<&Antwoord<'_>>) {}
}

/// One HTTP/1.1 response as read from the connection.
pub struct Antwoord<'a> {
    pub status: u16,
    /// The status line and the headers.
    pub kop: &'a str,
    pub body: &'a [u8],
}

impl Antwoord<'_> {
    /// The first value of header `naam` (case-insensitive).
    pub fn header(&self, naam: &str) -> Option<&str> {
        self.kop.lines().skip(1).find_map(|r| {
            let (k, v) = r.split_once(':')?;
            k.trim().eq_ignore_ascii_case(naam).then(|| v.trim())
        })
    }
}

/// One request as measured: its type, the time from its scheduled send to the end of its answer, and the status
/// (0: no answer, the connection failed).
pub struct Meting {
    pub soort: usize,
    /// When it was due, from the run's start.
    pub gepland: Duration,
    pub latentie: Duration,
    pub status: u16,
}

impl Meting {
    /// Answered with 2xx or 3xx.
    pub fn goed(&self) -> bool {
        (200..400).contains(&self.status)
    }
}

/// Everything one run measured, and how long it took from the first scheduled send.
pub struct Uitslag {
    pub metingen: Vec<Meting>,
    pub duur: Duration,
}

/// A raw HTTP/1.1 request on a keep-alive connection: the method, the path, extra header lines (each ending in
/// `\r\n`) and the body (with its Content-Length).
pub fn verzoek(methode: &str, pad: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!("{methode} {pad} HTTP/1.1\r\nHost: stip\r\n{headers}");
    if !body.is_empty() || methode != "GET" {
        r.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    r.push_str("\r\n");
    let mut r = r.into_bytes();
    r.extend_from_slice(body);
    r
}

/// Sends `rate` requests/s in all for `seconds`, over one keep-alive connection per entry of `verbindingen` (to its
/// address), each connection on a fixed schedule of its own, staggered against the others (open loop). A request is
/// sent when it is due or, when the one before is late, right after it; its latency counts from when it was due. A
/// connection that fails is opened anew.
pub async fn open_loop<V: Verkeer>(verbindingen: Vec<(SocketAddr, V)>, rate: f64, seconds: f64) -> Uitslag {
    let n = verbindingen.len();
    let per_verbinding = (rate * seconds) as usize / n;
    let interval = Duration::from_secs_f64(n as f64 / rate);
    let start = Instant::now() + Duration::from_millis(100);
    let mut taken = Vec::new();
    for (c, (addr, mut verkeer)) in verbindingen.into_iter().enumerate() {
        let offset = interval.mul_f64(c as f64 / n as f64);
        taken.push(tokio::spawn(async move {
            let mut metingen = Vec::with_capacity(per_verbinding);
            let mut stream = None;
            let mut buf = vec![0u8; 1 << 16];
            for i in 0..per_verbinding {
                let gepland = start + offset + interval.mul_f64(i as f64);
                tokio::time::sleep_until(gepland.into()).await;
                let (soort, verzoek) = verkeer.volgende(i);
                if stream.is_none() {
                    stream = verbind(addr).await;
                }
                let antwoord = match stream.as_mut() {
                    Some(s) => match s.write_all(&verzoek).await {
                        Ok(()) => lees_antwoord(s, &mut buf).await,
                        Err(_) => None,
                    },
                    None => None,
                };
                let status = antwoord.as_ref().map_or(0, |a| a.status);
                let sluit = antwoord.as_ref().is_none_or(|a| a.header("connection") == Some("close"));
                verkeer.antwoord(soort, antwoord.as_ref());
                metingen.push(Meting { soort, gepland: gepland - start, latentie: gepland.elapsed(), status });
                if sluit {
                    stream = None;
                }
            }
            metingen
        }));
    }
    let mut metingen = Vec::with_capacity(per_verbinding * n);
    for t in taken {
        metingen.extend(t.await.expect("a connection's task panicked"));
    }
    Uitslag { metingen, duur: start.elapsed() }
}

async fn verbind(addr: SocketAddr) -> Option<TcpStream> {
    let s = TcpStream::connect(addr).await.ok()?;
    s.set_nodelay(true).ok()?;
    Some(s)
}

/// Reads one HTTP/1.1 response (a Content-Length or a chunked body) into `buf`; `None` on a broken connection.
pub async fn lees_antwoord<'a>(stream: &mut TcpStream, buf: &'a mut Vec<u8>) -> Option<Antwoord<'a>> {
    let mut gevuld = 0;
    let kop_eind = loop {
        lees_meer(stream, buf, &mut gevuld).await?;
        if let Some(e) = buf[..gevuld].windows(4).position(|w| w == b"\r\n\r\n") {
            break e;
        }
    };
    let kop = std::str::from_utf8(&buf[..kop_eind]).ok()?.to_ascii_lowercase();
    let waarde = |naam: &str| {
        kop.lines().skip(1).find_map(|r| r.split_once(':').filter(|(k, _)| k.trim() == naam).map(|(_, v)| v.trim()))
    };
    let status: u16 = kop.split_whitespace().nth(1)?.parse().ok()?;
    let begin = kop_eind + 4;
    let eind = if waarde("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        // The chunks' data moved together in place, after the head.
        let (mut lees, mut schrijf) = (begin, begin);
        loop {
            let regel = loop {
                if let Some(r) = buf[lees..gevuld].windows(2).position(|w| w == b"\r\n") {
                    break r;
                }
                lees_meer(stream, buf, &mut gevuld).await?;
            };
            let grootte_tekst = std::str::from_utf8(&buf[lees..lees + regel]).ok()?;
            let grootte = usize::from_str_radix(grootte_tekst.split(';').next()?.trim(), 16).ok()?;
            lees += regel + 2;
            while gevuld < lees + grootte + 2 {
                lees_meer(stream, buf, &mut gevuld).await?;
            }
            if grootte == 0 {
                break schrijf; // no trailers: stip sends none
            }
            buf.copy_within(lees..lees + grootte, schrijf);
            schrijf += grootte;
            lees += grootte + 2;
        }
    } else {
        let lengte: usize = waarde("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        while gevuld < begin + lengte {
            lees_meer(stream, buf, &mut gevuld).await?;
        }
        begin + lengte
    };
    let kop = std::str::from_utf8(&buf[..kop_eind]).ok()?;
    Some(Antwoord { status, kop, body: &buf[begin..eind] })
}

/// Reads what the socket has into `buf` after `gevuld`, growing it when full; `None` on an error or end of stream.
async fn lees_meer(stream: &mut TcpStream, buf: &mut Vec<u8>, gevuld: &mut usize) -> Option<()> {
    if *gevuld == buf.len() {
        buf.resize(buf.len() * 2, 0);
    }
    match stream.read(&mut buf[*gevuld..]).await {
        Ok(0) | Err(_) => None,
        Ok(n) => {
            *gevuld += n;
            Some(())
        }
    }
}

/// Prints per request type and overall: answered, errors (not 2xx/3xx, or no answer), the achieved rate and the
/// latency percentiles; then what the errors were.
pub fn druk_af(namen: &[&str], uitslag: &Uitslag) {
    let sec = uitslag.duur.as_secs_f64();
    println!(
        "{:<52} {:>8} {:>7} {:>8} {:>9} {:>9} {:>9} {:>9}",
        "request", "count", "errors", "req/s", "p50", "p99", "p99.9", "max"
    );
    let regel = |naam: &str, mut lat: Vec<Duration>, fouten: usize| {
        lat.sort_unstable();
        let p = |q: f64| lat.get(((lat.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or_default();
        println!(
            "{naam:<52} {:>8} {fouten:>7} {:>8.1} {:>9} {:>9} {:>9} {:>9}",
            lat.len(),
            lat.len() as f64 / sec,
            ms(p(0.5)),
            ms(p(0.99)),
            ms(p(0.999)),
            ms(p(1.0))
        );
    };
    for (s, naam) in namen.iter().enumerate() {
        let van: Vec<&Meting> = uitslag.metingen.iter().filter(|m| m.soort == s).collect();
        if !van.is_empty() {
            regel(naam, van.iter().map(|m| m.latentie).collect(), van.iter().filter(|m| !m.goed()).count());
        }
    }
    let fouten = uitslag.metingen.iter().filter(|m| !m.goed()).count();
    regel("all", uitslag.metingen.iter().map(|m| m.latentie).collect(), fouten);
    let mut vakken = std::collections::BTreeMap::<u64, Vec<Duration>>::new();
    for m in &uitslag.metingen {
        vakken.entry(m.gepland.as_secs() / 10).or_default().push(m.latentie);
    }
    let p99: Vec<String> = vakken
        .into_values()
        .map(|mut l| {
            l.sort_unstable();
            format!("{:.0}", l[((l.len() - 1) as f64 * 0.99).round() as usize].as_secs_f64() * 1000.0)
        })
        .collect();
    println!("p99 per 10 s of the run (ms): {}", p99.join(" "));
    let mut soorten = std::collections::BTreeMap::<(usize, u16), usize>::new();
    for m in uitslag.metingen.iter().filter(|m| !m.goed()) {
        *soorten.entry((m.soort, m.status)).or_default() += 1;
    }
    for ((s, status), aantal) in soorten {
        let wat = if status == 0 { "no answer".to_string() } else { format!("status {status}") };
        println!("  errors: {} — {wat} × {aantal}", namen[s]);
    }
}

/// Milliseconds with two decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
