//! `bole-load`: a bounded loopback load harness for `bole serve`.
//!
//! Closed-loop readers (one keep-alive connection each) ask `GET /v1/candidates/{id}/matches` for
//! random candidates `c-{seed}-{i}` (the ids `bole-gen candidates` writes) while writer threads
//! upsert vacancies and people at a fixed rate. Prints requests/s, p50/p99/max latency of reads
//! and writes as one JSON line; with the server's pid, also its peak memory and the CPU time it
//! spent per read (steadier than requests/s on a shared machine).
//!
//! ```text
//! bole-load --addr 127.0.0.1:8080 --candidates 100000 --seed 7 --concurrency 16 --seconds 20 \
//!           --writes 50 --key KEY --server-pid 1234 [--path '/v1/candidates/{id}'] [--writer-threads 64]
//!           [--prime]
//! ```
//! `--concurrency 0` sends the writes alone, beside another client's reads (`benches/load/wrk.sh`).
//! Loopback only: the address must be 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Args {
    addr: String,
    candidates: u64,
    seed: u64,
    concurrency: usize,
    seconds: f64,
    warmup: f64,
    writes: f64,
    key: String,
    top: usize,
    server_pid: Option<u32>,
    /// Read path with `{id}` for the candidate id (default: the matches call).
    path: String,
    /// Threads sharing the write schedule: writes are open-loop (one slow commit must not hold
    /// back the next arrival), so enough must be in flight to keep the rate when commits are slow.
    writer_threads: usize,
    /// Ask for every candidate once before the run (unmeasured, no writes): the server keeps
    /// people's derived profiles, so this measures a server that has seen its people.
    prime: bool,
}

fn parse_args() -> Args {
    let mut a = Args {
        addr: "127.0.0.1:8080".into(),
        candidates: 100_000,
        seed: 7,
        concurrency: 16,
        seconds: 20.0,
        warmup: 3.0,
        writes: 50.0,
        key: std::env::var("BOLE_API_KEY").unwrap_or_default(),
        top: 10,
        server_pid: None,
        path: String::new(),
        writer_threads: 64,
        prime: false,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let v = argv.get(i + 1).cloned().unwrap_or_default();
        match argv[i].as_str() {
            "--addr" => a.addr = v,
            "--candidates" => a.candidates = v.parse().expect("--candidates N"),
            "--seed" => a.seed = v.parse().expect("--seed N"),
            "--concurrency" => a.concurrency = v.parse().expect("--concurrency N"),
            "--seconds" => a.seconds = v.parse().expect("--seconds S"),
            "--warmup" => a.warmup = v.parse().expect("--warmup S"),
            "--writes" => a.writes = v.parse().expect("--writes PER_SECOND"),
            "--key" => a.key = v,
            "--top" => a.top = v.parse().expect("--top N"),
            "--server-pid" => a.server_pid = Some(v.parse().expect("--server-pid PID")),
            "--path" => a.path = v,
            "--writer-threads" => a.writer_threads = v.parse().expect("--writer-threads N"),
            "--prime" => {
                a.prime = true;
                i += 1;
                continue;
            }
            other => panic!("unknown argument {other}"),
        }
        i += 2;
    }
    if a.path.is_empty() {
        a.path = format!("/v1/candidates/{{id}}/matches?top={}", a.top);
    }
    assert!(a.path.starts_with('/'), "--path must start with /");
    assert!(
        (1..=256).contains(&a.writer_threads),
        "--writer-threads must be 1..=256"
    );
    assert!(
        a.addr.starts_with("127.0.0.1:"),
        "loopback only: --addr 127.0.0.1:PORT"
    );
    assert!(
        a.seconds > 0.0 && a.seconds <= 600.0,
        "--seconds must be in (0, 600]"
    );
    assert!(
        a.concurrency <= 1024 && (a.concurrency > 0 || a.writes > 0.0),
        "--concurrency must be 0..=1024 (0: writes only, for another client's reads)"
    );
    a
}

/// A keep-alive HTTP/1.1 connection that reads Content-Length framed answers.
struct Conn {
    r: BufReader<TcpStream>,
    w: TcpStream,
    addr: String,
}

impl Conn {
    fn open(addr: &str) -> std::io::Result<Conn> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Conn {
            r: BufReader::new(s.try_clone()?),
            w: s,
            addr: addr.to_string(),
        })
    }

    /// Send a request and read the whole answer; returns the status.
    fn call(&mut self, method: &str, path: &str, key: &str, body: &str) -> std::io::Result<u16> {
        let auth = if key.is_empty() {
            String::new()
        } else {
            format!("Authorization: Bearer {key}\r\n")
        };
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        self.w.write_all(req.as_bytes())?;
        let mut line = String::new();
        self.r.read_line(&mut line)?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let mut len = None;
        let mut close = false;
        loop {
            line.clear();
            if self.r.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other("connection closed"));
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let lower = l.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                len = v.trim().parse::<usize>().ok();
            } else if lower.starts_with("connection:") && lower.contains("close") {
                close = true;
            }
        }
        let len = len.ok_or_else(|| std::io::Error::other("answer without Content-Length"))?;
        let mut buf = vec![0u8; len];
        self.r.read_exact(&mut buf)?;
        if close {
            *self = Conn::open(&self.addr.clone())?;
        }
        Ok(status)
    }
}

