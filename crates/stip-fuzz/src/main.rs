//! `stip-fuzz [PARSER…|all] [--seconds N] [--inputs N] [--seed S] [--max-len BYTES] [--max-memory-mb MB] [--out DIR]`:
//! feeds byte mutations of the real fixtures (`$STIP_FIXTURES`, else `../shared/dso-fixtures`) to each parser for
//! `--seconds` (default 30) and prints per parser the inputs tried, the distinct error messages (all of them, with
//! their counts, to `--errors DIR`/PARSER.txt) and the panics.
//!
//! Each parser runs in a child process of its own (`--worker`), so that a crash (an abort, a stack overflow) is
//! caught too: the child keeps the input it is on in a memory-mapped file, which survives it. A panic, a crash, a
//! hang (one input over 2 s) or runaway memory (live heap over `--max-memory-mb`, default 2048) is a finding: its
//! input is saved under `--out` (default `target/fuzz-crashes/PARSER/`) and the exit code is 1.
//! Run it in release: `scripts/fuzz [seconds]`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use stip_fuzz::{Doel, Mutator, Rng, soort, zaden};

/// One input may take this long before it counts as a hang.
const HANG: Duration = Duration::from_secs(2);

/// The global allocator counts the live heap; over the limit, the fuzzed thread stops in its allocation (rather
/// than the process aborting) until the watchdog has saved the input.
struct Teller;

static LEVEND: AtomicUsize = AtomicUsize::new(0);
static PIEK: AtomicUsize = AtomicUsize::new(0);
static GRENS: AtomicUsize = AtomicUsize::new(usize::MAX);
static TE_VEEL: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set on the thread that runs the parsers: only its allocations are held to the limit.
    static BEWAAKT: Cell<bool> = const { Cell::new(false) };
}

impl Teller {
    fn erbij(&self, n: usize) {
        let nu = LEVEND.fetch_add(n, Ordering::Relaxed) + n;
        if nu > GRENS.load(Ordering::Relaxed) && BEWAAKT.with(Cell::get) {
            LEVEND.fetch_sub(n, Ordering::Relaxed);
            TE_VEEL.store(true, Ordering::SeqCst);
            loop {
                std::thread::sleep(Duration::from_secs(1));
            }
        }
        PIEK.fetch_max(nu, Ordering::Relaxed);
    }
}

