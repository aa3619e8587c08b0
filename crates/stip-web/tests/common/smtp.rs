//! A real SMTP server for the e-mail tests (aiosmtpd, as `scripts/test` installs it), writing every message into a
//! maildir, and a reader for the messages it received.

use base64::Engine;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A real SMTP server that writes every message it receives into a maildir.
pub struct Smtp {
    proces: Child,
    maildir: PathBuf,
    port: u16,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.proces.kill();
        let _ = self.proces.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

impl Smtp {
    pub fn start() -> Smtp {
        // Its own statement: the probing listener must be closed before aiosmtpd binds the port.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        Smtp::start_op(port)
    }

    /// A server on a given port (one that was closed until now, e.g. to show that mail waits for it).
    pub fn start_op(port: u16) -> Smtp {
        let maildir = std::env::temp_dir().join(format!("stip-maildir-{}", uuid::Uuid::new_v4().simple()));
        let proces = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .spawn()
            .expect("python3 must be installed");
        let mut smtp = Smtp { proces, maildir, port };
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = smtp.proces.try_wait() {
                panic!(
                    "aiosmtpd stopped ({status}): run ./scripts/test, which installs it (python3 -m pip install aiosmtpd)"
                );
            }
            assert!(start.elapsed() < Duration::from_secs(20), "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        smtp.port = port;
        smtp
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn mails(&self) -> Vec<String> {
        let mut mails: Vec<String> = ["new", "cur"]
            .iter()
            .filter_map(|d| std::fs::read_dir(self.maildir.join(d)).ok())
            .flatten()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        mails.sort();
        mails
    }

    /// Waits until `n` messages arrived (at most 20 s).
    pub async fn wacht_op(&self, n: usize) -> Vec<String> {
        let start = Instant::now();
        loop {
            let mails = self.mails();
            if mails.len() >= n {
                return mails;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "{n} mail(s) expected, {} arrived", mails.len());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// A received message: its headers (unfolded) and its text body, decoded from quoted-printable or base64.
pub struct Mail {
    pub kop: String,
    pub tekst: String,
}

impl Mail {
    pub fn lees(ruw: &str) -> Mail {
        let ruw = ruw.replace("\r\n", "\n");
        let (kop, romp) = ruw.split_once("\n\n").expect("headers and body");
        let kop = kop.replace("\n ", " ").replace("\n\t", " ");
        let mail = Mail { kop, tekst: String::new() };
        let tekst = match mail.header("Content-Transfer-Encoding").unwrap_or_default().to_ascii_lowercase().as_str() {
            "base64" => {
                let bytes =
                    base64::engine::general_purpose::STANDARD.decode(romp.split_whitespace().collect::<String>());
                String::from_utf8(bytes.unwrap()).unwrap()
            }
            "quoted-printable" => quoted_printable(romp),
            _ => romp.to_string(),
        };
        Mail { tekst, ..mail }
    }

    pub fn header(&self, naam: &str) -> Option<String> {
        self.kop.lines().find_map(|r| r.strip_prefix(&format!("{naam}: ")).map(|v| v.trim().to_string()))
    }
}

fn quoted_printable(s: &str) -> String {
    let s = s.replace("=\n", "");
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let code = (b[i] == b'=')
            .then(|| b.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| std::str::from_utf8(h).ok().and_then(|h| u8::from_str_radix(h, 16).ok()));
        match code {
            Some(c) => {
                out.push(c);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// The calendar part of a raw e-mail, read by an independent parser (python3's email and icalendar packages).
pub fn ical(mail: &str) -> serde_json::Value {
    let dir = std::env::temp_dir().join(format!("stip-ical-{}", uuid::Uuid::new_v4().simple()));
    std::fs::write(&dir, mail).unwrap();
    let script = r#"
import email, json, sys
from email import policy
from icalendar import Calendar
msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
part = next(p for p in msg.walk() if p.get_content_type() == 'text/calendar')
cal = Calendar.from_ical(part.get_payload(decode=True))
events = [c for c in cal.walk() if c.name == 'VEVENT']
e = events[0]
att = e.get('attendee')
att = att if isinstance(att, list) else [att]
print(json.dumps({
  'method': str(cal.get('method')),
  'events': len(events),
  'dtstart': int(e.decoded('dtstart').timestamp()),
  'location': str(e.get('location')),
  'attendees': [str(a) for a in att],
  'organizer': str(e.get('organizer')),
}))
"#;
    let uit = std::process::Command::new("python3").arg("-c").arg(script).arg(&dir).output().expect("python3 runs");
    let _ = std::fs::remove_file(&dir);
    assert!(uit.status.success(), "icalendar could not read the invitation: {}", String::from_utf8_lossy(&uit.stderr));
    serde_json::from_slice(&uit.stdout).unwrap()
}