/// xorshift64*: a fixed-seed stream of ids, so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[derive(Default)]
struct Tally {
    lat_us: Vec<u32>,
    errors: u64,
    non_2xx: u64,
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

const TRADES: &[&str] = &[
    "叉车司机",
    "仓库管理员",
    "电焊工",
    "保洁员",
    "收银员",
    "厨师",
    "普工",
    "育婴师",
    "快递员",
    "客服专员",
];
const PLACES: &[&str] = &[
    "广东省广州市白云区",
    "江西省抚州市临川区",
    "湖南省永州市新田县",
    "江苏省苏州市昆山市",
    "河北省邢台市南和区",
];

fn write_body(n: u64) -> (String, String) {
    let t = TRADES[(n as usize) % TRADES.len()];
    let p = PLACES[(n as usize / 3) % PLACES.len()];
    if n.is_multiple_of(2) {
        let id = format!("load-j-{n}");
        let body = format!(
            r#"{{"id":"{id}","title":"{t}","employer":"负载测试单位{}","description":"{t}，包吃住，五险一金","location":{{"region":"{p}"}},"salary":{{"min":4500,"max":6500}}}}"#,
            n % 97
        );
        (format!("/v1/jobs/{id}"), body)
    } else {
        let id = format!("load-c-{n}");
        let body = format!(
            r#"{{"id":"{id}","groups":["migrant_worker"],"summary":"做过三年{t}","desired":{{"titles":["{t}"],"regions":["{p}"]}}}}"#
        );
        (format!("/v1/candidates/{id}"), body)
    }
}

fn proc_kb(pid: u32, field: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// CPU seconds (user + system) a process has used so far, from `/proc/PID/stat`.
fn proc_cpu_s(pid: &str) -> Option<f64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / clock_ticks())
}