// SAFETY: every call goes to the system allocator unchanged; only the sizes are counted.
unsafe impl GlobalAlloc for Teller {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.erbij(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.erbij(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LEVEND.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            self.erbij(new_size - layout.size());
        } else {
            LEVEND.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Teller = Teller;

struct Opties {
    doelen: Vec<Doel>,
    seconden: u64,
    inputs: u64,
    seed: u64,
    max_len: usize,
    max_mb: usize,
    /// Where to write every distinct error message with its count (`--errors`), as PARSER.txt.
    fouten_dir: Option<PathBuf>,
    out: PathBuf,
    worker: bool,
}

fn opties() -> Opties {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut o = Opties {
        doelen: Vec::new(),
        seconden: 30,
        inputs: u64::MAX,
        seed: 0x5717_f022,
        max_len: 1 << 20,
        max_mb: 2048,
        fouten_dir: None,
        out: PathBuf::from("target/fuzz-crashes"),
        worker: false,
    };
    let mut i = 0;
    let waarde = |i: usize| args.get(i + 1).cloned().unwrap_or_else(|| fout(&format!("{} needs a value", args[i])));
    let getal = |i: usize| -> u64 {
        waarde(i).replace('_', "").parse().unwrap_or_else(|_| fout(&format!("{}: a number", args[i])))
    };
    while i < args.len() {
        match args[i].as_str() {
            "--seconds" => o.seconden = getal(i),
            "--inputs" => o.inputs = getal(i),
            "--seed" => o.seed = getal(i),
            "--max-len" => o.max_len = getal(i) as usize,
            "--max-memory-mb" => o.max_mb = getal(i) as usize,
            "--errors" => o.fouten_dir = Some(PathBuf::from(waarde(i))),
            "--out" => o.out = PathBuf::from(waarde(i)),
            "--worker" => {
                o.worker = true;
                i += 1;
                continue;
            }
            "-h" | "--help" => {
                println!(
                    "usage: stip-fuzz [PARSER…|all] [--seconds N per parser] [--inputs N] [--seed S] [--max-len BYTES] \
                     [--max-memory-mb MB] [--out DIR] [--errors DIR]"
                );
                println!("parsers: all {}", Doel::ALLE.map(Doel::naam).join(" "));
                std::process::exit(0);
            }
            naam => match Doel::ALLE.into_iter().find(|d| d.naam() == naam) {
                Some(d) => o.doelen.push(d),
                None if naam == "all" => o.doelen.extend(Doel::ALLE),
                None => {
                    fout(&format!("unknown parser '{naam}' (one of: all {})", Doel::ALLE.map(Doel::naam).join(" ")))
                }
            },
        }
        i += if args[i].starts_with("--") { 2 } else { 1 };
    }
    if o.doelen.is_empty() {
        o.doelen.extend(Doel::ALLE);
    }
    o
}

fn main() {
    let o = opties();
    if o.worker {
        worker(&o, o.doelen[0]);
    }
    // The supervisor: one child per parser, one after the other.
    let exe = std::env::current_exe().unwrap_or_else(|e| fout(&format!("own executable: {e}")));
    let args: Vec<String> =
        std::env::args().skip(1).filter(|a| Doel::ALLE.iter().all(|d| d.naam() != a) && a != "all").collect();
    let mut bevindingen = 0;
    for doel in &o.doelen {
        let dir = o.out.join(doel.naam());
        let status = Command::new(&exe)
            .args(&args)
            .args(["--worker", doel.naam()])
            .status()
            .unwrap_or_else(|e| fout(&format!("starting {}: {e}", exe.display())));
        match status.code() {
            Some(0) => {}
            Some(1) => bevindingen += 1,
            _ => {
                // a crash: the input it was on is still in the mapped file
                bevindingen += 1;
                let pad = dir.join(format!("crash-{}.bin", tijdstempel()));
                match lees_huidig(&dir.join(".current")) {
                    Some(input) if std::fs::write(&pad, &input).is_ok() => {
                        println!(
                            "{}: CRASH ({status}) on an input of {} bytes, saved as {}",
                            doel.naam(),
                            input.len(),
                            pad.display()
                        )
                    }
                    _ => println!("{}: CRASH ({status}); its input could not be recovered", doel.naam()),
                }
            }
        }
    }
    std::process::exit(if bevindingen == 0 { 0 } else { 1 });
}

/// What the worker thread reports back.
#[derive(Default)]
struct Stand {
    inputs: u64,
    fouten: HashMap<String, u64>,
    panics: u64,
    panic_soorten: Vec<(String, PathBuf)>,
    traagst: Duration,
}

/// The last panic's message and place, set by the panic hook.
static PANIEK: Mutex<Option<(String, String)>> = Mutex::new(None);

fn worker(o: &Opties, doel: Doel) -> ! {
    let fixtures = stip_fuzz::fixtures().unwrap_or_else(|| fout("no fixtures: set STIP_FIXTURES"));
    let dir = o.out.join(doel.naam());
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| fout(&format!("{}: {e}", dir.display())));
    let huidig = Arc::new(Huidig::open(&dir.join(".current"), o.max_len));
    GRENS.store(o.max_mb << 20, Ordering::SeqCst);
    std::panic::set_hook(Box::new(|info| {
        let melding = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        // one panic per place: the message itself often quotes the input
        let plaats = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_else(|| soort(&melding));
        *PANIEK.lock().unwrap_or_else(|e| e.into_inner()) = Some((plaats, melding));
    }));

    let corpus = zaden(doel, &fixtures);
    let mut mutator = Mutator::new(Rng::new(o.seed ^ doel as u64), corpus, o.max_len);
    let start = Instant::now();
    let einde = start + Duration::from_secs(o.seconden);
    // nanoseconds since `start` at which the current input began, 0 between inputs
    let bezig = Arc::new(AtomicU64::new(0));
    let geteld = Arc::new(AtomicU64::new(0));
    let soorten = Arc::new(AtomicU64::new(0));
    let panieken = Arc::new(AtomicU64::new(0));
    let klaar = Arc::new(AtomicBool::new(false));
    let max_inputs = o.inputs;
    let thread = {
        let (huidig, bezig, geteld, soorten, panieken, klaar, dir) = (
            huidig.clone(),
            bezig.clone(),
            geteld.clone(),
            soorten.clone(),
            panieken.clone(),
            klaar.clone(),
            dir.clone(),
        );
        std::thread::Builder::new()
            .name(format!("fuzz-{}", doel.naam()))
            .spawn(move || {
                BEWAAKT.with(|b| b.set(true));
                let mut s = Stand::default();
                let mut n = 0u64;
                while n < max_inputs && Instant::now() < einde {
                    let input = mutator.volgende();
                    huidig.zet(&input);
                    let t = Instant::now();
                    bezig.store((t - start).as_nanos().max(1) as u64, Ordering::SeqCst);
                    let uitkomst = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doel.voer(&input)));
                    bezig.store(0, Ordering::SeqCst);
                    s.traagst = s.traagst.max(t.elapsed());
                    n += 1;
                    geteld.store(n, Ordering::Relaxed);
                    match uitkomst {
                        Ok(fouten) => {
                            for f in fouten {
                                let k = soort(&f);
                                if let Some(c) = s.fouten.get_mut(&k) {
                                    *c += 1;
                                } else if s.fouten.len() < 100_000 {
                                    s.fouten.insert(k, 1);
                                    soorten.store(s.fouten.len() as u64, Ordering::Relaxed);
                                }
                            }
                        }
                        Err(_) => {
                            s.panics += 1;
                            panieken.store(s.panics, Ordering::Relaxed);
                            let (plaats, melding) =
                                PANIEK.lock().unwrap_or_else(|e| e.into_inner()).take().unwrap_or_default();
                            let melding = format!("{melding} at {plaats}");
                            if !s.panic_soorten.iter().any(|(m, _)| m.ends_with(&format!(" at {plaats}"))) {
                                let pad = dir.join(format!("panic-{n}.bin"));
                                let _ = std::fs::write(&pad, &input);
                                eprintln!(
                                    "{}: input {n} panicked: {melding} (saved as {})",
                                    doel.naam(),
                                    pad.display()
                                );
                                s.panic_soorten.push((melding, pad));
                            }
                        }
                    }
                }
                s.inputs = n;
                klaar.store(true, Ordering::SeqCst);
                s
            })
            .unwrap_or_else(|e| fout(&format!("worker thread: {e}")))
    };

