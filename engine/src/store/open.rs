//! Opening `records.redb`: refusals that say what to do, and the disk-full fault used by tests.

use std::fs::OpenOptions;
use std::io;
use std::path::{Path, PathBuf};

use redb::backends::FileBackend;
use redb::{Database, StorageBackend};

use super::{st, CANDIDATES, CHANGES, EVENTS, JOBS, META};
use crate::error::{Error, Result};

/// Test hook: while the file this variable names exists, every write to `records.redb` fails as
/// a full disk does (ENOSPC). It lets the integration tests drive a real disk-full episode
/// through `bole serve` without a small filesystem (mounting one needs privileges CI lacks). It
/// can only make writes fail, never change what is stored.
pub const FAULT_DISK_FULL_ENV: &str = "BOLE_TEST_DISK_FULL_WHILE";

/// An error from the filesystem, said in words an operator acts on.
pub(super) fn explain_io(path: &Path, e: io::Error) -> Error {
    let message = match e.kind() {
        io::ErrorKind::StorageFull => format!(
            "{}: the disk is full (no space left on device); free space on it and start again",
            path.display()
        ),
        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied => format!(
            "{}: cannot write there ({e}); bole needs write access to its data directory",
            path.display()
        ),
        _ => format!("{}: {e}", path.display()),
    };
    Error::Store {
        message,
        source: Some(Box::new(e)),
    }
}

/// Open (or create) the database at `path` with its tables. Damage is a refusal that names the
/// file and what to do, never a panic; a full disk says so.
pub(super) fn database(path: &Path) -> Result<Database> {
    let damaged = |why: String, source: Option<crate::error::Source>| Error::Store {
        message: format!(
            "{} cannot be opened: {why}. It is the only copy of the records (the indexes \
             under index/ are derived from it): restore it from a backup, or move it away \
             to start with an empty store",
            path.display()
        ),
        source,
    };
    // redb reports most damage as an error, but some (a file cut short) as a panic: both are a
    // clear refusal here, never a crash.
    let opened = std::panic::catch_unwind(|| -> Result<Database> {
        let db = open_file(path)?;
        // Make sure the tables exist so readers never fail on a fresh store.
        let w = db.begin_write().map_err(st)?;
        w.open_table(JOBS).map_err(st)?;
        w.open_table(CANDIDATES).map_err(st)?;
        w.open_table(META).map_err(st)?;
        w.open_table(CHANGES).map_err(st)?;
        w.open_table(EVENTS).map_err(st)?;
        w.commit().map_err(st)?;
        Ok(db)
    });
    match opened {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(e)) => match e.io_kind() {
            Some(_) => Err(match e {
                Error::Store {
                    source: Some(s), ..
                } => match s.downcast::<io::Error>() {
                    Ok(io) => explain_io(path, *io),
                    Err(s) => damaged(s.to_string(), Some(s)),
                },
                other => other,
            }),
            None => match e {
                Error::Store { message, source } if !message.contains("already open") => {
                    Err(damaged(message, source))
                }
                Error::Store { .. } => Err(Error::store(format!(
                    "{} is already open in another process (is `bole serve` running on this \
                     data directory?)",
                    path.display()
                ))),
                other => Err(other),
            },
        },
        Err(p) => {
            let why = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "the database reader panicked".into());
            Err(damaged(why, None))
        }
    }
}

fn open_file(path: &Path) -> Result<Database> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| explain_io(path, e))?;
    let backend = FileBackend::new(file).map_err(st)?;
    let builder = Database::builder();
    match std::env::var_os(FAULT_DISK_FULL_ENV) {
        Some(flag) => builder.create_with_backend(FaultBackend {
            inner: backend,
            flag: PathBuf::from(flag),
        }),
        None => builder.create_with_backend(backend),
    }
    .map_err(st)
}

/// A file backend whose writes fail with ENOSPC while the flag file exists (see
/// [`FAULT_DISK_FULL_ENV`]).
#[derive(Debug)]
struct FaultBackend {
    inner: FileBackend,
    flag: PathBuf,
}

impl FaultBackend {
    fn check(&self) -> io::Result<()> {
        if self.flag.exists() {
            // ENOSPC on Linux and the BSDs alike.
            Err(io::Error::from_raw_os_error(28))
        } else {
            Ok(())
        }
    }
}

impl StorageBackend for FaultBackend {
    fn len(&self) -> io::Result<u64> {
        self.inner.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        self.inner.read(offset, out)
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        if len > self.inner.len()? {
            self.check()?;
        }
        self.inner.set_len(len)
    }
    fn sync_data(&self) -> io::Result<()> {
        self.check()?;
        self.inner.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        self.check()?;
        self.inner.write(offset, data)
    }
    fn close(&self) -> io::Result<()> {
        self.inner.close()
    }
}