/// Clock ticks per second of `/proc` CPU times (`getconf CLK_TCK`, 100 on Linux).
fn clock_ticks() -> f64 {
    static TCK: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TCK.get_or_init(|| {
        std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// Every candidate once, split over the readers' number of connections; prints how long it took.
fn prime(a: &Arc<Args>) {
    let t0 = Instant::now();
    let threads: Vec<_> = (0..a.concurrency as u64)
        .map(|t| {
            let a = a.clone();
            std::thread::spawn(move || {
                let mut conn = Conn::open(&a.addr).expect("connect");
                let mut id = t;
                while id < a.candidates {
                    let path = a.path.replace("{id}", &format!("c-{}-{id}", a.seed));
                    if conn.call("GET", &path, "", "").is_err() {
                        conn = Conn::open(&a.addr).expect("reconnect");
                    }
                    id += a.concurrency as u64;
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("priming thread");
    }
    eprintln!(
        "primed {} candidates in {:.1} s",
        a.candidates,
        t0.elapsed().as_secs_f64()
    );
}

fn main() {
    let a = Arc::new(parse_args());
    let stop = Arc::new(AtomicBool::new(false));
    let measuring = Arc::new(AtomicBool::new(false));
    let write_seq = Arc::new(AtomicU64::new(0));
    if a.prime {
        prime(&a);
    }

    let mut readers = Vec::new();
    for t in 0..a.concurrency {
        let (a, stop, measuring) = (a.clone(), stop.clone(), measuring.clone());
        readers.push(spawn_reader(t, a, stop, measuring));
    }

    // Writers: an open-loop schedule (write k is due at k / rate seconds), shared by a few threads
    // so one slow commit does not lower the offered rate.
    let t_start = Instant::now();
    let mut writers = Vec::new();
    if a.writes > 0.0 {
        for _ in 0..a.writer_threads {
            let (a, stop, measuring, seq) = (
                a.clone(),
                stop.clone(),
                measuring.clone(),
                write_seq.clone(),
            );
            writers.push(spawn_writer(a, stop, measuring, seq, t_start));
        }
    }

    std::thread::sleep(Duration::from_secs_f64(a.warmup));
    measuring.store(true, Ordering::Relaxed);
    let t0 = Instant::now();
    let server_cpu0 = a.server_pid.and_then(|p| proc_cpu_s(&p.to_string()));
    let client_cpu0 = proc_cpu_s("self");
    let mut peak_rss = 0;
    while t0.elapsed().as_secs_f64() < a.seconds {
        std::thread::sleep(Duration::from_millis(200));
        if let Some(pid) = a.server_pid {
            peak_rss = peak_rss.max(proc_kb(pid, "VmRSS:").unwrap_or(0));
        }
    }
    measuring.store(false, Ordering::Relaxed);
    let elapsed = t0.elapsed().as_secs_f64();
    let server_cpu = a
        .server_pid
        .and_then(|p| proc_cpu_s(&p.to_string()))
        .zip(server_cpu0)
        .map(|(b, a)| b - a);
    let client_cpu = proc_cpu_s("self").zip(client_cpu0).map(|(b, a)| b - a);
    stop.store(true, Ordering::Relaxed);

    let reads = join_all(readers);
    let writes = join_all(writers);
    let hwm = a.server_pid.and_then(|p| proc_kb(p, "VmHWM:"));
    let out = serde_json::json!({
        "concurrency": a.concurrency,
        "seconds": (elapsed * 100.0).round() / 100.0,
        "reads": reads.lat_us.len(),
        "reads_per_s": (reads.lat_us.len() as f64 / elapsed).round(),
        "read_p50_ms": pct(&reads.lat_us, 0.50),
        "read_p99_ms": pct(&reads.lat_us, 0.99),
        "read_max_ms": pct(&reads.lat_us, 1.0),
        "read_errors": reads.errors,
        "read_non_2xx": reads.non_2xx,
        "writes": writes.lat_us.len(),
        "writes_per_s": ((writes.lat_us.len() as f64 / elapsed) * 10.0).round() / 10.0,
        "write_p50_ms": pct(&writes.lat_us, 0.50),
        "write_p99_ms": pct(&writes.lat_us, 0.99),
        "write_errors": writes.errors,
        "write_non_2xx": writes.non_2xx,
        // Server CPU time (user + system, writes included) per read served while measuring:
        // steadier than requests/s on a shared machine, whose other load takes wall time.
        "server_cpu_us_per_read": server_cpu
            .filter(|_| !reads.lat_us.is_empty())
            .map(|c| (c * 1e6 / reads.lat_us.len() as f64).round()),
        "server_cpu_cores": server_cpu.map(|c| ((c / elapsed) * 100.0).round() / 100.0),
        "client_cpu_cores": client_cpu.map(|c| ((c / elapsed) * 100.0).round() / 100.0),
        "server_peak_rss_mb_sampled": peak_rss / 1024,
        "server_vmhwm_mb": hwm.map(|k| k / 1024),
    });
    println!("{out}");
}

/// A reader thread: GETs of random people until `stop`, counted while `measuring`.
fn spawn_reader(
    t: usize,
    a: Arc<Args>,
    stop: Arc<AtomicBool>,
    measuring: Arc<AtomicBool>,
) -> std::thread::JoinHandle<Tally> {
    std::thread::spawn(move || {
        let mut rng = Rng(
            a.seed.wrapping_mul(1_000_003) ^ (t as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        );
        let mut tally = Tally::default();
        let mut conn = Conn::open(&a.addr).expect("connect");
        while !stop.load(Ordering::Relaxed) {
            let id = rng.next() % a.candidates;
            let path = a.path.replace("{id}", &format!("c-{}-{id}", a.seed));
            let t0 = Instant::now();
            let r = conn.call("GET", &path, "", "");
            let us = t0.elapsed().as_micros().min(u32::MAX as u128) as u32;
            if !measuring.load(Ordering::Relaxed) {
                if r.is_err() {
                    conn = Conn::open(&a.addr).expect("reconnect");
                }
                continue;
            }
            match r {
                Ok(s) => {
                    tally.lat_us.push(us);
                    if !(200..300).contains(&s) {
                        tally.non_2xx += 1;
                    }
                }
                Err(_) => {
                    tally.errors += 1;
                    conn = Conn::open(&a.addr).expect("reconnect");
                }
            }
        }
        tally
    })
}

/// A writer thread: PUTs on the shared open-loop schedule until `stop`.
fn spawn_writer(
    a: Arc<Args>,
    stop: Arc<AtomicBool>,
    measuring: Arc<AtomicBool>,
    seq: Arc<AtomicU64>,
    t_start: Instant,
) -> std::thread::JoinHandle<Tally> {
    std::thread::spawn(move || {
        let mut tally = Tally::default();
        let mut conn = Conn::open(&a.addr).expect("connect");
        loop {
            let k = seq.fetch_add(1, Ordering::Relaxed);
            let due = t_start + Duration::from_secs_f64(k as f64 / a.writes);
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
            if stop.load(Ordering::Relaxed) {
                break;
            }
            let (path, body) = write_body(k);
            let t0 = Instant::now();
            let r = conn.call("PUT", &path, &a.key, &body);
            let us = t0.elapsed().as_micros().min(u32::MAX as u128) as u32;
            let counted = measuring.load(Ordering::Relaxed);
            match r {
                Ok(s) if counted => {
                    tally.lat_us.push(us);
                    if !(200..300).contains(&s) {
                        tally.non_2xx += 1;
                    }
                }
                Ok(_) => {}
                Err(_) => {
                    if counted {
                        tally.errors += 1;
                    }
                    conn = Conn::open(&a.addr).expect("reconnect");
                }
            }
        }
        tally
    })
}

/// The threads' tallies merged, latencies sorted.
fn join_all(threads: Vec<std::thread::JoinHandle<Tally>>) -> Tally {
    let mut all = Tally::default();
    for h in threads {
        let t = h.join().expect("load thread");
        all.lat_us.extend(t.lat_us);
        all.errors += t.errors;
        all.non_2xx += t.non_2xx;
    }
    all.lat_us.sort_unstable();
    all
}