    // The watchdog: hangs, memory, progress.
    let mut volgende_melding = start + Duration::from_secs(30);
    let bevinding = loop {
        std::thread::sleep(Duration::from_millis(20));
        if klaar.load(Ordering::SeqCst) {
            break None;
        }
        if TE_VEEL.load(Ordering::SeqCst) {
            break Some(("memory", format!("the live heap reached the limit of {} MB", o.max_mb)));
        }
        let b = bezig.load(Ordering::SeqCst);
        if b > 0 {
            let duur = start.elapsed().saturating_sub(Duration::from_nanos(b));
            if duur > HANG {
                break Some(("hang", format!("one input took over {} s", HANG.as_secs())));
            }
        }
        if Instant::now() >= volgende_melding {
            volgende_melding += Duration::from_secs(30);
            eprintln!(
                "{}: {} inputs, {:.0} s, heap {} MB",
                doel.naam(),
                geteld.load(Ordering::Relaxed),
                start.elapsed().as_secs_f64(),
                LEVEND.load(Ordering::Relaxed) >> 20
            );
        }
    };
    let mut code = 0;
    let (s, fout_soorten) = if bevinding.is_none() {
        let s = thread.join().unwrap_or_else(|_| fout("the worker thread panicked outside a parser"));
        let n = s.fouten.len();
        (s, n)
    } else {
        // the worker is stuck in a parser: what it counted so far (panics were reported as they came)
        let s = Stand {
            inputs: geteld.load(Ordering::Relaxed),
            panics: panieken.load(Ordering::Relaxed),
            ..Stand::default()
        };
        (s, soorten.load(Ordering::Relaxed) as usize)
    };
    let inputs = s.inputs;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{}: {inputs} inputs in {secs:.0} s ({:.0}/s), {} distinct error messages, {} panics ({} distinct), \
         slowest input {} ms, peak heap {:.1} MB",
        doel.naam(),
        inputs as f64 / secs.max(1e-9),
        fout_soorten,
        s.panics,
        s.panic_soorten.len(),
        s.traagst.as_millis(),
        PIEK.load(Ordering::Relaxed) as f64 / (1 << 20) as f64,
    );
    let mut vaakst: Vec<_> = s.fouten.iter().collect();
    vaakst.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if let Some(d) = &o.fouten_dir {
        let tekst: String = vaakst.iter().map(|(m, k)| format!("{k}\t{m}\n")).collect();
        let _ = std::fs::create_dir_all(d);
        let _ = std::fs::write(d.join(format!("{}.txt", doel.naam())), tekst);
    }
    for (melding, keer) in vaakst.iter().take(5) {
        println!("    {keer:>9} × {melding}");
    }
    for (melding, pad) in &s.panic_soorten {
        println!("    PANIC: {melding} (input {})", pad.display());
        code = 1;
    }
    if let Some((wat, melding)) = bevinding {
        let input = huidig.lees();
        let pad = dir.join(format!("{wat}-{}.bin", tijdstempel()));
        let _ = std::fs::write(&pad, &input);
        println!(
            "    {}: {melding}, on an input of {} bytes (saved as {})",
            wat.to_uppercase(),
            input.len(),
            pad.display()
        );
        code = 1;
    }
    std::process::exit(code)
}

