//! `bole-gen`: write the synthetic corpus as docs/SCHEMA.md JSON Lines on stdout.
//!
//! ```text
//! bole-gen jobs --n 5000 --seed 7 > jobs.jsonl
//! bole-gen candidates --n 1000000 --seed 7 > candidates.jsonl
//! ```

use std::io::{self, BufWriter};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generate seeded synthetic vacancies or job seekers for bole.
#[derive(Parser)]
#[command(name = "bole-gen", version)]
struct Cli {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Vacancies (岗位) in 抚州, 永州, 宜春, 邢台 and 扬州.
    Jobs(Args),
    /// Job seekers (求职者) of every policy group.
    Candidates(Args),
}

#[derive(clap::Args)]
struct Args {
    /// How many records.
    #[arg(long, default_value_t = 1000)]
    n: usize,
    /// Seed: the same seed always gives the same records.
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let r = match cli.what {
        What::Jobs(a) => bole_corpus::write_jsonl(bole_corpus::jobs(a.seed, a.n), out),
        What::Candidates(a) => bole_corpus::write_jsonl(bole_corpus::candidates(a.seed, a.n), out),
    };
    match r {
        Ok(_) => ExitCode::SUCCESS,
        // `bole-gen … | head` closes the pipe early; that is not a failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bole-gen: {e}");
            ExitCode::FAILURE
        }
    }
}
