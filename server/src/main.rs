//! `bole` — the command line and HTTP server of the bole matching engine.

mod cli_import;
mod cmd;
mod http;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

// The server allocates many small, short-lived objects per request (query terms, postings
// cursors, match lists): under glibc malloc they cost about a sixth of the CPU of the
// candidate → jobs call (perf, benches/README); mimalloc's thread-local free lists cost less.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "bole",
    version,
    about = "伯乐 — job–candidate matching for public employment services"
)]
struct Cli {
    /// Data directory (records and indexes).
    #[arg(long, global = true, default_value = "./bole-data")]
    data: PathBuf,
    /// Ranking policy file (TOML, the shape of engine/data/policy.toml) instead of the built-in
    /// policy; checked on load, an unknown or invalid key is refused with its name.
    #[arg(long, global = true)]
    policy: Option<PathBuf>,
    #[command(subcommand)]
    cmd: cmd::Cmd,
}

fn main() -> ExitCode {
    use std::io::IsTerminal;
    // Warnings and errors only, in colour only on a terminal (a log file or journal gets plain
    // text). tantivy's "couldn't find segment in SegmentManager" comes from a merge that lost a
    // race with another merge of the same segments (bole's compaction retries it): not the
    // operator's concern, so tantivy speaks only for errors. `RUST_LOG` overrides all of this;
    // `RUST_LOG=warn,bole::request=info` adds the request log.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,tantivy=error")),
        )
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let ctx = cmd::Ctx {
        data: cli.data,
        policy: cli.policy,
    };
    match cmd::run(&ctx, cli.cmd) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", chain(&e));
            ExitCode::from(2)
        }
    }
}

/// An error with its causes, each said once: engine errors already include their cause's text
/// in their message while keeping the cause itself as their source.
fn chain(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !msg.contains(&text) {
            if !msg.is_empty() {
                msg.push_str(": ");
            }
            msg.push_str(&text);
        }
    }
    msg
}