/// The input under test, in a file mapped into memory: it survives a crash of the process.
struct Huidig {
    ptr: *mut u8,
    cap: usize,
}

// SAFETY: the worker thread writes, the watchdog reads only once the worker is stuck (or gone).
unsafe impl Send for Huidig {}
unsafe impl Sync for Huidig {}

impl Huidig {
    fn open(pad: &Path, max_len: usize) -> Huidig {
        use std::os::fd::AsRawFd;
        let cap = 8 + max_len;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(pad)
            .unwrap_or_else(|e| fout(&format!("{}: {e}", pad.display())));
        file.set_len(cap as u64).unwrap_or_else(|e| fout(&format!("{}: {e}", pad.display())));
        // SAFETY: a fresh shared mapping of a file of `cap` bytes that this process alone writes.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                cap,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            fout(&format!("mmap {}: {}", pad.display(), std::io::Error::last_os_error()));
        }
        Huidig { ptr: ptr.cast(), cap }
    }

    fn zet(&self, input: &[u8]) {
        let n = input.len().min(self.cap - 8);
        // SAFETY: within the mapping of `cap` bytes.
        unsafe {
            std::ptr::copy_nonoverlapping((n as u64).to_le_bytes().as_ptr(), self.ptr, 8);
            std::ptr::copy_nonoverlapping(input.as_ptr(), self.ptr.add(8), n);
        }
    }

    fn lees(&self) -> Vec<u8> {
        // SAFETY: within the mapping of `cap` bytes.
        let kop = unsafe { std::slice::from_raw_parts(self.ptr, self.cap) };
        let n = (u64::from_le_bytes(kop[..8].try_into().unwrap_or_default()) as usize).min(self.cap - 8);
        kop[8..8 + n].to_vec()
    }
}

/// The input a crashed worker was on.
fn lees_huidig(pad: &Path) -> Option<Vec<u8>> {
    let b = std::fs::read(pad).ok()?;
    let n = u64::from_le_bytes(b.get(..8)?.try_into().ok()?) as usize;
    b.get(8..8 + n).map(<[u8]>::to_vec)
}

fn tijdstempel() -> u64 {
    static T: OnceLock<u64> = OnceLock::new();
    *T.get_or_init(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()))
}

fn fout(melding: &str) -> ! {
    eprintln!("stip-fuzz: {melding}");
    std::process::exit(2)
}
